import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { StaffMember } from '../../contracts/staff-claims.ts';
import { negotiateLocale } from '../public-pages/accept-language.ts';
import { readCookie, setCookie } from '../http/cookies.ts';

/** The staff member's chosen language for the staff pages, kept by the browser for a year. */
export const LANGUAGE_COOKIE = 'caseforms_lang';
const YEAR_SECONDS = 365 * 24 * 3600;

export interface ServedLocales {
  readonly locales: readonly string[];
  readonly defaultLocale: string;
}

export interface StaffLocale {
  readonly locale: string;
  /** Set when the staff member just picked a language (`?lang=`): it is kept for their next pages. */
  readonly cookie?: string;
}

/**
 * The cookie names whose choice it is (a hash of the sign-in's subject, not the subject itself): on a shared computer
 * the next person signing in gets their own language, not the last person's.
 */
const ownerTag = (staff: StaffMember) => createHash('sha256').update(staff.subject).digest('base64url').slice(0, 16);

/**
 * The language a staff member reads the pages in, among those the agency serves: the one they pick (`?lang=`, then
 * kept), else the one their sign-in carries (the `locale` attribute an admin sets per user), else their browser's
 * preference, else the agency's default.
 */
export function staffLocale(event: Pick<APIGatewayProxyEventV2, 'cookies' | 'headers' | 'queryStringParameters'>, staff: StaffMember, agency: ServedLocales, secure: boolean): StaffLocale {
  const served = (locale: string | undefined) => (locale !== undefined && agency.locales.includes(locale) ? locale : undefined);
  const picked = served(event.queryStringParameters?.lang);
  if (picked) return { locale: picked, cookie: setCookie(LANGUAGE_COOKIE, `${picked}.${ownerTag(staff)}`, { path: '/staff', maxAgeSeconds: YEAR_SECONDS, secure }) };
  const [kept, owner] = (readCookie(event, LANGUAGE_COOKIE) ?? '').split('.');
  const keptLocale = owner === ownerTag(staff) ? served(kept) : undefined;
  return { locale: keptLocale ?? served(staff.locale) ?? negotiateLocale(event.headers?.['accept-language'], agency.locales, agency.defaultLocale) };
}
