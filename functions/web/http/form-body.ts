import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MAX_BODY_BYTES } from './json-body.ts';

/** A page's post, read once: whether it is form-encoded and within the size limit, and its fields when it is both. */
export interface FormBody {
  readonly isForm: boolean;
  readonly tooLarge: boolean;
  /** Empty unless the body is form-encoded and within the limit, so a refused body is never read. */
  readonly params: URLSearchParams;
}

function readFormBody(event: APIGatewayProxyEventV2): FormBody {
  const raw = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const isForm = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(event.headers['content-type'] ?? '');
  const tooLarge = raw.length > MAX_BODY_BYTES;
  return { isForm, tooLarge, params: isForm && !tooLarge ? new URLSearchParams(raw.toString('utf8')) : new URLSearchParams() };
}

export interface FormBodyEvent extends APIGatewayProxyEventV2 {
  formBody: FormBody;
}

/**
 * A page's post, read once before the handler as jsonBody reads the API's. It refuses nothing itself: a post that is
 * not form-encoded or too large is answered by the page, as a page in the page's language (or, for the inline
 * check, a problem), once the page knows which form it is.
 */
export function formBody(): MiddlewareObj<FormBodyEvent> {
  return { before: (request) => { request.event.formBody = readFormBody(request.event); } };
}
