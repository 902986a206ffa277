import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PAGE_TOKEN_LIFETIME_SECONDS } from '../../contracts/intake-credentials.ts';

/** The form a page token was issued for: it is accepted for that form only. */
export interface TokenScope {
  readonly agencyId: string;
  readonly formId: string;
}

export type PageTokenCheck = 'valid' | 'expired' | 'invalid';

/** Shorter keys are refused: a key a person typed or a test left short is guessable offline from one token. */
const MIN_KEY_LENGTH = 32;
const TOKEN = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** Whether `key` is long enough to sign with; a shorter one is treated as no key at all. */
export const isUsableTokenKey = (key: string | undefined): key is string => key !== undefined && key.length >= MIN_KEY_LENGTH;

// The scope and expiry are inside the MAC, so a token for another form, agency or time cannot be made from this one.
// Ids are plain slugs (no `|`), so the fields cannot run into each other.
const mac = (key: string, scope: TokenScope, expires: string, nonce: string): Buffer =>
  createHmac('sha256', key).update(`caseforms page token v1|${scope.agencyId}|${scope.formId}|${expires}|${nonce}`).digest();

/**
 * A page token for one form, valid for PAGE_TOKEN_LIFETIME_SECONDS from `now`: `v1.<expiry, epoch seconds>.<nonce>.<HMAC-SHA256>`.
 * Nothing is stored: the token carries its own expiry and proves it with the MAC.
 */
export function signPageToken(key: string, scope: TokenScope, now: Date): string {
  const expires = String(Math.floor(now.getTime() / 1000) + PAGE_TOKEN_LIFETIME_SECONDS);
  const nonce = randomBytes(16).toString('base64url');
  return `v1.${expires}.${nonce}.${mac(key, scope, expires, nonce).toString('base64url')}`;
}

/**
 * Whether `token` was signed with `key` for this form and has not expired. The MAC is checked first and in constant
 * time, so "expired" is only ever said of a token this service issued.
 */
export function verifyPageToken(key: string, token: string, scope: TokenScope, now: Date): PageTokenCheck {
  const parts = TOKEN.exec(token);
  if (!parts) return 'invalid';
  const [, expires, nonce, presented] = parts as unknown as [string, string, string, string];
  if (!timingSafeEqual(Buffer.from(presented, 'base64url'), mac(key, scope, expires, nonce))) return 'invalid';
  return Number(expires) * 1000 > now.getTime() ? 'valid' : 'expired';
}
