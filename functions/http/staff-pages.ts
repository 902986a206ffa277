import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Role } from '../auth/roles.ts';
import { staffFromClaims, type StaffMember } from '../auth/staff-claims.ts';
import { SignInUnavailableError, verifySession } from '../auth/oidc.ts';
import { readSignInConfig } from '../auth/sign-in-config.ts';
import { StorageError } from '../cases/storage-error.ts';
import { routes } from '../routes.ts';
import { staffMessagePage, type StaffChrome } from '../staff-pages/staff-layout.ts';
import { getServices } from '../services.ts';
import { apiHandler } from './api-handler.ts';
import { readCookie } from './cookies.ts';
import { isPlainId } from './ids.ts';
import { htmlResponse, staffPageSecurityHeaders } from './page-responses.ts';
import type { HttpResponse } from './responses.ts';

export const SESSION_COOKIE = 'caseforms_session';

export interface StaffPageEvent extends APIGatewayProxyEventV2 {
  readonly staff: StaffMember;
  readonly agencyName: string;
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
 * Who is signed in, from the session cookie (the ID token the sign-in gave, verified on every request: signature,
 * issuer, audience, expiry), or undefined.
 */
export async function sessionStaff(event: APIGatewayProxyEventV2): Promise<StaffMember | undefined> {
  const token = readCookie(event, SESSION_COOKIE);
  return token ? staffFromClaims(await verifySession(readSignInConfig(), token)) : undefined;
}

/**
 * A staff page's handler, with the roles the route table gives it, checked as the API checks them: no session sends
 * the browser to sign in (and back here after); another agency's pages answer 404 as if they did not exist; a role
 * the route does not allow gets 403. Storage trouble is a 503 page the user may retry.
 */
export function staffPageHandler(name: string, handler: (event: StaffPageEvent, context: Context) => Promise<HttpResponse>) {
  const route = routes.find((candidate) => candidate.handler === name);
  if (!route || route.access !== 'staff-page' || !route.roles) throw new Error(`${name} is not a signed-in staff page in functions/routes.ts`);
  const roles: readonly Role[] = route.roles;
  return apiHandler(async (event, context) => {
    let staff: StaffMember | undefined;
    try {
      staff = await sessionStaff(event);
    } catch (error) {
      if (error instanceof SignInUnavailableError) return signInUnavailable({ agencyName: 'caseforms' });
      throw error;
    }
    if (!staff) {
      const back = event.requestContext.http.method === 'GET' ? `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}` : '';
      return redirect(`/staff/sign-in${back ? `?returnTo=${encodeURIComponent(back)}` : ''}`);
    }
    const agency = getServices().catalog.agency(staff.agencyId);
    const chrome: StaffChrome = { agencyName: agency?.name ?? 'caseforms', staff };
    const agencyId = event.pathParameters?.agencyId;
    if (!agency || !isPlainId(agencyId) || agencyId !== staff.agencyId) return staffPageMessage(404, chrome, 'Not found', 'There is no such page.');
    if (!staff.roles.some((role) => roles.includes(role))) {
      return staffPageMessage(403, chrome, 'Not allowed', `This page needs one of the roles: ${roles.join(', ')}.`);
    }
    try {
      return await handler({ ...event, staff, agencyName: agency.name }, context);
    } catch (error) {
      if (error instanceof StorageError) return staffPageMessage(503, chrome, 'Try again shortly', 'Case storage is unavailable right now. Nothing was changed.', { 'Retry-After': '5' });
      throw error;
    }
  }, [], staffPageSecurityHeaders());
}
