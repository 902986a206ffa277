import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';

type Node = { type: string; [key: string]: unknown };

/** A problem in a template, with its place: the templates are files, not part of the pack. */
export interface TemplateProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/**
 * What a template may insert unescaped (`{{{…}}}`, `{{& …}}`): data the service or the agency's own agency.json
 * writes, never words a client or a staff member typed. Answers (`answers`, `fields`, their `label`/`value` inside
 * `{{#each}}`), the client's name, scores, notes and everything else a document view carries are escaped, so no
 * answer can put markup or script into a PDF or an email. No shipped template needs a triple-stash: the one piece of
 * markup a view builds (the review summary's trend `chart`) is a Handlebars SafeString, which `{{chart}}` inserts as
 * it is; `{{{chart}}}` would do the same and is refused only because it is not on this list.
 */
const TRUSTED_PATHS: ReadonlySet<string> = new Set(['lang', 'dir', 'agencyLang', 'brandColor', 'caseId', 'submissionId', 'formVersion', '@index', '@first', '@last']);
const TRUSTED_ROOTS: readonly string[] = ['agency.', 'strings.'];

const trusted = (path: string): boolean => TRUSTED_PATHS.has(path) || TRUSTED_ROOTS.some((root) => path.startsWith(root));

/** Every unescaped insertion of a template that reads something not trusted, at its line and column. */
export function unescapedInsertions(text: string): Array<{ readonly line: number; readonly column: number; readonly message: string }> {
  const found: Array<{ line: number; column: number; message: string }> = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const current = node as Node;
    if (current.type === 'MustacheStatement' && current.escaped === false) {
      const untrusted = readPaths(current).filter((path) => !trusted(path));
      if (untrusted.length > 0) {
        const start = (current.loc as { start: { line: number; column: number } }).start;
        found.push({
          line: start.line, column: start.column + 1,
          message: `inserts ${untrusted.map((path) => `"${path}"`).join(', ')} without escaping ({{{…}}} or {{& …}}): an answer could put markup or script into the document; write {{…}} so it is escaped`,
        });
      }
    }
    for (const [key, child] of Object.entries(current)) if (key !== 'loc') visit(child);
  };
  visit(Handlebars.parse(text));
  return found;
}

/** The data paths a mustache reads: its own path when it is not a helper call, and every argument, nested. */
function readPaths(node: Node): string[] {
  const params = (node.params as Node[] | undefined) ?? [];
  const pairs = ((node.hash as { pairs?: Array<{ value: Node }> } | undefined)?.pairs ?? []).map((pair) => pair.value);
  const own = params.length === 0 && pairs.length === 0 && (node.path as Node | undefined)?.type === 'PathExpression' ? [String((node.path as Node).original)] : [];
  return [...own, ...[...params, ...pairs].flatMap((argument) => {
    if (argument.type === 'PathExpression') return [String(argument.original)];
    if (argument.type === 'SubExpression') return readPaths(argument);
    return [];
  })];
}

/**
 * The problems of the templates a pack's documents can use: `templates/<agencyId>/` and `templates/default/`,
 * partials included, each file named from the templates folder's parent (`templates/default/care-plan.hbs`).
 */
export function templateProblems(templatesDir: string, agencyId: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const folder of [agencyId, 'default']) {
    for (const path of hbsFiles(join(templatesDir, folder))) {
      const file = relative(join(templatesDir, '..'), path);
      try {
        for (const found of unescapedInsertions(readFileSync(path, 'utf8'))) problems.push({ file, pointer: '', ...found });
      } catch (error) {
        const line = Number(/line (\d+)/.exec((error as Error).message)?.[1] ?? 1);
        problems.push({ file, pointer: '', line, column: 1, message: `does not parse: ${(error as Error).message.split('\n')[0]}` });
      }
    }
  }
  return problems;
}

function hbsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return hbsFiles(path);
    return entry.name.endsWith('.hbs') ? [path] : [];
  });
}
