import { createHash } from 'node:crypto';

/**
 * The agency's colour on its pages: one tiny style block setting `--brand`, which the pages' fixed style sheets
 * (page-style.ts, staff-style.ts) use with their own colour as fallback. The sheets, and so their CSP hashes, stay
 * the same for every agency; only this block differs, and the policy allows each agency's block by its hash.
 * `color` is always #rrggbb (forms/brand.ts), so nothing else can reach the block.
 */
export function brandStyle(color: string): string {
  return `:root{--brand:${color}}`;
}

export const styleHash = (css: string): string => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

/** The CSP sources allowing the brand blocks of these colours, each once. */
export function brandStyleSources(colors: Iterable<string>): string {
  return [...new Set(colors)].map((color) => styleHash(brandStyle(color))).join(' ');
}
