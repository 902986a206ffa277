import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/stack.ts';
import { pdfinfo, pdftotext } from '../support/pdf-tools.ts';

describe('npm run preview', () => {
  it('writes the PDF and a PNG of page 1 from the pack\'s examples, in the locale asked for', () => {
    const output = execFileSync(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/preview.ts', 'demo', 'termination-notice'], {
      cwd: projectRoot, encoding: 'utf8', env: { ...process.env, PREVIEW_LOCALE: 'es' },
    });
    const [pdfPath, pngPath] = output.trim().split('\n').slice(-2);
    expect(pdfPath).toMatch(/demo-termination-notice\.pdf$/);
    const pdf = readFileSync(pdfPath!);
    expect(pdftotext(pdf)).toContain('Aviso de terminación de servicios');
    expect(pdfinfo(pdf)).toMatch(/Tagged:\s+yes/);
    expect(existsSync(pngPath!) && statSync(pngPath!).size).toBeGreaterThan(10_000);
    expect(readFileSync(pngPath!).subarray(1, 4).toString()).toBe('PNG');
  });

  it('says which forms produce a document when none does', () => {
    let status = 0;
    try {
      execFileSync(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/preview.ts', 'demo', 'welcome-letter'], { cwd: projectRoot, stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
