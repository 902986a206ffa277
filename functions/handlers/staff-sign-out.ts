import { revokeRefreshToken, signOutUrl } from '../web/staff/oidc.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { readCookie } from '../web/http/cookies.ts';
import { staffPageSecurityHeaders } from '../web/http/page-responses.ts';
import { sameOrigin } from '../web/http/same-origin.ts';
import { redirect, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { clearedStaffCookies, REFRESH_COOKIE, SESSION_COOKIE } from '../web/staff/staff-session.ts';

/**
 * POST /staff/sign-out: the refresh token is revoked, the session and refresh cookies are cleared, and the browser
 * goes on to the sign-in domain's logout, which ends its own session too (else the next sign-in would pass without a
 * password) and returns to the sign-in page.
 */
export function build() {
  return apiHandler(async (event) => {
    const config = readSignInConfig();
    if (!sameOrigin(event.headers.origin, event.headers.host, config.pagesBaseUrl)) {
      return staffPageMessage(403, { agencyName: 'caseforms' }, 'Not signed out', 'The request did not come from a caseforms page.');
    }
    const refreshToken = readCookie(event, REFRESH_COOKIE);
    if (refreshToken) await revokeRefreshToken(config, refreshToken);
    return redirect(signOutUrl(config), clearedStaffCookies(config, SESSION_COOKIE, REFRESH_COOKIE));
  }, { securityHeaders: staffPageSecurityHeaders() });
}

export const handler = build();
