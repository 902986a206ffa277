import { judgeCode, LINK_CODE_DIGITS, linkPassHash, newLinkPass, passValidUntil, typedCode, type LinkCodeRefusal } from '../domain/delivery/link-code.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { linkPageSecurityHeaders } from '../web/http/page-responses.ts';
import { phrase, type Phrase } from '../web/http/problem-phrases/index.ts';
import type { HttpResponse } from '../web/http/responses.ts';
import { linkCodePage, linkPath, openWithPass } from '../web/public/link-code-responses.ts';
import { standingLink } from '../web/public/secure-link-request.ts';
import { isSignLinkPost, signLinkPost } from '../web/public/sign-link-request.ts';
import { builtOnce } from '../composition/built-once.ts';
import { linkSigning } from '../composition/link-signing.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /agencies/{agencyId}/links/{token} (`code=…`): checks the one-time code typed on the link's page. Every try is
 * counted before it is judged, the right one too, so a code takes at most five (link-code.ts) and is then burned. The
 * right code sends the browser back to the link with a short-lived pass for that link only (link-code-responses.ts),
 * where the opening is audited as `open-link`; every refused try is audited as `link-code-refused`, with why and from where.
 * POST …/consent and …/sign, a signing link's answers, are served here too (web/public/sign-link-request.ts).
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { ...linkSigning(config), publicBaseUrl: config.publicBaseUrl };
  });
  const agencies = () => parts().catalog;
  return apiHandler<FormBodyEvent>(async (event): Promise<HttpResponse> => {
    const { catalog, caseStore, codes, linkPorts, publicBaseUrl, signLinkPorts } = parts();
    const now = new Date();
    const standing = await standingLink(event, catalog.agency(event.pathParameters?.agencyId ?? ''), linkPorts, now);
    if (!('link' in standing)) return standing;
    if (isSignLinkPost(event)) return signLinkPost(event, standing, signLinkPorts, codes, now);
    const { agency, token, tokenHash, link, audit } = standing;
    if (link.codeTo === undefined) return { statusCode: 303, headers: { Location: linkPath(agency.id, token), 'Cache-Control': 'no-store' } };

    const refuse = async (reason: LinkCodeRefusal, status: number, error: Phrase) => {
      await caseStore.recordAccess({ ...audit, action: 'link-code-refused', reason });
      return linkCodePage(event, agency, token, { status, step: 'enter', error });
    };
    // Not six digits: said so, and not counted as a try.
    const code = typedCode(event.formBody.params.get('code'));
    if (code === undefined) return refuse('not-a-code', 400, phrase('linkCodeNotACode', LINK_CODE_DIGITS));

    const verdict = judgeCode(await codes.countAttempt(agency.id, tokenHash), token, code, now);
    if (verdict.accepted) {
      const pass = newLinkPass();
      await codes.confirm(agency.id, tokenHash, linkPassHash(pass), passValidUntil(link.validUntil, now));
      return openWithPass(agency.id, token, pass, publicBaseUrl);
    }
    switch (verdict.reason) {
      case 'wrong-code':
        return refuse('wrong-code', 400, phrase('linkCodeWrong', verdict.attemptsLeft));
      case 'expired':
        return refuse('expired', 410, phrase('linkCodeExpired'));
      case 'no-code':
        return refuse('no-code', 410, phrase('linkCodeNone'));
      default:
        return refuse('burned', 410, phrase('linkCodeBurned'));
    }
  }, { middlewares: [originVerify(), formBody()], agencies, securityHeaders: linkPageSecurityHeaders() });
}

export const handler = build();
