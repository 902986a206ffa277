import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { logger } from '../../observability/logger.ts';
import { phrase } from './problem-phrases/index.ts';
import { localeOf, type LocaleEvent } from './request-locale.ts';
import { Problem, serviceUnavailable } from './problem.ts';
import { problemResponse } from './responses.ts';
import type { ServedAgencies } from './served-agencies.ts';

/**
 * Turns every error into an RFC 9457 problem response, worded in the language Accept-Language prefers among the
 * agency's. Unexpected errors are logged by name only.
 */
export function problemResponses(agencies?: ServedAgencies): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    onError: (request) => {
      const error = request.error;
      // The request's language, as requestLocale set it; worked out here if the error came before it ran.
      const locale = () => (request.event as Partial<LocaleEvent> | undefined)?.locale ?? (request.event ? localeOf(request.event, agencies) : 'en');
      if (error instanceof Problem) {
        if (error.status >= 500) logger.warn('request refused', { status: error.status, kind: error.kind });
        request.response = problemResponse(error, locale());
        return;
      }
      if (error?.name === 'TimeoutError') {
        // middy ends a handler that would outlive the Lambda timeout: a capacity problem, so a retryable 503.
        logger.warn('request timed out', { errorName: error.name });
        request.response = problemResponse(serviceUnavailable(phrase('timedOut')), locale());
        return;
      }
      logger.error('unexpected error', { errorName: error?.name, stack: error?.stack });
      request.response = problemResponse(new Problem('internalError', phrase('internalError')), locale());
    },
  };
}
