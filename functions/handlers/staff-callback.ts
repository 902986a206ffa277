import { exchangeCode, SignInError, SignInUnavailableError, verifySession, type SessionTokens } from '../web/staff/oidc.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';
import { staffFromClaims } from '../contracts/staff-claims.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { readCookie } from '../web/http/cookies.ts';
import { staffPageSecurityHeaders } from '../web/http/page-responses.ts';
import { clearedSignInCookie, readSignInCookie, SIGN_IN_COOKIE } from '../web/staff/sign-in-cookie.ts';
import { redirect, signInUnavailable, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { refreshCookie, sessionCookie } from '../web/staff/staff-session.ts';
import { logger } from '../observability/logger.ts';
import { signInChrome } from '../web/staff/sign-in-language.ts';
import { templateLibrary } from '../web/public/intake-page-request.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/callback?code=&state=: the sign-in domain sends the browser back here. The state must be the one this
 * browser started with (no one else's sign-in can be planted in it), and the code is traded, with the PKCE verifier,
 * for the ID token that becomes the session: an HttpOnly cookie that lasts exactly as long as the token. The refresh
 * token goes in a second HttpOnly cookie, for a working day.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { catalog: servingCatalog(config), templates: templateLibrary(config.templatesDir) };
  });
  return apiHandler(async (event) => {
    const config = readSignInConfig();
    const query = event.queryStringParameters ?? {};
    const progress = readSignInCookie(readCookie(event, SIGN_IN_COOKIE));
    // Read only when a page is shown: a sign-in that completes never needs the catalog.
    const chrome = () => signInChrome({ acceptLanguage: event.headers['accept-language'], returnTo: progress?.returnTo }, () => parts().catalog, parts().templates);
    const tryAgain = (status: number, reason: 'failed.notStartedHere' | 'failed.refused' | 'failed.notStaff') => {
      const frame = chrome();
      const words = frame.language.words('staffSignIn');
      return staffPageMessage(status, frame, words.t('failed.title'), words.t(reason));
    };
    if (!progress || !query.state || query.state !== progress.state) return tryAgain(400, 'failed.notStartedHere');
    if (!query.code) return tryAgain(401, 'failed.refused');

    let tokens: SessionTokens;
    try {
      tokens = await exchangeCode(config, query.code, progress.verifier);
    } catch (error) {
      if (error instanceof SignInUnavailableError) return signInUnavailable(chrome());
      if (!(error instanceof SignInError)) throw error;
      logger.warn('sign-in code refused', { reason: error.message, requestId: event.requestContext.requestId });
      return tryAgain(401, 'failed.refused');
    }
    let claims;
    try {
      claims = await verifySession(config, tokens.idToken);
    } catch (error) {
      if (error instanceof SignInUnavailableError) return signInUnavailable(chrome());
      throw error;
    }
    const staff = staffFromClaims(claims);
    if (!claims || !staff) return tryAgain(403, 'failed.notStaff');
    logger.info('staff signed in', { actor: staff.subject, agencyId: staff.agencyId, requestId: event.requestContext.requestId });
    return redirect(progress.returnTo ?? `/staff/${staff.agencyId}/cases`, [
      sessionCookie(config, tokens.idToken, claims),
      // What renews the session when the ID token ends, so a form open at that moment is not lost (web/staff/staff-session.ts).
      ...(tokens.refreshToken ? [refreshCookie(config, tokens.refreshToken)] : []),
      clearedSignInCookie(config),
    ]);
  }, { securityHeaders: staffPageSecurityHeaders() });
}

export const handler = build();
