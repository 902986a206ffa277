import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/stack.ts';

// The README, the docs/ pages and the folder READMEs link to each other and to the code; a page moved or a heading
// renamed must not leave a link pointing nowhere.
const pages = [
  'README.md',
  ...readdirSync(join(projectRoot, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`),
  'form-schemas/README.md', 'functions/README.md', 'infra/README.md', 'local/README.md', 'test/README.md',
  'test/fixtures/packs/README.md',
];

/** Markdown outside fenced code blocks, where a `](…)` is a link. */
const prose = (text: string): string => text.replace(/^```[\s\S]*?^```/gm, '');

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** Every relative link of a page that points nowhere, as `page: target`. */
function brokenLinks(page: string): string[] {
  const file = join(projectRoot, page);
  const text = readFileSync(file, 'utf8');
  const broken: string[] = [];
  for (const [, target] of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target!)) continue; // https:, mailto:
    const [path, anchor] = target!.split('#', 2) as [string, string | undefined];
    const linked = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    if (!linked.startsWith(projectRoot) || !existsSync(linked)) {
      broken.push(`${page}: ${target} (no ${relative(projectRoot, linked)})`);
    } else if (anchor !== undefined && linked.endsWith('.md') && statSync(linked).isFile()) {
      if (!anchorsOf(readFileSync(linked, 'utf8')).has(anchor)) broken.push(`${page}: ${target} (no heading #${anchor})`);
    }
  }
  return broken;
}

describe('documentation links', () => {
  it.each(pages)('%s links only to files and headings that exist', (page) => {
    expect(existsSync(join(projectRoot, page)), page).toBe(true);
    expect(brokenLinks(page)).toEqual([]);
  });

  it('the README links to every docs page', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const unlinked = pages.filter((page) => page.startsWith('docs/') && !readme.includes(`](${page})`));
    expect(unlinked).toEqual([]);
  });

  it('finds a broken link and a missing heading', () => {
    expect(anchorsOf('# A title\n## `GET /x/{y}`\n## Consent and the client\'s preferences\n## A title\n'))
      .toEqual(new Set(['a-title', 'get-xy', 'consent-and-the-clients-preferences', 'a-title-1']));
    expect(prose('a [x](y.md)\n```\n[z](nowhere.md)\n```\n')).not.toContain('nowhere');
  });
});
