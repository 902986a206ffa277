import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shippedFontFiles } from '../functions/contracts/fonts.ts';

/**
 * Writes a fontconfig file that reads only the fonts shipped with the project, so a document renders the same on
 * every machine and a test cannot pass by leaning on a font the machine happens to have. Returns its path.
 * fontconfig takes directories, not files, and scans them recursively: listing each weight's own folder (one .ttf
 * beside a preview .png and a little JS, which fontconfig skips) keeps the other weights out and the scan short.
 */
export function writeFontConfig(workDir: string): string {
  const dirs = [...new Set(shippedFontFiles().map((file) => dirname(file)))];
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'fonts.conf');
  writeFileSync(file, `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
${dirs.map((dir) => `  <dir>${xml(dir)}</dir>`).join('\n')}
  <cachedir>${xml(join(workDir, 'fontconfig-cache'))}</cachedir>
</fontconfig>
`);
  return file;
}

const xml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
