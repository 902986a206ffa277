import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { SignInConfig } from '../../contracts/sign-in-config.ts';

/**
 * The OAuth 2.0 authorization-code flow with PKCE (RFC 7636) against the sign-in domain, as Cognito's managed login
 * speaks it: the browser is sent to /oauth2/authorize, comes back to the callback with a code, and the function trades
 * the code for tokens at /oauth2/token. The staff session is the ID token, verified here on every page.
 */
export const CALLBACK_PATH = '/staff/callback';

export interface SignInStart {
  readonly state: string;
  readonly verifier: string;
  readonly url: string;
}

const randomToken = () => randomBytes(32).toString('base64url');

export function startSignIn(config: SignInConfig): SignInStart {
  const state = randomToken();
  const verifier = randomToken();
  const url = new URL(`${config.signInBaseUrl}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${config.pagesBaseUrl}${CALLBACK_PATH}`,
    // openid alone: Cognito then puts every attribute the client may read in the ID token (custom:agency, email);
    // asking for more scopes narrows the ID token to what those scopes name, and the agency would be missing.
    scope: 'openid',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { state, verifier, url: url.toString() };
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

/** The sign-in domain or its key set cannot be reached now: no session can be checked, which is not a bad one. */
export class SignInUnavailableError extends Error {
  override readonly name = 'SignInUnavailableError';
}

/** What a sign-in gives: the ID token (the session) and, from Cognito, a refresh token to renew it with. */
export interface SessionTokens {
  readonly idToken: string;
  readonly refreshToken?: string;
}

export { REFRESH_LIFETIME_SECONDS } from '../../contracts/sign-in-config.ts';

/**
 * A call to the sign-in domain's token endpoint: SignInError when it refuses (a code reused or expired, a wrong
 * verifier, a refresh token revoked or expired), SignInUnavailableError when it cannot be reached or fails.
 */
async function tokenRequest(config: SignInConfig, params: Record<string, string>): Promise<SessionTokens> {
  let response: Response;
  try {
    response = await fetch(`${config.signInBaseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: config.clientId, ...params }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new SignInUnavailableError(`the token endpoint could not be reached (${(error as Error).name})`);
  }
  if (response.status >= 500) throw new SignInUnavailableError(`token endpoint answered ${response.status}`);
  if (!response.ok) throw new SignInError(`token endpoint answered ${response.status}`);
  const tokens = (await response.json()) as { id_token?: unknown; refresh_token?: unknown };
  if (typeof tokens.id_token !== 'string') throw new SignInError('token endpoint sent no ID token');
  return { idToken: tokens.id_token, ...(typeof tokens.refresh_token === 'string' ? { refreshToken: tokens.refresh_token } : {}) };
}

/** The tokens for a code. */
export function exchangeCode(config: SignInConfig, code: string, verifier: string): Promise<SessionTokens> {
  return tokenRequest(config, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: `${config.pagesBaseUrl}${CALLBACK_PATH}` });
}

/** A fresh ID token for a session that has ended, from the refresh token the sign-in gave. */
export async function refreshSession(config: SignInConfig, refreshToken: string): Promise<string> {
  return (await tokenRequest(config, { grant_type: 'refresh_token', refresh_token: refreshToken })).idToken;
}

/**
 * Revokes a refresh token at sign-out (Cognito's /oauth2/revoke), so a copy of the cookie renews nothing. Best effort:
 * sign-out goes on when the domain cannot be reached, and the token then ends with its lifetime.
 */
export async function revokeRefreshToken(config: SignInConfig, refreshToken: string): Promise<boolean> {
  try {
    const response = await fetch(`${config.signInBaseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: config.clientId }),
      signal: AbortSignal.timeout(5_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Cognito marks its tokens `token_use`: "id" for the ID token, the only kind staff pages and the staff API accept. */
export function isIdToken(claims: Readonly<Record<string, unknown>> | undefined): boolean {
  return claims?.token_use === 'id';
}

/**
 * The session token's claims when its signature, issuer, audience and expiry hold, and it is an ID token; undefined for a token that is not
 * a valid session. SignInUnavailableError when the issuer's key set cannot be had (unreachable, slow, or not a key
 * set): the user is told to try again rather than sent to sign in over and over.
 */
export async function verifySession(config: SignInConfig, token: string): Promise<JWTPayload | undefined> {
  let keys = keySets.get(config.jwksUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(config.jwksUrl));
    keySets.set(config.jwksUrl, keys);
  }
  try {
    const { payload } = await jwtVerify(token, keys, { issuer: config.issuer, audience: config.clientId, requiredClaims: ['exp', 'sub'] });
    // Only an ID token is a session: an access token (Cognito's token_use "access") of the same client is refused.
    return isIdToken(payload) ? payload : undefined;
  } catch (error) {
    const keysUnavailable = !(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid
      || error.code === 'ERR_JOSE_GENERIC';
    if (keysUnavailable) throw new SignInUnavailableError(`the issuer's key set could not be read (${(error as Error).name})`);
    return undefined;
  }
}

/** Where sign-out goes: the sign-in domain forgets its own session, then returns to the staff pages' sign-in. */
export function signOutUrl(config: SignInConfig): string {
  const url = new URL(`${config.signInBaseUrl}/logout`);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: `${config.pagesBaseUrl}/staff/sign-in` }).toString();
  return url.toString();
}
