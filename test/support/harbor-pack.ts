import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intakeCredentialHeaders } from '../../functions/contracts/intake-credentials.ts';
const projectRoot = join(import.meta.dirname, '..', '..');

/** The second agency's pack (test/fixtures/packs/harbor): a pack the code was not written for. */
export const harborPackDir = join(projectRoot, 'test', 'fixtures', 'packs', 'harbor');

/**
 * Harbor asks its JSON API for a page token or an API key (agency.json `intake.jsonApi: "token"`); this is the key
 * whose hash its pack holds, as its own integration would send it. A test value, valid nowhere else.
 */
export const HARBOR_API_KEY = 'cfk_harbor-e2e-tests-only-0000000000000000000000000000';
export const harborApiKeyHeader: Readonly<Record<string, string>> = { [intakeCredentialHeaders.apiKey]: HARBOR_API_KEY };

/** A fresh forms directory: the shipped packs plus Harbor Tenant Aid, for a stack or a catalog to load. */
export function formsDirWithHarbor(): string {
  const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-harbor-'));
  cpSync(join(projectRoot, 'form-schemas'), formsDir, { recursive: true });
  cpSync(harborPackDir, join(formsDir, 'harbor'), { recursive: true });
  return formsDir;
}
