/** The sign-in in progress, between the staff entrance and the callback: never a credential, only what checks one. */
export const SIGN_IN_COOKIE = 'caseforms_sign_in';

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
