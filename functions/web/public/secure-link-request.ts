import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuditRecord } from '../../domain/cases/case-record.ts';
import { linkStillValid, type LinkCaseFacts } from '../../domain/delivery/link-validity.ts';
import { isLinkToken, linkTokenHash, type SecureLink } from '../../domain/delivery/secure-link.ts';
import type { Agency } from '../../domain/forms/agency.ts';
import { htmlResponse } from '../http/page-responses.ts';
import { Problem } from '../http/problem.ts';
import { phrase, wordPhrase } from '../http/problem-phrases/index.ts';
import type { LocaleEvent } from '../http/request-locale.ts';
import type { HttpResponse } from '../http/responses.ts';
import { linkRefusedPageHtml } from '../public-pages/link-refused-page.ts';
import { openerOf } from './opener.ts';

/** What every request to a secure link reads: the link, the case as it is now, and the audit trail to write to. */
export interface SecureLinkPorts {
  findLink(agencyId: string, tokenHash: string): Promise<SecureLink | undefined>;
  getCase(agencyId: string, caseId: string): Promise<LinkCaseFacts | undefined>;
  recordAccess(audit: AuditRecord): Promise<void>;
}

/** A link that still stands, and the audit record of this request, but for its action. */
export interface StandingLink {
  readonly agency: Agency;
  readonly token: string;
  readonly tokenHash: string;
  readonly link: SecureLink;
  readonly audit: Omit<AuditRecord, 'action'>;
}

const REFUSAL_PHRASES = { 'case-ended': 'linkCaseEnded', 'consent-withdrawn': 'linkConsentWithdrawn', 'case-reassigned': 'linkReassigned' } as const;

/**
 * The secure link a request names (GET to open it, POSTs to send and check its code), if it still stands: unknown
 * tokens are 404, a link past its lifetime 410 (a signing link's with a page, in its mail's language), and a link taken back (link-validity.ts) a 410 page saying why in the
 * opener's language; each refusal is audited as `open-link-refused` with where it came from. Decided from the case as
 * it is now, so no code is sent, or accepted, for a link that no longer opens.
 */
export async function standingLink(
  event: APIGatewayProxyEventV2, agency: Agency | undefined, ports: SecureLinkPorts, now: Date,
): Promise<StandingLink | HttpResponse> {
  const { token } = event.pathParameters ?? {};
  const unknown = new Problem('notFound', phrase('linkUnknown'));
  if (!agency || !isLinkToken(token)) throw unknown;
  const tokenHash = linkTokenHash(token);
  const link = await ports.findLink(agency.id, tokenHash);
  if (!link) throw unknown;
  // A purged case leaves its links until their TTL: they lead nowhere.
  const theCase = await ports.getCase(agency.id, link.caseId);
  if (!theCase) throw unknown;
  const audit = {
    agencyId: agency.id, caseId: link.caseId, actor: `link:${link.recipient}`, roles: [], target: link.documentId,
    at: now.toISOString(), requestId: event.requestContext.requestId, ...openerOf(event),
  };
  const verdict = linkStillValid(link, theCase, now);
  if (verdict.valid) return { agency, token, tokenHash, link, audit };
  await ports.recordAccess({ ...audit, action: 'open-link-refused', reason: verdict.reason });
  // A client's signing link answers with a page in the language of its mail, whatever went wrong; others as ever.
  const signing = link.purpose === 'sign';
  if (verdict.reason === 'expired' && !signing) throw new Problem('gone', phrase('linkExpired'));
  const locale = signing && link.codeLocale !== undefined && agency.locales.includes(link.codeLocale) ? link.codeLocale : (event as LocaleEvent).locale;
  const message = verdict.reason === 'expired' ? phrase('linkExpired') : phrase(REFUSAL_PHRASES[verdict.reason]);
  return htmlResponse(410, linkRefusedPageHtml({
    locale, title: wordPhrase(signing ? phrase('signRefusedTitle') : phrase('linkWithdrawnTitle'), locale), message: wordPhrase(message, locale),
    agencyName: agency.name, agencyPhone: agency.contact.phone,
  }), { 'Content-Language': locale, 'Referrer-Policy': 'no-referrer' });
}
