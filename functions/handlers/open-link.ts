import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isLinkToken, linkTokenHash } from '../domain/delivery/secure-link.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { Problem } from '../web/http/problem.ts';
import { pdfResponse, type HttpResponse } from '../web/http/responses.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { DynamoLinkStore } from '../adapters/aws/link-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase, wordPhrase } from '../web/http/problem-phrases/index.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import type { LocaleEvent } from '../web/http/request-locale.ts';
import { openerOf } from '../web/public/opener.ts';
import { linkRefusedPageHtml } from '../web/public-pages/link-refused-page.ts';
import { linkStillValid } from '../domain/delivery/link-validity.ts';

/**
 * GET /agencies/{agencyId}/links/{token}: the document behind a secure link from an email. The token is the only
 * credential, so it is 256 random bits, stored as a hash, and expires after the agency's lifetime; it is taken back
 * when the case ends, the provider it went to loses the client's consent, or the case manager it went to is no longer
 * the case's (link-validity.ts), answering 410 with a plain page. Every opening, served or refused, is written to the
 * case's audit trail with where it came from, before the document is served. Served by the API rather than as a presigned S3 URL, which would die with
 * the signing Lambda role's temporary credentials whatever expiry it was given.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return { catalog, links: new DynamoLinkStore(config.tableName), caseStore: new DynamoCaseStore(config.tableName, blobs) };
  });
  const agencies = () => parts().catalog;
  return apiHandler<APIGatewayProxyEventV2>(async (event): Promise<HttpResponse> => {
    const { links, caseStore, catalog } = parts();
    const { agencyId = '', token } = event.pathParameters ?? {};
    const unknown = new Problem('notFound', phrase('linkUnknown'));
    const agency = catalog.agency(agencyId);
    if (!agency || !isLinkToken(token)) throw unknown;
    const link = await links.findLink(agencyId, linkTokenHash(token));
    if (!link) throw unknown;
    const now = new Date();
    // A purged case leaves its links until their TTL: they lead nowhere.
    const theCase = await caseStore.getCase(agencyId, link.caseId);
    if (!theCase) throw unknown;
    const opening = {
      agencyId, caseId: link.caseId, actor: `link:${link.recipient}`, roles: [], target: link.documentId,
      at: now.toISOString(), requestId: event.requestContext.requestId, ...openerOf(event),
    };
    // Decided from the case as it is now, so a link is taken back the moment the case ends or consent goes.
    const verdict = linkStillValid(link, theCase, now);
    if (!verdict.valid) {
      await caseStore.recordAccess({ ...opening, action: 'open-link-refused', reason: verdict.reason });
      if (verdict.reason === 'expired') throw new Problem('gone', phrase('linkExpired'));
      const locale = (event as LocaleEvent).locale;
      return htmlResponse(410, linkRefusedPageHtml({
        locale, title: wordPhrase(phrase('linkWithdrawnTitle'), locale), message: wordPhrase(phrase(REFUSAL_PHRASES[verdict.reason]), locale),
        agencyName: agency.name, agencyPhone: agency.contact.phone,
      }), { 'Content-Language': locale, 'Referrer-Policy': 'no-referrer' });
    }
    const document = await caseStore.getDocument(agencyId, link.caseId, link.documentId);
    if (!document) throw unknown;
    await caseStore.recordAccess({ ...opening, action: 'open-link' });
    const pdf = await caseStore.readRaw(document.key as string);
    // The token is in the URL: never send it on to another site.
    return pdfResponse(pdf, `${String(document.documentType)}-${link.caseId.slice(0, 8)}.pdf`, document.sha256 as string, { 'Referrer-Policy': 'no-referrer' });
  }, { middlewares: [originVerify()], agencies });
}

const REFUSAL_PHRASES = { 'case-ended': 'linkCaseEnded', 'consent-withdrawn': 'linkConsentWithdrawn', 'case-reassigned': 'linkReassigned' } as const;

export const handler = build();
