import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { negotiateLocale } from '../public-pages/accept-language.ts';
import { problemPhrases } from './problem-phrases/index.ts';

/** What a problem answer needs of an agency: the languages it serves. */
export interface ServedLocales {
  readonly locales: readonly string[];
  readonly defaultLocale: string;
}

/**
 * The language of a problem answer: among the agency's locales, the one Accept-Language prefers, else the agency's
 * default (as validation errors and pages choose). Where no agency is known (an unknown one, a route without one),
 * among the languages caseforms words problems in, else English.
 */
export function problemLocale(event: Pick<APIGatewayProxyEventV2, 'headers'>, agency: ServedLocales | undefined): string {
  const header = event.headers?.['accept-language'] ?? event.headers?.['Accept-Language'];
  return agency ? negotiateLocale(header, agency.locales, agency.defaultLocale) : negotiateLocale(header, Object.keys(problemPhrases), 'en');
}
