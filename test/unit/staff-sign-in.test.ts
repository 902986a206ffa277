import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signOutUrl, startSignIn } from '../../functions/auth/oidc.ts';
import { readSignInConfig, type SignInConfig } from '../../functions/auth/sign-in-config.ts';
import { clearCookie, readCookie, setCookie } from '../../functions/http/cookies.ts';
import { staffPageSecurityHeaders } from '../../functions/http/page-responses.ts';
import { readSignInCookie, signInCookieValue } from '../../functions/http/sign-in-cookie.ts';
import { safeReturnTo } from '../../functions/staff-pages/sign-in-page.ts';

const config: SignInConfig = {
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  clientId: 'client123',
  signInBaseUrl: 'https://caseforms-prod.auth.eu-west-1.amazoncognito.com',
  jwksUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json',
  pagesBaseUrl: 'https://api.example.org',
};

describe('the sign-in request', () => {
  it('asks for a code with a fresh state and an S256 challenge of a verifier kept for the callback', () => {
    const first = startSignIn(config);
    const second = startSignIn(config);
    const url = new URL(first.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://caseforms-prod.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code', client_id: 'client123', redirect_uri: 'https://api.example.org/staff/callback', scope: 'openid',
      state: first.state, code_challenge: createHash('sha256').update(first.verifier).digest('base64url'), code_challenge_method: 'S256',
    });
    expect(first.state).not.toBe(second.state);
    expect(first.verifier).not.toBe(second.verifier);
    expect(first.verifier.length).toBeGreaterThanOrEqual(43);
  });

  it('signs out at the sign-in domain and comes back to the staff entrance', () => {
    const url = new URL(signOutUrl(config));
    expect(url.pathname).toBe('/logout');
    expect(url.searchParams.get('logout_uri')).toBe('https://api.example.org/staff/sign-in');
  });

  it('reads its settings from the environment, naming every one missing', () => {
    expect(() => readSignInConfig({})).toThrow(/STAFF_ISSUER, STAFF_CLIENT_ID, STAFF_SIGN_IN_URL, STAFF_JWKS_URL, STAFF_PAGES_URL/);
    expect(readSignInConfig({
      STAFF_ISSUER: config.issuer, STAFF_CLIENT_ID: 'c', STAFF_SIGN_IN_URL: `${config.signInBaseUrl}/`, STAFF_JWKS_URL: config.jwksUrl, STAFF_PAGES_URL: 'https://api.example.org/',
    })).toMatchObject({ signInBaseUrl: config.signInBaseUrl, pagesBaseUrl: 'https://api.example.org' });
  });
});

describe('where a sign-in may return to', () => {
  it.each(['/staff/demo/cases', '/staff/demo/cases?state=intake&mine=1', '/staff/demo/cases/0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f/forms/care-plan'])('a staff page: %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each(['https://evil.example/staff/', '//evil.example/staff/', '/staff//evil.example', '/\\evil.example', '/agencies/demo/cases', 'javascript:alert(1)', '/staff/"><script>', '', undefined])('nowhere else: %s', (path) => {
    expect(safeReturnTo(path)).toBeUndefined();
  });
});

describe('cookies', () => {
  it('are HttpOnly, SameSite=Lax, scoped, and Secure over https', () => {
    expect(setCookie('s', 'v', { path: '/staff', maxAgeSeconds: 3599.7, secure: true })).toBe('s=v; Path=/staff; Max-Age=3599; HttpOnly; SameSite=Lax; Secure');
    expect(clearCookie('s', { path: '/staff', secure: false })).toBe('s=; Path=/staff; Max-Age=0; HttpOnly; SameSite=Lax');
  });

  it('are read by exact name from API Gateway\'s cookies list', () => {
    const event = { cookies: ['caseforms_session_old=x', ' caseforms_session=abc.def=', 'other=1'] };
    expect(readCookie(event, 'caseforms_session')).toBe('abc.def=');
    expect(readCookie({}, 'caseforms_session')).toBeUndefined();
  });

  it('carry the sign-in in progress, and refuse a tampered one', () => {
    const value = signInCookieValue({ state: 's1', verifier: 'v1', returnTo: '/staff/demo/cases' });
    expect(readSignInCookie(value)).toEqual({ state: 's1', verifier: 'v1', returnTo: '/staff/demo/cases' });
    expect(readSignInCookie('not base64 json')).toBeUndefined();
    expect(readSignInCookie(Buffer.from('{"state":1}').toString('base64url'))).toBeUndefined();
  });
});

describe('the staff pages\' Content-Security-Policy', () => {
  it('lets forms end at the sign-in domain (sign-out\'s redirect) and nowhere else, and allows downloads', () => {
    const policy = staffPageSecurityHeaders(config.signInBaseUrl).contentSecurityPolicy as Record<string, string>;
    expect(policy['form-action']).toBe(`'self' https://caseforms-prod.auth.eu-west-1.amazoncognito.com`);
    expect(policy.sandbox).toContain('allow-downloads');
    expect(policy['default-src']).toBe("'none'");
    expect((staffPageSecurityHeaders(undefined).contentSecurityPolicy as Record<string, string>)['form-action']).toBe("'self'");
  });
});
