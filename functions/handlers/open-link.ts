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
import { phrase } from '../web/http/problem-phrases/index.ts';

/**
 * GET /agencies/{agencyId}/links/{token}: the document behind a secure link from an email. The token is the only
 * credential, so it is 256 random bits, stored as a hash, and expires; every opening is written to the case's audit
 * trail before the document is served. Served by the API rather than as a presigned S3 URL, which would die with
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
    if (!catalog.agency(agencyId) || !isLinkToken(token)) throw unknown;
    const link = await links.findLink(agencyId, linkTokenHash(token));
    if (!link) throw unknown;
    const now = new Date();
    if (Date.parse(link.validUntil) <= now.getTime()) throw new Problem('gone', phrase('linkExpired'));
    const document = await caseStore.getDocument(agencyId, link.caseId, link.documentId);
    if (!document) throw unknown;
    await caseStore.recordAccess({
      agencyId, caseId: link.caseId, actor: `link:${link.recipient}`, roles: [], action: 'open-link', target: link.documentId,
      at: now.toISOString(), requestId: event.requestContext.requestId,
    });
    const pdf = await caseStore.readRaw(document.key as string);
    // The token is in the URL: never send it on to another site.
    return pdfResponse(pdf, `${String(document.documentType)}-${link.caseId.slice(0, 8)}.pdf`, document.sha256 as string, { 'Referrer-Policy': 'no-referrer' });
  }, { middlewares: [originVerify()], agencies });
}

export const handler = build();
