import { SignInUnavailableError, startSignIn } from '../web/staff/oidc.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { htmlResponse, staffPageSecurityHeaders } from '../web/http/page-responses.ts';
import { signInCookie } from '../web/staff/sign-in-cookie.ts';
import { idleMinutesFor, redirect } from '../web/staff/staff-page-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { sessionOf, withCookies, type Session } from '../web/staff/staff-session.ts';
import { renderSignInPage, safeReturnTo } from '../web/staff-pages/sign-in-page.ts';
import { signInChrome } from '../web/staff/sign-in-language.ts';
import { templateLibrary } from '../web/public/intake-page-request.ts';

/**
 * GET /staff/sign-in: the staff entrance. With `start`, it sends the browser to the sign-in domain (Cognito's managed
 * login in AWS, the dev issuer locally), remembering the state, the PKCE verifier and where to come back to in a
 * short-lived cookie only the callback receives.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { catalog: servingCatalog(config), sessions: new DynamoSessionStore(config.tableName), templates: templateLibrary(config.templatesDir) };
  });
  const deps = { sessions: () => parts().sessions, idleMinutes: idleMinutesFor(() => parts().catalog) };
  return apiHandler(async (event) => {
    const query = event.queryStringParameters ?? {};
    const returnTo = safeReturnTo(query.returnTo);
    // A browser already signed in goes straight on; one whose session cannot be checked now just signs in again.
    const { staff, cookies } = await sessionOf(event, deps).catch((error: unknown): Session => {
      if (error instanceof SignInUnavailableError) return { staff: undefined, cookies: [] };
      throw error;
    });
    if (staff) return redirect(returnTo ?? `/staff/${staff.agencyId}/cases`, cookies);
    if (query.start === undefined) {
      const chrome = signInChrome({ acceptLanguage: event.headers['accept-language'], returnTo }, () => parts().catalog, parts().templates);
      return withCookies(htmlResponse(200, renderSignInPage(chrome, returnTo), { 'Content-Language': chrome.language.locale }), cookies);
    }
    const config = readSignInConfig();
    const start = startSignIn(config);
    return redirect(start.url, [...cookies, signInCookie(config, { state: start.state, verifier: start.verifier, returnTo })]);
  }, { securityHeaders: staffPageSecurityHeaders() });
}

export const handler = build();
