import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { chosenBrandColor } from '../../domain/forms/brand.ts';
import type { Role } from '../../contracts/roles.ts';
import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { JWTPayload } from 'jose';
import { REFRESH_LIFETIME_SECONDS } from './oidc.ts';
import { secureCookies, type SignInConfig } from '../../contracts/sign-in-config.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import { routes } from '../../contracts/routes.ts';
import { staffMessagePage, type StaffChrome } from '../staff-pages/staff-layout.ts';
import { servedAgency, type ServedAgencies } from '../http/served-agencies.ts';
import { staffSession, withCookies, type SessionEvent } from './staff-session.ts';
import { idleMinutesOf, type SessionStores } from '../../domain/sessions/staff-sessions.ts';
import { apiHandler } from '../http/api-handler.ts';
import { clearCookie, setCookie } from '../http/cookies.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { htmlResponse, staffPageSecurityHeaders } from '../http/page-responses.ts';
import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import { ENGLISH, staffLanguage, type StaffLanguage } from '../staff-pages/staff-words.ts';
import { caseWords } from '../staff-pages/case-words.ts';
import { staffLocale } from './staff-locale.ts';
import { nativeName } from '../public-pages/page-language.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import type { HttpResponse } from '../http/responses.ts';

export interface StaffPageEvent extends APIGatewayProxyEventV2 {
  readonly staff: StaffMember;
  /**
   * Set only for a page that keeps posts sent after an idle end (`keepIdlePost`): the session ended for inactivity,
   * `staff` is who it was, and nothing may be saved: the page is shown again with the answers, to send once signed in.
   */
  readonly signedOutForInactivity?: true;
  readonly agencyName: string;
  /** The agency's colour, when it chose one (forms/brand.ts): every staff page of the agency wears it. */
  readonly brandColor?: string;
  /** The reader's language for the staff pages (staff-locale.ts). */
  readonly language: StaffLanguage;
  /** Everything a page's frame needs: the agency, the reader, their language and the languages to switch to. */
  readonly chrome: StaffChrome;
}

/** A page refusing the request, in the staff pages' chrome. */
export function staffPageMessage(status: number, chrome: StaffChrome, title: string, message: string, headers: Record<string, string> = {}): HttpResponse {
  const back = chrome.staff ? { href: `/staff/${chrome.staff.agencyId}/cases`, label: (chrome.language ?? ENGLISH).words('staff').t('backToCases') } : undefined;
  return htmlResponse(status, staffMessagePage(chrome, title, message, back), headers);
}

/** The sign-in domain could not be reached to check a session: try again shortly (not "sign in again"). */
export function signInUnavailable(chrome: StaffChrome): HttpResponse {
  const words = (chrome.language ?? ENGLISH).words('staff');
  return staffPageMessage(503, chrome, words.t('tryAgain.title'), words.t('tryAgain.signIn'), { 'Retry-After': '5' });
}

/** See other: after a post, or to the sign-in. */
export function redirect(location: string, cookies: readonly string[] = []): HttpResponse {
  return { statusCode: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, ...(cookies.length > 0 ? { cookies: [...cookies] } : {}) };
}

/**
 * A staff page's handler, with the roles the route table gives it, checked as the API checks them: no session sends
 * the browser to sign in (and back here after); another agency's pages answer 404 as if they did not exist; a role
 * the route does not allow gets 403. Storage trouble is a 503 page the user may retry.
 */
export interface StaffPageDeps {
  readonly agencies: ServedAgencies;
  /** The sign-ins' server-side records: sign-out and the agency's idle period end a session here. */
  readonly sessions: SessionStores;
  /**
   * A post sent after the session ended for inactivity reaches the handler (marked `signedOutForInactivity`) instead of
   * being sent to sign in, so its answers are not lost: staff forms.
   */
  readonly keepIdlePost?: boolean;
  /** The template folders, where the staff pages' words are (an agency's own over the defaults). */
  readonly templates: () => TemplateLibrary;
}

