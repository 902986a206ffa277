import type { MiddlewareObj } from '@middy/core';
import { logger } from '../observability/logger.ts';
import { Problem, serviceUnavailable } from './problem.ts';
import { problemResponse } from './responses.ts';

/** Turns every error into an RFC 9457 problem response. Unexpected errors are logged by name only. */
export function problemResponses(): MiddlewareObj {
  return {
    onError: (request) => {
      const error = request.error;
      if (error instanceof Problem) {
        if (error.status >= 500) logger.warn('request refused', { status: error.status, kind: error.kind });
        request.response = problemResponse(error);
        return;
      }
      if (error?.name === 'TimeoutError') {
        // middy ends a handler that would outlive the Lambda timeout: a capacity problem, so a retryable 503.
        logger.warn('request timed out', { errorName: error.name });
        request.response = problemResponse(serviceUnavailable('We could not finish in time. Retry with the same Idempotency-Key: a request that did complete answers with its first result.'));
        return;
      }
      logger.error('unexpected error', { errorName: error?.name, stack: error?.stack });
      request.response = problemResponse(new Problem('internalError', 'Something went wrong on our side.'));
    },
  };
}
