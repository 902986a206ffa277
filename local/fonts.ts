import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

/** npm packages whose TTF files are the only fonts Chromium may use: the same set ships with the document worker. */
export const FONT_PACKAGES = ['@expo-google-fonts/noto-sans'] as const;

/**
 * Writes a fontconfig file that reads only the fonts shipped with the project, so a document renders the same on
 * every machine and a test cannot pass by leaning on a font the machine happens to have. Returns its path.
 */
export function writeFontConfig(workDir: string): string {
  const require = createRequire(import.meta.url);
  const dirs = FONT_PACKAGES.map((name) => dirname(require.resolve(`${name}/package.json`)));
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'fonts.conf');
  writeFileSync(file, `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
${dirs.map((dir) => `  <dir>${dir}</dir>`).join('\n')}
  <cachedir>${join(workDir, 'fontconfig-cache')}</cachedir>
</fontconfig>
`);
  return file;
}
