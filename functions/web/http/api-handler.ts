import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { logger } from '../../observability/logger.ts';
import { problemResponses } from './problem-responses.ts';
import { requestLocale } from './request-locale.ts';
import type { HttpResponse } from './responses.ts';
import { refreshServedAgencies, type ServedAgencies } from './served-agencies.ts';

export interface ApiHandlerOptions<E> {
  /** Run in order after the shared ones, before the handler: body guards, form resolution, staff sign-in. */
  readonly middlewares?: ReadonlyArray<MiddlewareObj<E>>;
  /** HTML pages loosen the default Content-Security-Policy (page-responses.ts); JSON routes keep it. */
  readonly securityHeaders?: Parameters<typeof httpSecurityHeaders>[0];
  /** The agencies the function serves: an error is answered in the language of the agency the path names. */
  readonly agencies?: ServedAgencies;
}

/**
 * The middy stack every HTTP handler shares. Order matters: onError runs in reverse registration order, so the
 * problem response exists before the security headers are added to it, and headers are normalized before any
 * request middleware (such as the JSON body guard) reads them.
 */
export function apiHandler<E extends APIGatewayProxyEventV2>(
  handler: (event: E, context: Context) => Promise<HttpResponse>,
  { middlewares = [], securityHeaders, agencies }: ApiHandlerOptions<E> = {},
) {
  const stack = middy<E, HttpResponse>()
    // Every log line of the request carries its id until a submission id replaces it (see submit.ts).
    .use({ before: (request) => { logger.setCorrelationId(request.event.requestContext?.requestId); } })
    // A publish in the studio reaches this function within its refresh interval (docs/form-studio.md).
    .use({ before: () => refreshServedAgencies(agencies) })
    .use(httpSecurityHeaders(securityHeaders))
    .use(problemResponses(agencies))
    .use(httpHeaderNormalizer())
    .use(requestLocale(agencies));
  for (const middleware of middlewares) stack.use(middleware);
  return stack.handler(handler);
}
