import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** One of an agency's API keys as its pack holds it: never the key, only its SHA-256 (agency.json `intake.apiKeys`). */
export interface StoredApiKey {
  readonly id: string;
  /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
  readonly sha256: string;
  readonly label?: string;
}

export const apiKeyHash = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A new key: 256 random bits, with a prefix that says what it is to someone who finds it in a file. */
export const newApiKey = (): string => `cfk_${randomBytes(32).toString('base64url')}`;

/**
 * The id of the stored key `presented` is, or undefined. Every stored hash is compared, in constant time, whatever the
 * earlier comparisons found, so the answer's timing says nothing about which key (or how much of one) matched.
 */
export function matchApiKey(presented: string, keys: readonly StoredApiKey[]): string | undefined {
  const candidate = Buffer.from(apiKeyHash(presented), 'hex');
  let matched: string | undefined;
  for (const key of keys) {
    const stored = Buffer.from(key.sha256, 'hex');
    if (stored.length === candidate.length && timingSafeEqual(candidate, stored)) matched ??= key.id;
  }
  return matched;
}

/** Ids used by more than one key: a pack may not have them, since logs and metrics name a key by its id. */
export function repeatedKeyIds(keys: readonly StoredApiKey[]): string[] {
  const ids = keys.map((key) => key.id);
  return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
}

export const repeatedKeysMessage = (ids: readonly string[]): string => `the id ${ids.join(', ')} is used by more than one key (logs name a key by its id)`;
