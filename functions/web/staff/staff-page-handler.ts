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
import { staffSession, type SessionEvent } from './staff-session.ts';
import { idleMinutesOf, type SessionStores } from '../../domain/sessions/staff-sessions.ts';
import { apiHandler } from '../http/api-handler.ts';
import { clearCookie, setCookie } from '../http/cookies.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { htmlResponse, staffPageSecurityHeaders } from '../http/page-responses.ts';
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
}

/** A page refusing the request, in the staff pages' chrome. */
export function staffPageMessage(status: number, chrome: StaffChrome, title: string, message: string, headers: Record<string, string> = {}): HttpResponse {
  const back = chrome.staff ? { href: `/staff/${chrome.staff.agencyId}/cases`, label: 'Back to cases' } : undefined;
  return htmlResponse(status, staffMessagePage(chrome, title, message, back), headers);
}

/** The sign-in domain could not be reached to check a session: try again shortly (not "sign in again"). */
export function signInUnavailable(chrome: StaffChrome): HttpResponse {
  return staffPageMessage(503, chrome, 'Try again shortly', 'Sign-in cannot be checked right now. Nothing was changed.', { 'Retry-After': '5' });
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
}

/** Each agency's idle period, from its settings (the default when the catalog cannot be had). */
export function idleMinutesFor(agencies: ServedAgencies): (agencyId: string) => number {
  return (agencyId) => idleMinutesOf(servedAgency(agencies, agencyId));
}

export function staffPageHandler<X extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2>(
  name: string,
  handler: (event: StaffPageEvent & X, context: Context) => Promise<HttpResponse>,
  { agencies, sessions, keepIdlePost = false }: StaffPageDeps,
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
    const chrome: StaffChrome = { agencyName: agency?.name ?? 'caseforms', staff, brandColor };
    const agencyId = event.pathParameters?.agencyId;
    if (!agency || !isPlainId(agencyId) || agencyId !== staff.agencyId) return staffPageMessage(404, chrome, 'Not found', 'There is no such page.');
    if (!staff.roles.some((role) => roles.includes(role))) {
      return staffPageMessage(403, chrome, 'Not allowed', `This page needs one of the roles: ${roles.join(', ')}.`);
    }
    try {
      return await handler({ ...event, staff, agencyName: agency.name, brandColor, ...(signedOutForInactivity ? { signedOutForInactivity: true as const } : {}) }, context);
    } catch (error) {
      if (error instanceof StorageError) return staffPageMessage(503, chrome, 'Try again shortly', 'Case storage is unavailable right now. Nothing was changed.', { 'Retry-After': '5' });
      throw error;
    }
  }
}
