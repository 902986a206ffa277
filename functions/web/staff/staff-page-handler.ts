import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { chosenBrandColor } from '../../domain/forms/brand.ts';
import type { Role } from '../../contracts/roles.ts';
import { staffFromClaims, type StaffMember } from '../../contracts/staff-claims.ts';
import type { JWTPayload } from 'jose';
import { REFRESH_LIFETIME_SECONDS, refreshSession, SignInError, SignInUnavailableError, verifySession } from './oidc.ts';
import { readSignInConfig, secureCookies, type SignInConfig } from '../../contracts/sign-in-config.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import { routes } from '../../contracts/routes.ts';
import { staffMessagePage, type StaffChrome } from '../staff-pages/staff-layout.ts';
import { getServices } from '../../services.ts';
import { apiHandler } from '../http/api-handler.ts';
import { clearCookie, readCookie, setCookie } from '../http/cookies.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { htmlResponse, staffPageSecurityHeaders } from '../http/page-responses.ts';
import type { HttpResponse } from '../http/responses.ts';

export const SESSION_COOKIE = 'caseforms_session';
/** The refresh token: renews a session that has ended, for a working day after sign-in. */
export const REFRESH_COOKIE = 'caseforms_refresh';

export interface StaffPageEvent extends APIGatewayProxyEventV2 {
  readonly staff: StaffMember;
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

/** Where the staff cookies live: the staff pages only, Secure over https. */
function staffCookieScope(config: SignInConfig): { path: string; secure: boolean } {
  return { path: '/staff', secure: secureCookies(config) };
}

/** The session cookie for a verified ID token: it lasts exactly as long as the token. */
export function sessionCookie(config: SignInConfig, idToken: string, claims: JWTPayload): string {
  return setCookie(SESSION_COOKIE, idToken, { ...staffCookieScope(config), maxAgeSeconds: Number(claims.exp) - Math.floor(Date.now() / 1000) });
}

/** The refresh cookie, for as long as the refresh token lasts. */
export function refreshCookie(config: SignInConfig, refreshToken: string): string {
  return setCookie(REFRESH_COOKIE, refreshToken, { ...staffCookieScope(config), maxAgeSeconds: REFRESH_LIFETIME_SECONDS });
}

/** Clears staff cookies by name (sign-out clears both, a refused refresh token only its own). */
export function clearedStaffCookies(config: SignInConfig, ...names: string[]): string[] {
  return names.map((name) => clearCookie(name, staffCookieScope(config)));
}

/** The response with the session's cookies added to its own. */
export function withCookies(response: HttpResponse, cookies: readonly string[]): HttpResponse {
  return cookies.length > 0 ? { ...response, cookies: [...(response.cookies ?? []), ...cookies] } : response;
}

/** Who is signed in, and the cookies to send back with the answer (a renewed session, or a refresh token to drop). */
export interface Session {
  readonly staff: StaffMember | undefined;
  readonly cookies: readonly string[];
}

/**
 * Who is signed in, from the session cookie (the ID token the sign-in gave, verified on every request: signature,
 * issuer, audience, expiry). When that has ended, the refresh cookie renews it: the request goes on as if it had not
 * ended (a form sent at that moment is saved, not lost), and the new ID token is set. A refresh token the domain
 * refuses (revoked, expired) is dropped, and the user signs in again.
 */
export async function sessionOf(event: APIGatewayProxyEventV2): Promise<Session> {
  const config = readSignInConfig();
  const token = readCookie(event, SESSION_COOKIE);
  const staff = token ? staffFromClaims(await verifySession(config, token)) : undefined;
  const refreshToken = readCookie(event, REFRESH_COOKIE);
  if (staff || !refreshToken) return { staff, cookies: [] };
  const dropped: Session = { staff: undefined, cookies: clearedStaffCookies(config, REFRESH_COOKIE) };
  let idToken: string;
  try {
    idToken = await refreshSession(config, refreshToken);
  } catch (error) {
    if (error instanceof SignInError) return dropped;
    throw error;
  }
  const claims = await verifySession(config, idToken);
  const renewed = staffFromClaims(claims);
  if (!claims || !renewed) return dropped;
  return { staff: renewed, cookies: [sessionCookie(config, idToken, claims)] };
}

/**
 * A staff page's handler, with the roles the route table gives it, checked as the API checks them: no session sends
 * the browser to sign in (and back here after); another agency's pages answer 404 as if they did not exist; a role
 * the route does not allow gets 403. Storage trouble is a 503 page the user may retry.
 */
export function staffPageHandler(name: string, handler: (event: StaffPageEvent, context: Context) => Promise<HttpResponse>) {
  const route = routes.find((candidate) => candidate.handler === name);
  if (!route || route.access !== 'staff-page' || !route.roles) throw new Error(`${name} is not a signed-in staff page in functions/contracts/routes.ts`);
  const roles: readonly Role[] = route.roles;
  return apiHandler(async (event, context) => {
    let session: Session;
    try {
      session = await sessionOf(event);
    } catch (error) {
      if (error instanceof SignInUnavailableError) return signInUnavailable({ agencyName: 'caseforms' });
      throw error;
    }
    const { staff, cookies } = session;
    if (!staff) {
      const back = event.requestContext.http.method === 'GET' ? `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}` : '';
      return redirect(`/staff/sign-in${back ? `?returnTo=${encodeURIComponent(back)}` : ''}`, cookies);
    }
    return withCookies(await pageFor(staff, event, context), cookies);
  }, [], staffPageSecurityHeaders());

  async function pageFor(staff: StaffMember, event: APIGatewayProxyEventV2, context: Context): Promise<HttpResponse> {
    const agency = getServices().catalog.agency(staff.agencyId);
    const brandColor = chosenBrandColor(agency);
    const chrome: StaffChrome = { agencyName: agency?.name ?? 'caseforms', staff, brandColor };
    const agencyId = event.pathParameters?.agencyId;
    if (!agency || !isPlainId(agencyId) || agencyId !== staff.agencyId) return staffPageMessage(404, chrome, 'Not found', 'There is no such page.');
    if (!staff.roles.some((role) => roles.includes(role))) {
      return staffPageMessage(403, chrome, 'Not allowed', `This page needs one of the roles: ${roles.join(', ')}.`);
    }
    try {
      return await handler({ ...event, staff, agencyName: agency.name, brandColor }, context);
    } catch (error) {
      if (error instanceof StorageError) return staffPageMessage(503, chrome, 'Try again shortly', 'Case storage is unavailable right now. Nothing was changed.', { 'Retry-After': '5' });
      throw error;
    }
  }
}
