import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** poppler-utils on a PDF buffer: what a reader's tools see, not what the renderer meant. */
function withFile<T>(pdf: Buffer, use: (path: string) => T): T {
  const path = join(mkdtempSync(join(tmpdir(), 'caseforms-pdf-')), 'document.pdf');
  writeFileSync(path, pdf);
  return use(path);
}

export const pdftotext = (pdf: Buffer, options: readonly string[] = []): string => withFile(pdf, (path) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...options, path, '-'], { encoding: 'utf8' }));
export const pdffonts = (pdf: Buffer): string => withFile(pdf, (path) => execFileSync('pdffonts', [path], { encoding: 'utf8' }));
export const pdfinfo = (pdf: Buffer): string => withFile(pdf, (path) => execFileSync('pdfinfo', [path], { encoding: 'utf8' }));

/** `pdfsig`: poppler's verdict on a PDF's digital signatures, whatever its exit status (it is non-zero for a bad one). */
export const pdfsig = (pdf: Buffer): string => withFile(pdf, (path) => {
  const result = spawnSync('pdfsig', [path], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
});
