import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { linkPassHash } from '../domain/delivery/link-code.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { linkPageSecurityHeaders } from '../web/http/page-responses.ts';
import { Problem } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { pdfResponse, type HttpResponse } from '../web/http/responses.ts';
import { sealedCopyRefusal } from '../web/http/sealed-copy-guard.ts';
import { linkCodePage, linkPassOf } from '../web/public/link-code-responses.ts';
import { standingLink } from '../web/public/secure-link-request.ts';
import { signLinkPage } from '../web/public/sign-link-request.ts';
import { builtOnce } from '../composition/built-once.ts';
import { linkSigning } from '../composition/link-signing.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /agencies/{agencyId}/links/{token}: the document behind a secure link from an email. The token is the only
 * credential, so it is 256 random bits, stored as a hash, and expires after the agency's lifetime; it is taken back
 * when the case ends, the provider it went to loses the client's consent, or the case manager it went to is no longer
 * the case's (secure-link-request.ts), answering 410 with a plain page. A link that asks for a one-time code
 * (link-code.ts: by default, every link to someone outside the agency) shows the page that sends one, until this
 * browser has confirmed the code (link-code-check.ts). A signing link (`purpose: 'sign'`) shows the client's signing
 * pages instead (web/public/sign-link-request.ts), and its document at `?document=pdf`. Every opening, served or refused, is written to the case's
 * audit trail with where it came from, before the document is served; a signed document is served only when its
 * bytes hash to its signing record's (sealed-copy.ts). Served by the API rather than as a presigned S3
 * URL, which would die with the signing Lambda role's temporary credentials whatever expiry it was given.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => linkSigning(settings()));
  const agencies = () => parts().catalog;
  return apiHandler<APIGatewayProxyEventV2>(async (event): Promise<HttpResponse> => {
    const { caseStore, catalog, codes, linkPorts, signLinkPorts } = parts();
    const now = new Date();
    const standing = await standingLink(event, catalog.agency(event.pathParameters?.agencyId ?? ''), linkPorts, now);
    if (!('link' in standing)) return standing;
    const { agency, token, tokenHash, link, audit } = standing;
    if (link.codeTo !== undefined) {
      const pass = linkPassOf(event);
      // Asking for the code is a POST (link-code-send.ts): a mail scanner following the link sends nothing.
      if (pass === undefined || !(await codes.passValid(agency.id, tokenHash, linkPassHash(pass), now))) return linkCodePage(event, agency, token, { step: 'ask' });
    }
    // A signing link shows its pages; the PDF it asks the client to sign is `?document=pdf`, the same bytes as any link's.
    if (link.purpose === 'sign' && event.queryStringParameters?.document !== 'pdf') return signLinkPage(standing, signLinkPorts);
    const document = await caseStore.getDocument(agency.id, link.caseId, link.documentId);
    if (!document) throw new Problem('notFound', phrase('linkUnknown'));
    await caseStore.recordAccess({ ...audit, action: 'open-link' });
    const pdf = await caseStore.readRaw(document.key as string);
    const refusal = await sealedCopyRefusal(signLinkPorts.signings, { agencyId: agency.id, caseId: link.caseId, documentId: link.documentId }, pdf);
    if (refusal === 'unsealed') throw new Problem('notFound', phrase('linkUnknown'));
    if (refusal === 'altered') throw new Problem('conflict', phrase('sealedDocumentAltered'));
    return pdfResponse(pdf, `${String(document.documentType)}-${link.caseId.slice(0, 8)}.pdf`, document.sha256 as string);
  }, { middlewares: [originVerify()], agencies, securityHeaders: linkPageSecurityHeaders() });
}

export const handler = build();
