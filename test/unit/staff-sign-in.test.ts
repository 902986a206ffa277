import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exchangeCode, refreshSession, revokeRefreshToken, SignInError, SignInUnavailableError, signOutUrl, startSignIn, verifySession } from '../../functions/web/staff/oidc.ts';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer } from '../../local/dev-issuer.ts';
import { readSignInConfig, type SignInConfig } from '../../functions/contracts/sign-in-config.ts';
import { clearCookie, readCookie, setCookie } from '../../functions/web/http/cookies.ts';
import { staffPageSecurityHeaders } from '../../functions/web/http/page-responses.ts';
import { readSignInCookie, signInCookieValue } from '../../functions/web/staff/sign-in-cookie.ts';
import { renderSignInPage, safeReturnTo } from '../../functions/web/staff-pages/sign-in-page.ts';
import { signInChrome } from '../../functions/web/staff/sign-in-language.ts';
import { staffLanguage } from '../../functions/web/staff-pages/staff-words.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

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
    const policy = staffPageSecurityHeaders(undefined, config.signInBaseUrl, undefined).contentSecurityPolicy as Record<string, string>;
    expect(policy['form-action']).toBe(`'self' https://caseforms-prod.auth.eu-west-1.amazoncognito.com`);
    expect(policy.sandbox).toContain('allow-downloads');
    expect(policy['default-src']).toBe("'none'");
    expect((staffPageSecurityHeaders(undefined, undefined, undefined).contentSecurityPolicy as Record<string, string>)['form-action']).toBe("'self'");
  });
});

describe('checking a session', () => {
  const serve = async (answer: (response: ServerResponse) => void) => {
    const server = createServer((_, response) => answer(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, close: () => new Promise((resolve) => server.close(resolve)) };
  };
  const issuerKeyFile = join(mkdtempSync(join(tmpdir(), 'caseforms-issuer-')), 'key.json');

  it('accepts the issuer\'s own token, and answers undefined for a token that is not a session', async () => {
    const issuer = await DevIssuer.open(issuerKeyFile);
    const jwks = await serve((response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.jwks())));
    try {
      const settings = { ...config, issuer: DEV_ISSUER, clientId: DEV_AUDIENCE, jwksUrl: jwks.url };
      const token = await issuer.sign({ agencyId: 'demo', roles: ['supervisor'], email: 's@demo.test', tokenUse: 'id' });
      expect(await verifySession(settings, token)).toMatchObject({ 'custom:agency': 'demo', token_use: 'id' });
      expect(await verifySession({ ...settings, clientId: 'another-client' }, token)).toBeUndefined();
      expect(await verifySession(settings, await issuer.sign({ agencyId: 'demo', roles: ['supervisor'], email: 's@demo.test', expiresIn: '-1m' }))).toBeUndefined();
      expect(await verifySession(settings, 'garbage')).toBeUndefined();
      // An access token of the same issuer and client is no session (Cognito's token_use).
      expect(await verifySession(settings, await issuer.sign({ agencyId: 'demo', roles: ['supervisor'], email: 's@demo.test', tokenUse: 'access' }))).toBeUndefined();
    } finally {
      await jwks.close();
    }
  });

  it('says sign-in is unavailable, not that the session is bad, when the key set cannot be had', async () => {
    const issuer = await DevIssuer.open(issuerKeyFile);
    const token = await issuer.sign({ agencyId: 'demo', roles: ['supervisor'], email: 's@demo.test', tokenUse: 'id' });
    const failing = await serve((response) => response.writeHead(500).end('down'));
    try {
      await expect(verifySession({ ...config, issuer: DEV_ISSUER, clientId: DEV_AUDIENCE, jwksUrl: failing.url }, token)).rejects.toBeInstanceOf(SignInUnavailableError);
    } finally {
      await failing.close();
    }
    await expect(verifySession({ ...config, issuer: DEV_ISSUER, clientId: DEV_AUDIENCE, jwksUrl: failing.url.replace('/jwks.json', '/gone.json') }, token)).rejects.toBeInstanceOf(SignInUnavailableError);
    await expect(exchangeCode({ ...config, signInBaseUrl: failing.url.replace('/jwks.json', '') }, 'code', 'verifier')).rejects.toBeInstanceOf(SignInUnavailableError);
  });

  it('renews with the refresh grant, tells a refused refresh token from an unreachable domain, and revokes on a best-effort basis', async () => {
    const requests: URLSearchParams[] = [];
    let status = 200;
    const domain = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      request.on('end', () => {
        requests.push(new URLSearchParams(body));
        response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? JSON.stringify({ id_token: 'new-id-token' }) : '{"error":"invalid_grant"}');
      });
    });
    await new Promise<void>((resolve) => domain.listen(0, '127.0.0.1', resolve));
    const settings = { ...config, signInBaseUrl: `http://127.0.0.1:${(domain.address() as AddressInfo).port}` };
    try {
      expect(await refreshSession(settings, 'refresh-1')).toBe('new-id-token');
      expect(Object.fromEntries(requests[0]!)).toEqual({ client_id: 'client123', grant_type: 'refresh_token', refresh_token: 'refresh-1' });
      expect(await revokeRefreshToken(settings, 'refresh-1')).toBe(true);
      expect(Object.fromEntries(requests[1]!)).toEqual({ token: 'refresh-1', client_id: 'client123' });
      status = 400;
      await expect(refreshSession(settings, 'revoked')).rejects.toBeInstanceOf(SignInError);
      status = 503;
      await expect(refreshSession(settings, 'any')).rejects.toBeInstanceOf(SignInUnavailableError);
    } finally {
      await new Promise((resolve) => domain.close(resolve));
    }
    // The domain gone: renewing is unavailable (not a bad session), and revoking reports it did not happen.
    await expect(refreshSession(settings, 'any')).rejects.toBeInstanceOf(SignInUnavailableError);
    expect(await revokeRefreshToken(settings, 'any')).toBe(false);
  });
});

