import { revokeRefreshToken, SignInUnavailableError, signOutUrl } from '../web/staff/oidc.ts';
import { builtOnce } from '../composition/built-once.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { StorageError } from '../domain/cases/storage-error.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { readCookie } from '../web/http/cookies.ts';
import { staffPageSecurityHeaders } from '../web/http/page-responses.ts';
import { sameOrigin } from '../web/http/same-origin.ts';
import { redirect, signInUnavailable, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { clearedStaffCookies, endSession, REFRESH_COOKIE, SESSION_COOKIE } from '../web/staff/staff-session.ts';
import { signInChrome } from '../web/staff/sign-in-language.ts';
import { templateLibrary } from '../web/public/intake-page-request.ts';

/**
 * POST /staff/sign-out: the session's server-side record is ended (pages and API refuse its tokens from then on), the
 * refresh token is revoked, the session and refresh cookies are cleared, and the browser
 * goes on to the sign-in domain's logout, which ends its own session too (else the next sign-in would pass without a
 * password) and returns to the sign-in page.
 */
export function build(settings: () => Config = readConfig) {
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return apiHandler(async (event) => {
    const config = readSignInConfig();
    // A refusal here is read by whoever was signed in; their browser's language is what is known of them.
    const chrome = () => signInChrome({ acceptLanguage: event.headers['accept-language'], returnTo: undefined }, undefined, templateLibrary(settings().templatesDir));
    const words = () => chrome().language.words('staffSignIn');
    if (!sameOrigin(event.headers.origin, event.headers.host, config.pagesBaseUrl)) {
      return staffPageMessage(403, chrome(), words().t('signOut.title'), words().t('signOut.otherSite'));
    }
    // The session ends here first, for the pages and the API alike: a copy of the cookie is refused from now on.
    try {
      await endSession(event, sessions);
    } catch (error) {
      if (error instanceof SignInUnavailableError) return signInUnavailable(chrome());
      if (error instanceof StorageError) return staffPageMessage(503, chrome(), words().t('signOut.title'), words().t('signOut.unavailable'), { 'Retry-After': '5' });
      throw error;
    }
    const refreshToken = readCookie(event, REFRESH_COOKIE);
    if (refreshToken) await revokeRefreshToken(config, refreshToken);
    return redirect(signOutUrl(config), clearedStaffCookies(config, SESSION_COOKIE, REFRESH_COOKIE));
  }, { securityHeaders: staffPageSecurityHeaders() });
}

export const handler = build();
