/**
 * Where staff sign in: an OpenID Connect issuer with an OAuth 2.0 authorization-code endpoint. In AWS that is the
 * stack's Cognito user pool and its managed login domain; locally, the dev issuer the local stack serves. The staff
 * pages' functions read it from the environment, as the CDK stack and local/stack.ts set it.
 */
export interface SignInConfig {
  /** `iss` of the ID tokens. */
  readonly issuer: string;
  /** The app client: the ID token's `aud`. A public client (no secret), protected by PKCE. */
  readonly clientId: string;
  /** Base of `/oauth2/authorize`, `/oauth2/token` and `/logout` (Cognito's managed login domain). */
  readonly signInBaseUrl: string;
  readonly jwksUrl: string;
  /** Where the staff pages are served: the callback and sign-out return here. */
  readonly pagesBaseUrl: string;
}

export const signInVariables = {
  issuer: 'STAFF_ISSUER',
  clientId: 'STAFF_CLIENT_ID',
  signInBaseUrl: 'STAFF_SIGN_IN_URL',
  jwksUrl: 'STAFF_JWKS_URL',
  pagesBaseUrl: 'STAFF_PAGES_URL',
} as const satisfies Record<keyof SignInConfig, string>;

/** Staff cookies are Secure when the pages are served over https: always in AWS, not on 127.0.0.1. */
export function secureCookies(config: SignInConfig): boolean {
  return config.pagesBaseUrl.startsWith('https:');
}

export function readSignInConfig(env: NodeJS.ProcessEnv = process.env): SignInConfig {
  const missing = Object.values(signInVariables).filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  const value = (name: string) => env[name]!.replace(/\/+$/, '');
  return {
    issuer: value(signInVariables.issuer),
    clientId: env[signInVariables.clientId]!,
    signInBaseUrl: value(signInVariables.signInBaseUrl),
    jwksUrl: env[signInVariables.jwksUrl]!,
    pagesBaseUrl: value(signInVariables.pagesBaseUrl),
  };
}

/**
 * How long a refresh token lasts, a working day: the app client's refreshTokenValidity (infra/auth.ts), the dev
 * issuer's, and the refresh cookie's. A session renews itself through a day and no longer.
 */
export const REFRESH_LIFETIME_SECONDS = 12 * 3600;
