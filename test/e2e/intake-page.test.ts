import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_SCRIPT, SCRIPT_HASH } from '../../functions/web/public-pages/intake-script.ts';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { bucketKeys, itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { startTestStack } from '../support/test-stack.ts';

// The public intake page over HTTP, as a browser without JavaScript uses it: GET the page, POST the form.
let stack: LocalStack;
const PAGE = '/intake/demo/intake';

beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

const stored = async () => {
  const items = await tableItems(stack.resources.tableName);
  return { cases: itemsOfType(items, 'case').length, raw: (await bucketKeys(stack.resources.bucketName)).filter((key) => key.includes('/submissions/')).length };
};

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function send(fields: ReadonlyArray<[string, string]>, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.url}${PAGE}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url, ...headers },
    body: new URLSearchParams([...fields]).toString(),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const tokenOf = (page: string) => /name="_token" value="([^"]+)"/.exec(page)![1]!;

const complete = (token: string): Array<[string, string]> => [
  ['_token', token], ['_lang', 'en'], ['_hp', ''],
  ['/givenName', 'Zoë'], ['/familyName', 'Núñez-Øberg'], ['/dateOfBirth', '1984-03-09'], ['/preferredLanguage', 'es'],
  ['/contact/phone', '+1 555 0142'], ['/contact/email', ''], ['/contact/address', ''],
  ['/household/size', '3'], ['/household/monthlyIncome', '1850.50'],
  ['/hasDependents', 'true'], ['/dependents/0/name', 'Mateo'], ['/dependents/0/relationship', 'son'], ['/dependents/0/age', '7'],
  ['/needs', 'housing'], ['/needs', 'food'], ['/situation', '<b>Mi contrato</b> {{termina}}'], ['/consentToContact', 'true'],
];

