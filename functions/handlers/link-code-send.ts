import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { newLinkCode, nextCode } from '../domain/delivery/link-code.ts';
import { composeMime } from '../domain/delivery/mime.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { linkPageSecurityHeaders } from '../web/http/page-responses.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import type { HttpResponse } from '../web/http/responses.ts';
import { linkCodeMail } from '../web/public/link-code-mail.ts';
import { linkCodePage, linkPath } from '../web/public/link-code-responses.ts';
import { standingLink } from '../web/public/secure-link-request.ts';
import { DynamoDeliveryStore } from '../adapters/aws/delivery-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { linkOpening } from '../composition/link-opening.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** Tags of the code's mail: its agency (for the agency's SES configuration set) and what it is; no case, so SES events about it touch no delivery. */
const codeMailTags = (agencyId: string) => ({ 'caseforms-agency': agencyId, 'caseforms-mail': 'link-code' });

/**
 * POST /agencies/{agencyId}/links/{token}/code: mails a six-digit code to the address the link was sent to (never
 * shown, never logged: it is on the link record only) and answers the page to type it in. A POST, so a mail scanner
 * following the link sends nothing; limited per link (link-code.ts nextCode), each refusal audited as
 * `link-code-refused`, each code sent as `link-code-sent`, with where the request came from.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { ...linkOpening(config), mail: new DynamoDeliveryStore(config.tableName, config.sesConfigurationSets) };
  });
  const agencies = () => parts().catalog;
  return apiHandler<APIGatewayProxyEventV2>(async (event): Promise<HttpResponse> => {
    const { catalog, caseStore, codes, linkPorts, mail } = parts();
    const now = new Date();
    const standing = await standingLink(event, catalog.agency(event.pathParameters?.agencyId ?? ''), linkPorts, now);
    if (!('link' in standing)) return standing;
    const { agency, token, tokenHash, link, audit } = standing;
    // A link that asks for no code opens as it is.
    if (link.codeTo === undefined) return { statusCode: 303, headers: { Location: linkPath(agency.id, token), 'Cache-Control': 'no-store' } };

    const previous = await codes.findCode(agency.id, tokenHash);
    const code = newLinkCode();
    const next = nextCode(previous, token, code, now);
    // Two sends at once: the second finds the record changed under it, and waits like any send too soon.
    const stored = 'record' in next && await codes.replaceCode(agency.id, tokenHash, next.record, previous?.sentAt);
    if (!stored) {
      const retryAfterSeconds = 'retryAfterSeconds' in next ? next.retryAfterSeconds : 60;
      await caseStore.recordAccess({ ...audit, action: 'link-code-refused', reason: 'resend-too-soon' });
      return linkCodePage(event, agency, token, {
        status: 429, step: 'enter', error: phrase('linkCodeWait', retryAfterSeconds), headers: { 'Retry-After': String(retryAfterSeconds) },
      });
    }
    const message = linkCodeMail(agency, link.codeTo, link.codeLocale ?? agency.defaultLocale, code);
    await mail.sendRaw(await composeMime(message), message.from.address, message.to, codeMailTags(agency.id));
    await caseStore.recordAccess({ ...audit, action: 'link-code-sent' });
    return linkCodePage(event, agency, token, { step: 'enter' });
  }, { middlewares: [originVerify()], agencies, securityHeaders: linkPageSecurityHeaders() });
}

export const handler = build();
