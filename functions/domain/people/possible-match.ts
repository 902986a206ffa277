import { createHash } from 'node:crypto';
import type { ClientIdentity } from '../forms/identity.ts';

/** A case and who it is about, as matching needs it. */
export interface MatchCandidate {
  readonly agencyId: string;
  readonly caseId: string;
  readonly identity?: ClientIdentity;
}

/** Why two cases may be about one person: shown to staff, who decide (matches are never linked automatically). */
export type MatchReason = 'date-of-birth-and-name' | 'email' | 'phone';

/** Lower-case, accents and punctuation dropped, spaces collapsed: "José  Peña-Ruiz" and "jose pena ruiz" agree. */
export function normalizedName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** An email address as a key: trimmed and lower-cased. */
export function emailKey(email: string): string | undefined {
  const key = email.trim().toLowerCase();
  return key.includes('@') ? key : undefined;
}

/** A phone number as a key: its last 9 digits, so "+1 (514) 555-0100" and "514 555 0100" agree; too short is none. */
export function phoneKey(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-9) : undefined;
}

/**
 * The exact keys under which a case is filed for matching: its date of birth, email and phone, each hashed with the
 * agency id so the table holds no contact detail in a key and one agency's keys never meet another's.
 */
export function matchKeys(agencyId: string, identity: ClientIdentity | undefined): readonly string[] {
  if (!identity) return [];
  const facts: Array<[string, string | undefined]> = [
    ['dob', identity.dateOfBirth?.trim() || undefined],
    ['email', identity.email ? emailKey(identity.email) : undefined],
    ['phone', identity.phone ? phoneKey(identity.phone) : undefined],
  ];
  return facts
    .filter((fact): fact is [string, string] => fact[1] !== undefined)
    .map(([kind, value]) => `${kind}#${createHash('sha256').update(`${agencyId}\n${kind}\n${value}`).digest('hex')}`);
}

/**
 * Why `other` may be the same person as `subject`, or undefined when it is not a possible match. Another agency's
 * case never matches. "Similar name" needs the same date of birth and either a shared family name (the last word of
 * the name) or whole names at most two edits apart, after normalizing accents and case.
 */
export function possibleMatch(subject: MatchCandidate, other: MatchCandidate): MatchReason | undefined {
  if (subject.agencyId !== other.agencyId || subject.caseId === other.caseId) return undefined;
  const a = subject.identity;
  const b = other.identity;
  if (!a || !b) return undefined;
  if (a.dateOfBirth && a.dateOfBirth.trim() === b.dateOfBirth?.trim() && similarNames(nameOf(a), nameOf(b))) return 'date-of-birth-and-name';
  const email = a.email && emailKey(a.email);
  if (email && b.email && email === emailKey(b.email)) return 'email';
  const phone = a.phone && phoneKey(a.phone);
  if (phone && b.phone && phone === phoneKey(b.phone)) return 'phone';
  return undefined;
}

function nameOf(identity: ClientIdentity): { readonly whole: string; readonly family: string } | undefined {
  const whole = normalizedName(identity.name ?? [identity.givenName, identity.familyName].filter(Boolean).join(' '));
  if (!whole) return undefined;
  const family = identity.familyName ? normalizedName(identity.familyName) : whole.split(' ').at(-1)!;
  return { whole, family };
}

function similarNames(a: ReturnType<typeof nameOf>, b: ReturnType<typeof nameOf>): boolean {
  if (!a || !b) return false;
  return (a.family !== '' && a.family === b.family) || editDistance(a.whole, b.whole) <= 2;
}

/** Levenshtein distance: insertions, deletions and substitutions each count one. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
