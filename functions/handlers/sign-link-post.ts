import { apiHandler } from '../web/http/api-handler.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { linkPageSecurityHeaders } from '../web/http/page-responses.ts';
import type { HttpResponse } from '../web/http/responses.ts';
import { linkCodePage, linkPassOf } from '../web/public/link-code-responses.ts';
import { standingLink } from '../web/public/secure-link-request.ts';
import { signLinkConsent, signLinkSign } from '../web/public/sign-link-request.ts';
import { linkPassHash } from '../domain/delivery/link-code.ts';
import { Problem } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { builtOnce } from '../composition/built-once.ts';
import { linkSigning } from '../composition/link-signing.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /agencies/{agencyId}/links/{token}/consent and …/sign: the client's answers on a signing link's pages
 * (web/public/sign-link-request.ts), taken only from the browser that confirmed the link's one-time code (its pass
 * cookie); any other gets the code page. The token alone says which document: a body naming another is not read.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => linkSigning(settings()));
  const agencies = () => parts().catalog;
  return apiHandler<FormBodyEvent>(async (event): Promise<HttpResponse> => {
    const { catalog, codes, linkPorts, signLinkPorts } = parts();
    const now = new Date();
    const standing = await standingLink(event, catalog.agency(event.pathParameters?.agencyId ?? ''), linkPorts, now);
    if (!('link' in standing)) return standing;
    const { agency, token, tokenHash, link } = standing;
    if (link.purpose !== 'sign' || link.codeTo === undefined) throw new Problem('notFound', phrase('linkUnknown'));
    const pass = linkPassOf(event);
    if (pass === undefined || !(await codes.passValid(agency.id, tokenHash, linkPassHash(pass), now))) return linkCodePage(event, agency, token, { status: 403, step: 'ask' });
    const params = event.formBody.params;
    return event.rawPath.endsWith('/consent')
      ? signLinkConsent(standing, signLinkPorts, params.get('choice'), now)
      : signLinkSign(event, standing, signLinkPorts, { name: params.get('name'), intent: params.get('intent') }, now);
  }, { middlewares: [originVerify(), formBody()], agencies, securityHeaders: linkPageSecurityHeaders() });
}

export const handler = build();