describe('the pages before sign-in, in the browser\'s language', () => {
  const templates = new TemplateLibrary('templates');
  const catalog = loadCatalog(formsDirWithHarbor());
  const chrome = (acceptLanguage: string | undefined, returnTo?: string) => signInChrome({ acceptLanguage, returnTo }, () => catalog, templates);

  it('the entrance in English by default, in Spanish, and in Arabic right to left', () => {
    const english = renderSignInPage({ agencyName: 'caseforms' }, '/staff/demo/cases');
    expect(english).toContain('<html lang="en" dir="ltr">');
    expect(english).toContain('<h1>Staff sign-in</h1>');
    expect(english).toContain('>Sign in</a>');

    const spanish = renderSignInPage(chrome('es-MX'), undefined);
    expect(spanish).toContain('<title>Acceso del personal · caseforms</title>');
    expect(spanish).toContain('Los gestores de casos, supervisores y trabajadores de admisión inician sesión');
    expect(spanish).toContain('>Iniciar sesión</a>');
    for (const word of ['Staff sign-in', 'Case managers', '>Sign in<']) expect(spanish).not.toContain(word);

    const arabic = renderSignInPage(staffLanguageChrome('ar'), undefined);
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('<h1>تسجيل دخول الموظفين</h1>');
    expect(arabic).not.toContain('Staff sign-in');
  });

  it('among the staff pages\' languages, or the languages of the agency the sign-in returns to', () => {
    expect(chrome('ar, en;q=0.5').language.locale).toBe('ar');
    expect(chrome('de').language.locale).toBe('en');
    expect(chrome(undefined).language.locale).toBe('en');
    // Harbor serves en and fr: Spanish is not among them, French is.
    expect(chrome('es, fr;q=0.5', '/staff/harbor/cases').language.locale).toBe('fr');
    expect(chrome('es', '/staff/harbor/cases').language.locale).toBe('en');
    expect(chrome('es', '/staff/no-such-agency/cases').language.locale).toBe('es');
    // The address names no agency the page trusts: its name and colour stay the service's.
    expect(chrome('fr', '/staff/harbor/cases')).toMatchObject({ agencyName: 'caseforms' });
    expect(chrome('fr', '/staff/harbor/cases').brandColor).toBeUndefined();
  });

  function staffLanguageChrome(locale: string) {
    return { agencyName: 'caseforms', language: staffLanguage(templates, 'demo', locale) };
  }
});