/** Each agency's idle period, from its settings (the default when the catalog cannot be had). */
export function idleMinutesFor(agencies: ServedAgencies): (agencyId: string) => number {
  return (agencyId) => idleMinutesOf(servedAgency(agencies, agencyId));
}

export function staffPageHandler<X extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2>(
  name: string,
  handler: (event: StaffPageEvent & X, context: Context) => Promise<HttpResponse>,
  { agencies, sessions, templates, keepIdlePost = false }: StaffPageDeps,
  /** Run after the session is read: a form post's body guard. */
  middlewares: ReadonlyArray<MiddlewareObj<X>> = [],
) {
  const route = routes.find((candidate) => candidate.handler === name);
  if (!route || route.access !== 'staff-page' || !route.roles) throw new Error(`${name} is not a signed-in staff page in functions/contracts/routes.ts`);
  const roles: readonly Role[] = route.roles;
  return apiHandler<SessionEvent & X>(async (event, context) => {
    const { session } = event;
    if (session === 'unavailable') return signInUnavailable({ agencyName: 'caseforms' });
    if (!session.staff && session.ended === 'idle' && session.endedStaff && keepIdlePost && event.requestContext.http.method === 'POST') {
      return pageFor(session.endedStaff, event, context, true);
    }
    if (!session.staff) {
      const back = event.requestContext.http.method === 'GET' ? `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}` : '';
      return redirect(`/staff/sign-in${back ? `?returnTo=${encodeURIComponent(back)}` : ''}`);
    }
    return pageFor(session.staff, event, context);
  }, { middlewares: [staffSession({ sessions, idleMinutes: idleMinutesFor(agencies) }) as MiddlewareObj<SessionEvent & X>, ...(middlewares as ReadonlyArray<MiddlewareObj<SessionEvent & X>>)], securityHeaders: staffPageSecurityHeaders(agencies), agencies });

  async function pageFor(staff: StaffMember, event: SessionEvent & X, context: Context, signedOutForInactivity = false): Promise<HttpResponse> {
    const agency = servedAgency(agencies, staff.agencyId);
    const brandColor = chosenBrandColor(agency);
    const chosen = agency ? staffLocale(event, staff, agency, secureCookies(readSignInConfig())) : { locale: 'en' };
    const language = agency ? staffLanguage(templates(), agency.id, chosen.locale) : ENGLISH;
    const chrome: StaffChrome = {
      agencyName: agency?.name ?? 'caseforms', staff, brandColor, language,
      // A language link asks for this page again: a form post's answer is not a page one can ask for again.
      ...(agency && event.requestContext.http.method === 'GET' ? { languages: agency.locales.map((locale) => ({ locale, name: nativeName(locale), href: withLanguage(event, locale) })) } : {}),
    };
    const words = language.words('staff');
    const agencyId = event.pathParameters?.agencyId;
    if (!agency || !isPlainId(agencyId) || agencyId !== staff.agencyId) return staffPageMessage(404, chrome, words.t('notFound.title'), words.t('notFound.page'));
    if (!staff.roles.some((role) => roles.includes(role))) {
      return staffPageMessage(403, chrome, words.t('notAllowed.title'), words.t('notAllowed.roles', { roles: roles.map((role) => caseWords(language, agency).role(role)).join(', ') }));
    }
    try {
      const response = await handler({ ...event, staff, agencyName: agency.name, brandColor, language, chrome, ...(signedOutForInactivity ? { signedOutForInactivity: true as const } : {}) }, context);
      return chosen.cookie ? withCookies(response, [chosen.cookie]) : response;
    } catch (error) {
      if (error instanceof StorageError) return staffPageMessage(503, chrome, words.t('tryAgain.title'), words.t('tryAgain.storage'), { 'Retry-After': '5' });
      throw error;
    }
  }
}

/** This page's address with `lang` set, every other parameter kept (a filtered list stays filtered). */
function withLanguage(event: APIGatewayProxyEventV2, locale: string): string {
  const params = new URLSearchParams(event.rawQueryString ?? '');
  params.set('lang', locale);
  return `${event.rawPath}?${params.toString()}`;
}
