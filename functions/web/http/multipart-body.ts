import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MAX_BODY_BYTES } from './json-body.ts';

/** A file upload's post: whether it is multipart and within the size limit, and its parts when it is both. */
export interface MultipartBody {
  readonly isMultipart: boolean;
  readonly tooLarge: boolean;
  /**
   * The parts, parsed when asked (after the page's own checks, so a refused body is never parsed); undefined unless
   * the body is multipart, within the limit, and parses.
   */
  readonly parts: () => Promise<FormData | undefined>;
}

export interface MultipartBodyEvent extends APIGatewayProxyEventV2 {
  multipartBody: MultipartBody;
}

const MULTIPART = /^multipart\/form-data\s*;/i;

function readMultipartBody(event: APIGatewayProxyEventV2): MultipartBody {
  // API Gateway passes a body it does not take for text (multipart is not) as base64.
  const raw = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const contentType = event.headers['content-type'] ?? '';
  const isMultipart = MULTIPART.test(contentType);
  const tooLarge = raw.length > MAX_BODY_BYTES;
  const parts = async (): Promise<FormData | undefined> => {
    if (!isMultipart || tooLarge) return undefined;
    try {
      // The runtime's own multipart parser (undici, in Node 20 and 22): no library of ours to keep patched.
      return await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return undefined;
    }
  };
  return { isMultipart, tooLarge, parts };
}

/**
 * A file upload's body, read once before the handler as formBody reads a page's post. It refuses nothing itself: the
 * page answers a body that is not multipart, too large or broken, in the page's language.
 */
export function multipartBody(): MiddlewareObj<MultipartBodyEvent> {
  return { before: (request) => { request.event.multipartBody = readMultipartBody(request.event); } };
}
