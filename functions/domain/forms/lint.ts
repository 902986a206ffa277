import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lintPack } from './lint-pack.ts';
import { withPositions } from './lint-positions.ts';
import { parseJsonObject, problemList, type LintProblem } from './lint-problem.ts';
import { isPackPath, readPackDir } from './pack-files.ts';

export { formatProblem, refusesPack, type LintProblem } from './lint-problem.ts';

/**
 * `npm run lint:forms`: every pack in `formsDir` (one folder per agency) through lintPack, each problem's file
 * named from the repository's root (`form-schemas/demo/forms/intake.json`) as the command has always printed it.
 */
export function lintForms(formsDir: string, templatesDir: string): LintProblem[] {
  const { problems, report } = problemList();
  const schemaFile = 'agency.schema.json';
  const schemaText = existsSync(join(formsDir, schemaFile)) ? readFileSync(join(formsDir, schemaFile), 'utf8') : undefined;
  const agencySchema = schemaText === undefined ? report(schemaFile, '', 'missing agency.schema.json') : parseJsonObject(schemaFile, schemaText, report);
  const prefix = basename(formsDir);
  const found = withPositions(problems, (file) => (file === schemaFile ? schemaText : undefined)).map((problem) => ({ ...problem, file: `${prefix}/${problem.file}` }));
  const printed = new Set<string>();
  for (const entry of readdirSync(formsDir, { withFileTypes: true }).filter((candidate) => candidate.isDirectory())) {
    for (const problem of lintPack(entry.name, readPackDir(join(formsDir, entry.name)), { templatesDir, agencySchema: agencySchema ?? {} })) {
      // Files of the pack are named from the repository's root; the templates (shared by every pack) are named
      // already, and a problem in templates/default/ is printed once, not once per pack.
      const inPack = isPackPath(problem.file) || problem.file === 'forms';
      const named = inPack ? { ...problem, file: `${prefix}/${entry.name}/${problem.file}` } : problem;
      const key = `${named.file}:${named.line}:${named.column} ${named.message}`;
      if (!inPack && printed.has(key)) continue;
      printed.add(key);
      found.push(named);
    }
  }
  return found;
}
