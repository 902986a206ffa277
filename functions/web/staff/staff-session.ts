import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { readSignInConfig, secureCookies, type SignInConfig } from '../../contracts/sign-in-config.ts';
import { staffFromClaims, type StaffMember } from '../../contracts/staff-claims.ts';
import { clearCookie, readCookie, setCookie } from '../http/cookies.ts';
import type { HttpResponse } from '../http/responses.ts';
import { checkSession, keepUntil, sessionHashOf, type SessionEnd, type SessionStores } from '../../domain/sessions/staff-sessions.ts';
import { REFRESH_LIFETIME_SECONDS, refreshSession, SignInError, SignInUnavailableError, verifySession } from './oidc.ts';

export const SESSION_COOKIE = 'caseforms_session';
/** The refresh token: renews a session that has ended, for a working day after sign-in. */
export const REFRESH_COOKIE = 'caseforms_refresh';

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
  /**
   * Why a session the browser still holds a valid token for is over: signed out, or idle past the agency's limit.
   * `endedStaff` is who it was, so a form sent just after an idle end can be shown again with its answers.
   */
  readonly ended?: SessionEnd;
  readonly endedStaff?: StaffMember;
}

/** What reading a session needs besides the request: the session records, and each agency's idle period. */
export interface SessionDeps {
  readonly sessions: SessionStores;
  /** The agency's `sessionIdleMinutes` (or the default). */
  readonly idleMinutes: (agencyId: string) => number;
}

/**
 * Who is signed in, from the session cookie (the ID token the sign-in gave, verified on every request: signature,
 * issuer, audience, expiry, token_use), and the sign-in's server-side record (web/staff/server-session.ts): a session
 * ended by sign-out or by the agency's idle period is over, whatever token of it comes, and its cookies are cleared.
 * When the token has expired, the refresh cookie renews it: the request goes on as if it had not (a form sent at
 * that moment is saved, not lost), and the new ID token is set. A refresh token the domain refuses (revoked,
 * expired) is dropped, and the user signs in again.
 */
export async function sessionOf(event: APIGatewayProxyEventV2, deps: SessionDeps): Promise<Session> {
  const config = readSignInConfig();
  const token = readCookie(event, SESSION_COOKIE);
  const claims = token ? await verifySession(config, token) : undefined;
  const staff = staffFromClaims(claims);
  if (staff) return checked(staff, claims!, token!, []);
  const refreshToken = readCookie(event, REFRESH_COOKIE);
  if (!refreshToken) return { staff: undefined, cookies: [] };
  const dropped: Session = { staff: undefined, cookies: clearedStaffCookies(config, REFRESH_COOKIE) };
  let idToken: string;
  try {
    idToken = await refreshSession(config, refreshToken);
  } catch (error) {
    if (error instanceof SignInError) return dropped;
    throw error;
  }
  const renewedClaims = await verifySession(config, idToken);
  const renewed = staffFromClaims(renewedClaims);
  if (!renewedClaims || !renewed) return dropped;
  return checked(renewed, renewedClaims, idToken, [sessionCookie(config, idToken, renewedClaims)]);

  async function checked(member: StaffMember, verified: JWTPayload, idToken: string, cookies: string[]): Promise<Session> {
    const state = await checkSession(deps.sessions(), member.agencyId, sessionHashOf(verified, idToken), deps.idleMinutes(member.agencyId));
    if (state === 'active') return { staff: member, cookies };
    return { staff: undefined, cookies: clearedStaffCookies(config, SESSION_COOKIE, REFRESH_COOKIE), ended: state, endedStaff: member };
  }
}

/**
 * Sign-out's half of the record: the session the cookie's token belongs to is ended now, for the pages and for the
 * API (which takes the same ID token as a bearer). A token that no longer verifies (expired) needs nothing: the
 * refresh token, revoked by sign-out, was all that could renew it.
 */
export async function endSession(event: APIGatewayProxyEventV2, sessions: SessionStores): Promise<boolean> {
  const token = readCookie(event, SESSION_COOKIE);
  const claims = token ? await verifySession(readSignInConfig(), token) : undefined;
  const staff = staffFromClaims(claims);
  if (!claims || !staff) return false;
  const now = Math.floor(Date.now() / 1000);
  await sessions().end(staff.agencyId, sessionHashOf(claims, token!), now, 'sign-out', keepUntil(now));
  return true;
}

export interface SessionEvent extends APIGatewayProxyEventV2 {
  /** Who is signed in, or 'unavailable' when the sign-in domain could not be reached to check. */
  session: Session | 'unavailable';
}

/**
 * The staff pages' sign-in, read before the page as staffAuth reads the API's token: the page decides what a missing
 * session means (sign in, or try again shortly). A renewed session's cookie, or a refused refresh token's removal,
 * goes out with whatever the page answers.
 */
export function staffSession(deps: SessionDeps): MiddlewareObj<SessionEvent, HttpResponse> {
  return {
    before: async (request) => {
      try {
        request.event.session = await sessionOf(request.event, deps);
      } catch (error) {
        if (!(error instanceof SignInUnavailableError)) throw error;
        request.event.session = 'unavailable';
      }
    },
    after: (request) => {
      const { session } = request.event;
      if (request.response && session !== 'unavailable' && session) request.response = withCookies(request.response, session.cookies);
    },
  };
}
