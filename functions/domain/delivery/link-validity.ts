import { isFinal, type CaseState } from '../forms/case-states.ts';
import type { SecureLink } from './secure-link.ts';

/** What an opening needs to know of the case now, to tell whether the link it was sent still stands. */
export interface LinkCaseFacts {
  readonly state: CaseState;
  readonly caseManager?: string;
  readonly consentedProviders?: readonly string[];
  /** When the case reached its final state (case-record.ts). */
  readonly endedAt?: string;
}

/** Why a link no longer opens: the audit record's `reason`, and the page's wording. */
export type LinkRefusal = 'expired' | 'case-ended' | 'consent-withdrawn' | 'case-reassigned';

/**
 * Whether a secure link still opens, decided at each opening from the case as it is now, so taking a link back needs
 * no sweep and is immediate:
 * - it lived past its lifetime (the agency's `delivery.linkValidHours`, at creation);
 * - the case ended (closed or terminated: a final state) after the link was made, whoever it went to. A link made
 *   once the case had ended (the discharge summary or completion notice the closing form itself produced) opens for
 *   its lifetime: it is the last word on the case, not an old one. A case without `endedAt` refuses them all;
 * - it went to a provider the client no longer consents to release information to (the latest consent form);
 * - it went to the case manager and the case has another case manager now. A link from before case managers
 *   were recorded on links (no `caseManager`) is judged by the other rules only.
 */
export function linkStillValid(link: SecureLink, facts: LinkCaseFacts, now: Date): { readonly valid: true } | { readonly valid: false; readonly reason: LinkRefusal } {
  if (Date.parse(link.validUntil) <= now.getTime()) return { valid: false, reason: 'expired' };
  if (isFinal(facts.state) && (facts.endedAt === undefined || Date.parse(link.createdAt) < Date.parse(facts.endedAt))) {
    return { valid: false, reason: 'case-ended' };
  }
  const provider = /^provider-(.+)$/.exec(link.recipient)?.[1];
  if (provider !== undefined && !(facts.consentedProviders ?? []).includes(provider)) return { valid: false, reason: 'consent-withdrawn' };
  if (link.recipient === 'case-manager' && link.caseManager !== undefined && link.caseManager !== facts.caseManager) {
    return { valid: false, reason: 'case-reassigned' };
  }
  return { valid: true };
}
