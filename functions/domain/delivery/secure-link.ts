import { createHash, randomBytes } from 'node:crypto';

/**
 * A secure link's token: 256 random bits, so it cannot be guessed. Only its SHA-256 is stored, so a copy of the
 * table does not hold working links.
 */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

export function linkTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens as newLinkToken makes them; anything else is refused before a lookup. */
export function isLinkToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function linkUrl(publicBaseUrl: string, agencyId: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/agencies/${agencyId}/links/${token}`;
}

export interface SecureLink {
  readonly agencyId: string;
  readonly caseId: string;
  readonly documentId: string;
  readonly recipient: string;
  readonly tokenHash: string;
  readonly createdAt: string;
  /** After this the link answers 410 Gone. */
  readonly validUntil: string;
  /** For a link to the case manager: who was case manager when it was made (a reassigned case takes it back). */
  readonly caseManager?: string;
  /**
   * Present when the link asks for a one-time code before it opens (link-code.ts): the address the link was sent to,
   * where the code goes, and the language of the code mail. Case data, on the link record only: never logged.
   */
  readonly codeTo?: string;
  readonly codeLocale?: string;
  /** `sign`: the link asks its client to sign the document (domain/signatures/client-signing.ts); else it opens the PDF. */
  readonly purpose?: 'sign';
  /** A signing link signs once: set in the signature's own transaction (SigningStore.saveSigning usedLinkTokenHash). */
  readonly usedAt?: string;
  /** What the client of a signing link chose on its consent page; a choice of paper is final for the link. */
  readonly signConsent?: SignConsent;
}

/**
 * The client's answer to the consent to sign electronically: `agree`, with the consent's words as shown (they go into
 * the signature's evidence), or `paper` (asked for a paper copy instead, or withdrew an agreement given before).
 */
export type SignConsent =
  | { readonly choice: 'agree'; readonly at: string; readonly consentText: string; readonly locale: string }
  | { readonly choice: 'paper'; readonly at: string };

/** How long a secure link works when the agency does not say (agency.json `delivery.linkValidHours`): 72 until issue 19. */
export const DEFAULT_LINK_VALID_HOURS = 24;

export function linkLifetimeHours(agency: { readonly delivery?: { readonly linkValidHours?: number } }): number {
  return agency.delivery?.linkValidHours ?? DEFAULT_LINK_VALID_HOURS;
}
