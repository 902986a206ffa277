import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { PAGE_TOKEN_LIFETIME_SECONDS } from '../../functions/contracts/intake-credentials.ts';
import { apiKeyHash, matchApiKey, newApiKey } from '../../functions/domain/intake-access/api-keys.ts';
import { isUsableTokenKey, signPageToken, verifyPageToken } from '../../functions/domain/intake-access/page-token.ts';
import { intakeCredentials } from '../../functions/web/public/intake-credentials.ts';

const KEY = 'k'.repeat(43);
const intake = { agencyId: 'harbor', formId: 'intake' };
const issued = new Date('2026-12-06T10:00:00Z');
const later = (seconds: number) => new Date(issued.getTime() + seconds * 1000);

describe('page tokens', () => {
  it('verify for their form, with their key, until their lifetime is over', () => {
    const token = signPageToken(KEY, intake, issued);
    expect(token).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyPageToken(KEY, token, intake, issued)).toBe('valid');
    expect(verifyPageToken(KEY, token, intake, later(PAGE_TOKEN_LIFETIME_SECONDS - 1))).toBe('valid');
    expect(verifyPageToken(KEY, token, intake, later(PAGE_TOKEN_LIFETIME_SECONDS))).toBe('expired');
  });

  it('are each different, so two pages never share one', () => {
    expect(signPageToken(KEY, intake, issued)).not.toBe(signPageToken(KEY, intake, issued));
  });

  it('are invalid for another form, another agency or under another key', () => {
    const token = signPageToken(KEY, intake, issued);
    expect(verifyPageToken(KEY, token, { agencyId: 'harbor', formId: 'callback' }, issued)).toBe('invalid');
    expect(verifyPageToken(KEY, token, { agencyId: 'demo', formId: 'intake' }, issued)).toBe('invalid');
    expect(verifyPageToken('x'.repeat(43), token, intake, issued)).toBe('invalid');
  });

  it('are invalid once any part is changed: a later expiry, another nonce, another MAC; never "expired" when forged', () => {
    const [version, expires, nonce, mac] = signPageToken(KEY, intake, issued).split('.') as [string, string, string, string];
    const flip = (text: string) => `${text[0] === 'A' ? 'B' : 'A'}${text.slice(1)}`;
    for (const forged of [
      [version, String(Number(expires) + 3600), nonce, mac], [version, expires, flip(nonce), mac], [version, expires, nonce, flip(mac)],
    ]) expect(verifyPageToken(KEY, forged.join('.'), intake, issued)).toBe('invalid');
    // An old expiry with a made-up MAC is still only "invalid": the expiry is read only from a genuine token.
    expect(verifyPageToken(KEY, [version, '1', nonce, mac].join('.'), intake, later(10 * PAGE_TOKEN_LIFETIME_SECONDS))).toBe('invalid');
  });

  it('are invalid when they are not tokens at all', () => {
    for (const junk of ['', 'v1', 'v2.1.a.b', `v1.${'9'.repeat(13)}.${'a'.repeat(22)}.${'b'.repeat(43)}`, ' '.repeat(90), 'v1..x.y']) {
      expect(verifyPageToken(KEY, junk, intake, issued), JSON.stringify(junk)).toBe('invalid');
    }
  });

  it('need a key of at least 32 characters', () => {
    expect(isUsableTokenKey(undefined)).toBe(false);
    expect(isUsableTokenKey('')).toBe(false);
    expect(isUsableTokenKey('k'.repeat(31))).toBe(false);
    expect(isUsableTokenKey(KEY)).toBe(true);
  });

  it('verify in microseconds: no call leaves the process', () => {
    const token = signPageToken(KEY, intake, issued);
    const started = performance.now();
    for (let i = 0; i < 1000; i += 1) verifyPageToken(KEY, token, intake, issued);
    expect((performance.now() - started) / 1000).toBeLessThan(0.5); // milliseconds each, with a wide margin for a busy machine
  });
});

describe('API keys', () => {
  const crm = newApiKey();
  const portal = newApiKey();
  const stored = [{ id: 'crm', sha256: apiKeyHash(crm) }, { id: 'portal', sha256: apiKeyHash(portal), label: 'Client portal' }];

  it('are 256 random bits with a recognisable prefix, stored as their SHA-256 in hex', () => {
    expect(crm).toMatch(/^cfk_[A-Za-z0-9_-]{43}$/);
    expect(crm).not.toBe(portal);
    expect(apiKeyHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('match to the id of the stored hash they hash to, and to nothing otherwise', () => {
    expect(matchApiKey(crm, stored)).toBe('crm');
    expect(matchApiKey(portal, stored)).toBe('portal');
    expect(matchApiKey(`${crm} `, stored)).toBeUndefined();
    expect(matchApiKey(stored[0]!.sha256, stored)).toBeUndefined();
    expect(matchApiKey(crm, [])).toBeUndefined();
  });
});

describe('the submit handler\'s credential check', () => {
  it('reads the signing key once, and refuses page tokens (not API keys) when it is missing', () => {
    const agency = { intake: { jsonApi: 'token' as const, apiKeys: [{ id: 'crm', sha256: apiKeyHash('cfk_k') }] } };
    const catalog = () => ({ agency: () => agency }) as never;
    const reads = vi.fn(() => undefined);
    const check = intakeCredentials(catalog, reads);
    const run = (headers: Record<string, string>) => {
      const event = { form: intake, headers, requestContext: { requestId: 'r-1' } } as never as { intakeCredential?: string };
      try {
        check.before!({ event, context: {} as Context, response: undefined, error: undefined, internal: {} } as never);
        return event.intakeCredential;
      } catch (error) {
        return (error as { status: number }).status;
      }
    };
    expect(run({ 'x-caseforms-page-token': signPageToken(KEY, intake, new Date()) })).toBe(401);
    expect(run({ 'x-caseforms-page-token': signPageToken(KEY, intake, new Date()) })).toBe(401);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(run({ 'x-caseforms-api-key': 'cfk_k' })).toBe('api-key:crm');
    expect(run({})).toBe(401);
  });
});
