// `npm run api-key -- <agencyId> <keyId> [label]` prints a new API key for one of an agency's own integrations, and the
// line to add to its agency.json `intake.apiKeys`. Only the hash goes into the pack: give the key to the integration
// now, it is not kept anywhere and cannot be shown again.
import { isPlainId } from '../functions/contracts/ids.ts';
import { intakeCredentialHeaders } from '../functions/contracts/intake-credentials.ts';
import { apiKeyHash, newApiKey } from '../functions/domain/intake-access/api-keys.ts';

const [agencyId, id, label] = process.argv.slice(2);
if (!isPlainId(agencyId) || !isPlainId(id)) {
  console.error('usage: npm run api-key -- <agencyId> <keyId> [label]   (ids: a-z, 0-9, -)');
  process.exit(2);
}
const key = newApiKey();
const entry = { id, sha256: apiKeyHash(key), ...(label ? { label } : {}) };
console.log(`API key for ${agencyId}/${id} (send it as the ${intakeCredentialHeaders.apiKey} header; shown once, kept nowhere):`);
console.log(`  ${key}`);
console.log(`Add to form-schemas/${agencyId}/agency.json under "intake": { "jsonApi": "token", "apiKeys": [ … ] }:`);
console.log(`  ${JSON.stringify(entry)}`);
