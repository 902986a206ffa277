import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Agency } from '../forms/agency.ts';
import type { RecipientKind } from './routing.ts';

/**
 * The one-time code a secure link may ask for before it opens: a link that reached the wrong inbox, or was forwarded,
 * still needs the inbox it was sent to. The rules, kept apart from storage and pages so they can be tested alone.
 */

/** Who must confirm a code (agency.json `delivery.linkCode`): `external` = everyone but agency staff (providers, the client). */
export type LinkCodePolicy = 'external' | 'everyone' | 'off';

/** On unless the agency turns it off: a provider's or client's mailbox is outside the agency's control. */
export const DEFAULT_LINK_CODE_POLICY: LinkCodePolicy = 'external';

export const LINK_CODE_DIGITS = 6;
/** How long a code opens the link once sent. */
export const LINK_CODE_VALID_MINUTES = 10;
/** Tries per code, the right one included; then the code is burned and only a new one helps. */
export const LINK_CODE_MAX_ATTEMPTS = 5;
/** The shortest wait between two codes for one link. */
export const LINK_CODE_RESEND_SECONDS = 60;
/** Codes one link may send in an hour: with the attempts, at most 25 guesses an hour at a million codes. */
export const LINK_CODES_PER_HOUR = 5;
/** How long a browser that confirmed the code may open the link again without one (never past the link's own end). */
export const LINK_PASS_MINUTES = 30;

export function linkCodePolicy(agency: Pick<Agency, 'delivery'>): LinkCodePolicy {
  return agency.delivery?.linkCode ?? DEFAULT_LINK_CODE_POLICY;
}

/** Whether a link to a recipient of this kind asks for a code, decided when the link is made. */
export function needsLinkCode(policy: LinkCodePolicy, kind: RecipientKind): boolean {
  return policy === 'everyone' || (policy === 'external' && kind !== 'staff');
}

export function newLinkCode(): string {
  return String(randomInt(0, 10 ** LINK_CODE_DIGITS)).padStart(LINK_CODE_DIGITS, '0');
}

/**
 * A code's stored form: its SHA-256 with the link's token, which only the link's holder has (the table keeps the
 * token's hash), so a copy of the table cannot try the million codes, and a code fits only its own link.
 */
export function linkCodeHash(token: string, code: string): string {
  return createHash('sha256').update(`${token}\n${code}`).digest('hex');
}

/** What a person typed, as a code: digits only, spaces and dashes dropped; undefined when it cannot be one. */
export function typedCode(value: string | null | undefined): string | undefined {
  const digits = (value ?? '').replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${LINK_CODE_DIGITS}}$`).test(digits) ? digits : undefined;
}

/** The code record of a link: the code's hash, when it stops working, the tries so far and the recent sends. */
export interface LinkCodeRecord {
  readonly codeHash: string;
  readonly sentAt: string;
  readonly validUntil: string;
  readonly attempts: number;
  /** When codes were sent in the last hour, oldest first: the resend limit's count. */
  readonly sends: readonly string[];
}

/** A new code record, or how long to wait before one may be sent. */
export function nextCode(previous: LinkCodeRecord | undefined, token: string, code: string, now: Date): { readonly record: LinkCodeRecord } | { readonly retryAfterSeconds: number } {
  const hourAgo = now.getTime() - 3_600_000;
  const recent = (previous?.sends ?? []).filter((at) => Date.parse(at) > hourAgo);
  const last = recent.at(-1);
  if (last !== undefined) {
    const wait = Date.parse(last) + LINK_CODE_RESEND_SECONDS * 1000 - now.getTime();
    if (wait > 0) return { retryAfterSeconds: Math.ceil(wait / 1000) };
  }
  if (recent.length >= LINK_CODES_PER_HOUR) return { retryAfterSeconds: Math.ceil((Date.parse(recent[0]!) + 3_600_000 - now.getTime()) / 1000) };
  return {
    record: {
      codeHash: linkCodeHash(token, code), sentAt: now.toISOString(), validUntil: new Date(now.getTime() + LINK_CODE_VALID_MINUTES * 60_000).toISOString(),
      attempts: 0, sends: [...recent, now.toISOString()],
    },
  };
}

/** Why a code did not open the link: the audit record's `reason`, and the page's wording. */
export type LinkCodeRefusal = 'wrong-code' | 'burned' | 'expired' | 'no-code' | 'not-a-code' | 'resend-too-soon';

export type CodeVerdict = { readonly accepted: true } | { readonly accepted: false; readonly reason: LinkCodeRefusal; readonly attemptsLeft: number };

/**
 * Judges a try (a well-formed code: `typedCode`; anything else is refused as `not-a-code` without counting) against the code record as it stands once this try was counted (`attempts` includes it), or
 * undefined when there is no code, or when the try could not be counted because the tries were used up.
 */
export function judgeCode(counted: LinkCodeRecord | 'used-up' | undefined, token: string, code: string, now: Date): CodeVerdict {
  if (counted === undefined) return { accepted: false, reason: 'no-code', attemptsLeft: 0 };
  if (counted === 'used-up') return { accepted: false, reason: 'burned', attemptsLeft: 0 };
  if (Date.parse(counted.validUntil) <= now.getTime()) return { accepted: false, reason: 'expired', attemptsLeft: 0 };
  const attemptsLeft = Math.max(0, LINK_CODE_MAX_ATTEMPTS - counted.attempts);
  const typed = Buffer.from(linkCodeHash(token, code), 'hex');
  if (timingSafeEqual(typed, Buffer.from(counted.codeHash, 'hex'))) return { accepted: true };
  return { accepted: false, reason: attemptsLeft === 0 ? 'burned' : 'wrong-code', attemptsLeft };
}

/** What the browser that confirmed the code keeps (in a cookie): 256 random bits, stored only as a hash. */
export function newLinkPass(): string {
  return randomBytes(32).toString('base64url');
}

export function linkPassHash(pass: string): string {
  return createHash('sha256').update(pass).digest('hex');
}

/** Until when a confirmed browser may reopen the link: a short while, and never past the link's own end. */
export function passValidUntil(linkValidUntil: string, now: Date): string {
  return new Date(Math.min(now.getTime() + LINK_PASS_MINUTES * 60_000, Date.parse(linkValidUntil))).toISOString();
}
