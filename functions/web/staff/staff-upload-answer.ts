import { StorageError } from '../../domain/cases/storage-error.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import { logger } from '../../observability/logger.ts';
import { Problem, serviceUnavailable } from '../http/problem.ts';
import { phrase } from '../http/problem-phrases/index.ts';
import { problemResponse, type HttpResponse } from '../http/responses.ts';
import { fromOwnPage } from '../http/same-origin.ts';
import type { StaffPageEvent } from './staff-page-handler.ts';

/**
 * A staff page's upload step (a staff form's file question, the signing page's paper scan: web/uploads/upload-routes.ts).
 * The POSTs must come from the staff pages' own origin (the session cookie would ride along with another site's
 * request): the page's script fetches from the page itself, and Chromium may leave Origin off such a same-origin
 * fetch, when its own Sec-Fetch-Site says where it came from (fromOwnPage). The GET is storage's redirect after a
 * page's POST and changes nothing a refusal would not. Refusals are problem+json in the staff member's own language
 * (their pages' language), not the browser's Accept-Language; storage trouble is a 503.
 */
export async function staffUploadAnswer(event: StaffPageEvent, answer: () => Promise<HttpResponse>): Promise<HttpResponse> {
  const locale = event.language.locale;
  try {
    if (event.requestContext.http.method === 'POST' && !fromOwnPage(event.headers, readSignInConfig().pagesBaseUrl)) {
      throw new Problem('forbidden', phrase('staffPagesOnly'));
    }
    return await answer();
  } catch (error) {
    if (error instanceof StorageError) {
      logger.warn('staff upload step failed', { step: error.step, errorName: (error.cause as Error)?.name });
      return problemResponse(serviceUnavailable(phrase('uploadsUnavailable')), locale);
    }
    if (error instanceof Problem) return problemResponse(error, locale);
    throw error;
  }
}
