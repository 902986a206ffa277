import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isPlainId } from '../../contracts/ids.ts';
import { problemLocale } from './problem-locale.ts';
import { servedAgency, type ServedAgencies } from './served-agencies.ts';

export interface LocaleEvent extends APIGatewayProxyEventV2 {
  /** The language of the answer: the one Accept-Language prefers among the locales of the agency the path names. */
  locale: string;
}

/** The request's language, decided once for the handler and for any problem answered instead. */
export function localeOf(event: APIGatewayProxyEventV2, agencies: ServedAgencies | undefined): string {
  const agencyId = event.pathParameters?.agencyId;
  return problemLocale(event, isPlainId(agencyId) ? servedAgency(agencies, agencyId) : undefined);
}

/** Sets `event.locale` (see localeOf), after the headers are normalized and before the route's own middlewares. */
export function requestLocale(agencies: ServedAgencies | undefined): MiddlewareObj<APIGatewayProxyEventV2> {
  return { before: (request) => { (request.event as LocaleEvent).locale = localeOf(request.event, agencies); } };
}