describe('GET the intake page', () => {
  it('serves the form generated from the schema, in the language asked for, under a CSP with one hashed script and nothing third-party', async () => {
    const page = await get(`${PAGE}?lang=ar`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-language')).toBe('ar');
    expect(page.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page.text).toContain('طلب الحصول على خدمات');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    // Its one script, allowed by its hash, may ask only this site (the inline check); no HTML from strings.
    expect(csp).toContain(`script-src ${SCRIPT_HASH}`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const withoutScript = page.text.replace(`<script>${INTAKE_SCRIPT}</script>`, '');
    expect(withoutScript).not.toBe(page.text);
    // The file question's upload form is the one other address: files go straight to storage (S3; here its gate),
    // which sends the browser back to this site's own address (success_action_redirect).
    const ownAddresses = withoutScript.replaceAll(`action="${stack.uploadGateUrl}/`, 'action="/').replaceAll(`value="${stack.url}/intake/`, 'value="/intake/');
    expect(ownAddresses).not.toMatch(/<script|https?:\/\//);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 404 with a page for an unknown agency, an unknown form and a staff form alike', async () => {
    for (const path of ['/intake/nobody/intake', '/intake/demo/no-such-form', '/intake/demo/assessment', '/intake/demo/..%2Fintake']) {
      const page = await get(path);
      expect(page.status, path).toBe(404);
      expect(page.text, path).toContain('<h1>There is no such form</h1>');
    }
  });
});

describe('POST the intake page', () => {
  it('stores a complete form once, however often the same page is sent, and confirms with the case reference', async () => {
    const token = tokenOf((await get(PAGE)).text);
    const before = await stored();

    const first = await send(complete(token));
    const again = await send(complete(token));

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const reference = /<strong dir="ltr">([0-9a-f]{8})<\/strong>/.exec(first.text)?.[1];
    expect(reference).toBeDefined();
    expect(again.text).toContain(reference);
    expect(await stored()).toEqual({ cases: before.cases + 1, raw: before.raw + 1 });
    const items = await tableItems(stack.resources.tableName);
    const theCase = itemsOfType(items, 'case').find((item) => String(item.caseId).startsWith(reference!));
    expect(theCase).toBeDefined();
  });

  it('sends the page back with every answer kept and each error beside its field, storing nothing', async () => {
    const token = tokenOf((await get(PAGE)).text);
    const before = await stored();
    const fields = complete(token).filter(([name]) => name !== '/familyName' && name !== '/consentToContact')
      .map(([name, value]): [string, string] => (name === '/household/size' ? [name, 'three'] : [name, value]));

    const page = await send(fields);

    expect(page.status).toBe(422);
    expect(page.text).toContain('<h2 id="error-summary-title">There is a problem</h2>');
    expect(page.text).toMatch(/<a href="#f--familyName">Family name: please fill this in</);
    expect(page.text).toMatch(/<a href="#f--household--size">/);
    expect(page.text).toMatch(/<a href="#f--consentToContact">/);
    expect(page.text).toContain('value="three"');
    expect(page.text).toContain('value="Zoë"');
    expect(page.text).toContain('&lt;b&gt;Mi contrato&lt;/b&gt; {{termina}}</textarea>');
    expect(page.text).toContain(`name="_token" value="${token}"`);
    expect(await stored()).toEqual(before);
  });

  it('adds and removes rows without JavaScript, keeping the other answers', async () => {
    const token = tokenOf((await get(PAGE)).text);
    const added = await send([...complete(token), ['_action', 'add:/dependents']]);
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="/dependents/1/name"');
    expect(added.text).toContain('value="Mateo"');

    const removed = await send([...complete(token), ['/dependents/1/name', 'Lucía'], ['/dependents/1/relationship', 'daughter'], ['_action', 'remove:/dependents/0']]);
    expect(removed.text).toContain('value="Lucía"');
    expect(removed.text).not.toContain('value="Mateo"');
  });

  it('refuses a post from another site, or without Origin, or not form-encoded, storing nothing', async () => {
    const token = tokenOf((await get(PAGE)).text);
    const before = await stored();

    expect((await send(complete(token), { origin: 'https://evil.example' })).status).toBe(403);
    const noOrigin = await fetch(`${stack.url}${PAGE}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(complete(token)).toString() });
    expect(noOrigin.status).toBe(403);
    expect((await send(complete(token), { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await stored()).toEqual(before);
  });

  it('shows the agency\'s crisis resources on the confirmation when the answers raise a risk flag, and not otherwise', async () => {
    const phq9 = '/intake/demo/phq-9';
    const sendPhq9 = async (q9: string) => {
      const token = tokenOf((await get(phq9)).text);
      const answers: Array<[string, string]> = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'].map((q) => [`/${q}`, '1']);
      const response = await fetch(`${stack.url}${phq9}`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
        body: new URLSearchParams([['_token', token], ['_lang', 'en'], ['_hp', ''], ...answers, ['/q9', q9]]).toString(),
      });
      return { status: response.status, text: await response.text() };
    };

    const atRisk = await sendPhq9('2');
    const notAtRisk = await sendPhq9('0');

    expect(atRisk.status).toBe(201);
    expect(atRisk.text).toContain('<h2 id="crisis-title">If you need help now</h2>');
    expect(atRisk.text).toContain('988 Suicide &amp; Crisis Lifeline');
    expect(atRisk.text).toContain('<a href="https://988lifeline.org">');
    expect(notAtRisk.status).toBe(201);
    expect(notAtRisk.text).not.toContain('crisis-title');
  });

  it('checks the answers for the page\'s script with the form\'s validator, in the page\'s language, storing nothing', async () => {
    const check = async (fields: ReadonlyArray<[string, string]>, headers: Record<string, string> = {}) => {
      const response = await fetch(`${stack.url}${PAGE}/check`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url, ...headers },
        body: new URLSearchParams([...fields]).toString(),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    const token = tokenOf((await get(PAGE)).text);
    const before = await stored();

    const valid = await check(complete(token));
    const invalid = await check(complete(token).map(([name, value]): [string, string] => (name === '/contact/email' ? [name, 'not-an-email'] : name === '/household/size' ? [name, 'three'] : [name, value])));
    const spanish = await check([['_lang', 'es'], ['/givenName', 'Zoë']]);
    const elsewhere = await check(complete(token), { origin: 'https://evil.example' });
    const noOrigin = await fetch(`${stack.url}${PAGE}/check`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_lang=en' });
    // Chromium leaves Origin off a same-origin fetch: its Sec-Fetch-Site (which no script can set) is believed then.
    const fetchedHere = await check([['_lang', 'en']], { origin: '', 'sec-fetch-site': 'same-origin' });
    const fetchedElsewhere = await check([['_lang', 'en']], { origin: '', 'sec-fetch-site': 'cross-site' });
    const staffForm = await fetch(`${stack.url}/intake/demo/assessment/check`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url }, body: '_lang=en' });

    expect(valid.status).toBe(200);
    expect(valid.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(valid.text)).toEqual({ errors: [] });
    expect(invalid.status).toBe(200);
    const errors = (JSON.parse(invalid.text) as { errors: Array<{ pointer: string; message: string }> }).errors;
    expect(errors.map((error) => error.pointer).sort()).toEqual(['/contact/email', '/household/size']);
    for (const error of errors) expect(error.message).not.toBe('');
    // The same messages as sending the page gives, beside the same fields.
    const sent = await send(complete(token).map(([name, value]): [string, string] => (name === '/contact/email' ? [name, 'not-an-email'] : name === '/household/size' ? [name, 'three'] : [name, value])));
    expect(sent.status).toBe(422);
    const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;').replaceAll('`', '&#96;').replaceAll('=', '&#61;');
    for (const error of errors) expect(sent.text).toContain(escaped(error.message));
    expect(spanish.headers.get('content-language')).toBe('es');
    expect(JSON.parse(spanish.text).errors.find((error: { pointer: string }) => error.pointer === '/familyName').message).toMatch(/obligatorio/);
    expect(elsewhere.status).toBe(403);
    expect(noOrigin.status).toBe(403);
    expect(fetchedHere.status).toBe(200);
    expect(fetchedElsewhere.status).toBe(403);
    expect(staffForm.status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it('answers a filled-in honeypot like an acceptance, and stores nothing', async () => {
    const token = tokenOf((await get(PAGE)).text);
    const before = await stored();

    const bot = await send(complete(token).map(([name, value]): [string, string] => (name === '_hp' ? [name, 'https://spam.example'] : [name, value])));

    expect(bot.status).toBe(201);
    expect(bot.text).toContain('Thank you. We have your request.');
    expect(await stored()).toEqual(before);
  });
});
