import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { addressCheckUsable, type AddressCheck } from '../domain/cases/client-address.ts';
import { isLinkToken, linkTokenHash } from '../domain/delivery/secure-link.ts';
import { verifyClientAddress } from '../domain/cases/verify-client-address.ts';
import type { Agency } from '../domain/forms/agency.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { htmlResponse, pageSecurityHeaders } from '../web/http/page-responses.ts';
import { phrase, wordPhrase, type Phrase } from '../web/http/problem-phrases/index.ts';
import type { HttpResponse } from '../web/http/responses.ts';
import type { LocaleEvent } from '../web/http/request-locale.ts';
import { openerOf } from '../web/public/opener.ts';
import { addressCheckPageHtml } from '../web/public-pages/address-check-page.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { DynamoClientAddressStore } from '../adapters/aws/client-address-store.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { logger } from '../observability/logger.ts';

/**
 * GET and POST /agencies/{agencyId}/confirm-address/{token}: a client confirms that the address a held document
 * waits for is theirs (client-address.ts). GET shows the question and one button; only the button's POST confirms,
 * so a mail scanner that fetches every link confirms nothing. The POST is audited (`address-verified`, with the
 * address and user agent it came from, as a secure link's opening is), records the verified address, and puts the
 * held documents back on the queue. The token is the only credential: 256 random bits, stored as a hash, expiring,
 * and used once. Every answer is a plain page in the client's language.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return {
      catalog: servingCatalog(config), addresses: new DynamoClientAddressStore(config.tableName),
      caseStore: new DynamoCaseStore(config.tableName, new BlobStore(config.bucketName)), queue: new SqsJobQueue(config.documentQueueUrl),
    };
  });
  const agencies = () => parts().catalog;
  return apiHandler<APIGatewayProxyEventV2>(async (event): Promise<HttpResponse> => {
    const { catalog, addresses, caseStore, queue } = parts();
    const { agencyId = '', token } = event.pathParameters ?? {};
    const agency = catalog.agency(agencyId);
    const requestLocale = (event as LocaleEvent).locale;
    const page = (status: number, locale: string, title: Phrase, message: Phrase, button?: Phrase) => htmlResponse(status, addressCheckPageHtml({
      locale, title: wordPhrase(title, locale), message: wordPhrase(message, locale), agencyName: agency?.name ?? '', agencyPhone: agency?.contact.phone ?? '',
      ...(button ? { button: wordPhrase(button, locale) } : {}),
    }), { 'Content-Language': locale, 'Referrer-Policy': 'no-referrer' });
    const refused = (status: number, locale: string, message: Phrase) => page(status, locale, phrase('addressCheckRefusedTitle'), message);

    if (!agency || !isLinkToken(token)) return refused(404, requestLocale, phrase('addressCheckUnknown', agency?.name ?? ''));
    const check = await addresses.findCheck(agencyId, linkTokenHash(token));
    // A purged case leaves its checks until their TTL: they confirm nothing.
    if (!check || !(await caseStore.getCase(agencyId, check.caseId))) return refused(404, requestLocale, phrase('addressCheckUnknown', agency.name));
    const locale = spoken(agency, check, requestLocale);
    const now = new Date();
    const usable = addressCheckUsable(check, now);
    if (!usable.usable) {
      return refused(410, locale, usable.reason === 'used' ? phrase('addressCheckUsed') : phrase('addressCheckExpired', agency.name));
    }
    if (event.requestContext.http.method !== 'POST') {
      return page(200, locale, phrase('addressCheckTitle'), phrase('addressCheckPrompt', agency.name), phrase('addressCheckButton'));
    }
    const at = now.toISOString();
    await caseStore.recordAccess({
      agencyId, caseId: check.caseId, actor: 'link:client', roles: [], action: 'address-verified', target: 'client-address', reason: 'email-link',
      at, requestId: event.requestContext.requestId, ...openerOf(event),
    });
    const { released } = await verifyClientAddress(addresses, queue, { agencyId, caseId: check.caseId, addressHash: check.addressHash, at, method: 'email-link' });
    // Used last: a queue that failed leaves the link working, so pressing the button again sends the held documents.
    await addresses.useCheck(check, at);
    logger.info('client address verified', { agencyId, caseId: check.caseId, method: 'email-link', released, requestId: event.requestContext.requestId });
    return page(200, locale, phrase('addressConfirmedTitle'), phrase('addressConfirmed'));
  }, { middlewares: [originVerify()], securityHeaders: pageSecurityHeaders(agencies), agencies });
}

/** The language the notice was written in, if the agency still serves it; otherwise the request's. */
function spoken(agency: Agency, check: AddressCheck, requestLocale: string): string {
  return agency.locales.includes(check.locale) ? check.locale : requestLocale;
}

export const handler = build();
