import { secureCookies, type SignInConfig } from '../../contracts/sign-in-config.ts';
import { clearCookie, setCookie } from '../http/cookies.ts';

/** The sign-in in progress, between the staff entrance and the callback: never a credential, only what checks one. */
export const SIGN_IN_COOKIE = 'caseforms_sign_in';

/** Sent to the callback only. */
const scope = (config: SignInConfig) => ({ path: '/staff/callback', secure: secureCookies(config) });

/** The cookie that carries a sign-in to the callback, for the ten minutes a sign-in may take. */
export function signInCookie(config: SignInConfig, progress: SignInInProgress): string {
  return setCookie(SIGN_IN_COOKIE, signInCookieValue(progress), { ...scope(config), maxAgeSeconds: 600 });
}

/** The callback's answer drops it: a sign-in is used once. */
export function clearedSignInCookie(config: SignInConfig): string {
  return clearCookie(SIGN_IN_COOKIE, scope(config));
}

export interface SignInInProgress {
  readonly state: string;
  readonly verifier: string;
  readonly returnTo: string | undefined;
}

export function signInCookieValue(progress: SignInInProgress): string {
  return Buffer.from(JSON.stringify(progress)).toString('base64url');
}

export function readSignInCookie(value: string | undefined): SignInInProgress | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<SignInInProgress>;
    if (typeof parsed.state !== 'string' || typeof parsed.verifier !== 'string') return undefined;
    return { state: parsed.state, verifier: parsed.verifier, returnTo: typeof parsed.returnTo === 'string' ? parsed.returnTo : undefined };
  } catch {
    return undefined;
  }
}
