import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const projectRoot = join(import.meta.dirname, '..', '..');

/** The second agency's pack (test/fixtures/packs/harbor): a pack the code was not written for. */
export const harborPackDir = join(projectRoot, 'test', 'fixtures', 'packs', 'harbor');

/** A fresh forms directory: the shipped packs plus Harbor Tenant Aid, for a stack or a catalog to load. */
export function formsDirWithHarbor(): string {
  const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-harbor-'));
  cpSync(join(projectRoot, 'form-schemas'), formsDir, { recursive: true });
  cpSync(harborPackDir, join(formsDir, 'harbor'), { recursive: true });
  return formsDir;
}
