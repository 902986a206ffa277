import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import { linkTokenHash } from '../../functions/domain/delivery/secure-link.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { formsDirWithHarbor, harborApiKeyHeader, harborPackDir } from '../support/harbor-pack.ts';
import { codeIn, codeMailsTo, passCookie, sendCode, typeCode } from '../support/link-code.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { restoreClock, setClock } from '../support/test-clock.ts';
import { waitFor } from '../support/wait.ts';

// Issue 19 part 2: a secure link to someone outside the agency (a provider, the client) opens only once a one-time
// code mailed to the address it was sent to has been typed in; links to staff open as before. Demo: the default
// (`external`); Harbor: set explicitly, a French provider, and its care plans also go to the agency inbox by link.
const USER_AGENT = 'caseforms-e2e/1.0 (link code)';
const DEMO_PROVIDER = 'referrals@northside.caseforms.test';
const HARBOR_PROVIDER = 'intake@legalaid.caseforms.test';
let stack: LocalStack;
const tokens: Record<string, { cm: string; sup: string }> = {};

beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  const harborAgency = join(formsDir, 'harbor', 'agency.json');
  const harbor = JSON.parse(readFileSync(harborAgency, 'utf8'));
  const routes = { ...harbor.delivery.routes, 'care-plan': [...harbor.delivery.routes['care-plan'], { to: 'agency-inbox', method: 'link' }] };
  writeFileSync(harborAgency, JSON.stringify({ ...harbor, delivery: { ...harbor.delivery, routes } }, null, 2));
  stack = await startTestStack({ formsDir });
  tokens.demo = { cm: await staffToken('demo', ['case-manager'], 'cm.rivera@demo.example'), sup: await staffToken('demo', ['supervisor'], 'sup@demo.example') };
  tokens.harbor = { cm: await staffToken('harbor', ['case-manager'], 'lea@harbor.example'), sup: await staffToken('harbor', ['supervisor'], 'sam@harbor.example') };
});
afterAll(async () => { restoreClock(); await stack?.stop(); });

async function submit(agencyId: string, caseId: string, formId: string, body: unknown) {
  const answer = await submitStaffForm(stack, tokens[agencyId]!.cm, agencyId, caseId, formId, body);
  expect(answer.status, answer.text).toBe(201);
}

async function linkTo(agencyId: string, address: string, caseId: string): Promise<string> {
  const pattern = new RegExp(`^(http://\\S+/agencies/${agencyId}/links/[A-Za-z0-9_-]{43})$`, 'm');
  return waitFor(async () => {
    const mail = (await mailboxOf(stack)).find((m) => m.to.includes(address) && (m.subject + m.text).includes(caseId.slice(0, 8)) && pattern.test(m.text));
    return mail ? pattern.exec(mail.text)![1]! : undefined;
  }, 60_000, `a link to ${address}`);
}

async function auditOf(agencyId: string, caseId: string) {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases/${caseId}/audit`, { headers: bearer(tokens[agencyId]!.sup) });
  return ((await response.json()) as { records: Array<Record<string, unknown>> }).records;
}

const browser = { 'user-agent': USER_AGENT };

async function expectPdf(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
}

async function expectCodePage(response: Response, status: number, words: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
  const page = await response.text();
  expect(page).not.toContain('%PDF');
  expect(page).toMatch(words);
  return page;
}

async function harborCase(): Promise<string> {
  const response = await fetch(`${stack.url}/agencies/harbor/forms/intake/submissions`, {
    method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json' },
    body: JSON.stringify({ fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email: `lucie-${randomBytes(4).toString('hex')}@example.org`, emailIsSafe: true, assistanceType: 'repairs', householdSize: 2, consent: true }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const { caseId } = (await response.json()) as { caseId: string };
  await submit('harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Mould in the bedroom, lease dispute.' });
  await submit('harbor', caseId, 'consent', { ...JSON.parse(readFileSync(join(harborPackDir, 'forms', 'consent.json'), 'utf8')).examples[0], partners: ['legal-aid'] });
  await submit('harbor', caseId, 'care-plan', { goals: [{ goal: 'Mould removed', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' });
  return caseId;
}

describe('a one-time code before a secure link opens', () => {
  it('demo (default external): a provider\'s link asks for a code, mailed with no health information; a wrong code is refused, the right one opens the PDF in that browser; the case manager\'s link opens directly', async () => {
    const intake = { ...demoExample(), contact: { phone: '+1 555 0142', email: `client-${randomBytes(4).toString('hex')}@example.org`, emailIsSafe: true } };
    const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
    await submit('demo', caseId, 'assessment', demoExample('assessment'));
    await submit('demo', caseId, 'release-of-information', { ...demoExample('release-of-information'), providers: ['northside-clinic'] });
    await submit('demo', caseId, 'care-plan', demoExample('care-plan'));
    const link = await linkTo('demo', DEMO_PROVIDER, caseId);
    const managerLink = await linkTo('demo', 'cm.rivera@demo.example', caseId);

    // The address is kept on the link record, for the code; the case manager's link keeps none.
    const items = await tableItems(stack.resources.tableName);
    const record = (url: string) => items.find((item) => item.pk === keys.link('demo', linkTokenHash(url.split('/').pop()!)))!;
    expect(record(link)).toMatchObject({ codeTo: DEMO_PROVIDER, codeLocale: 'en' });
    expect(record(managerLink).codeTo).toBeUndefined();

    // Opening (as a mail scanner would) shows the page and sends nothing.
    const page = await expectCodePage(await fetch(link, { headers: browser }), 200, /send a code to the address this link was sent to/);
    expect(page).toContain(`action="${new URL(link).pathname}/code"`);
    expect(page).toContain('<button type="submit">Send the code</button>');
    expect(await codeMailsTo(stack, DEMO_PROVIDER)).toHaveLength(0);

    const sent = await sendCode(stack, link, DEMO_PROVIDER, browser);
    const entry = await expectCodePage(sent.response, 200, /We sent a code/);
    expect(entry).toMatch(/<label for="code">[^<]+<\/label><br>\s*<input id="code" name="code"[^>]*autocomplete="one-time-code"/);
    const mail = sent.mail!;
    expect(mail.subject).toBe('Your code from Riverside Community Care (demo)');
    expect(mail.attachments).toHaveLength(0);
    expect(mail.tags).toEqual({ 'caseforms-agency': 'demo', 'caseforms-mail': 'link-code' });
    // Nothing about the case: no reference, no document, no name, no link.
    const said = mail.subject + mail.text;
    expect(said).not.toContain(caseId.slice(0, 8));
    expect(said).not.toMatch(/care plan|links\/|http/i);
    const example = demoExample();
    for (const word of [String(example.givenName), String(example.familyName), 'Mateo', intake.contact.email]) expect(said).not.toContain(word);
    const code = sent.code!;
    expect(code).toMatch(/^\d{6}$/);
    // Stored as a hash only.
    const stored = (await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.linkCode('demo', linkTokenHash(link.split('/').pop()!)) && item.sk === 'CODE')!;
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(stored).toMatchObject({ attempts: 0, codeHash: expect.stringMatching(/^[0-9a-f]{64}$/), expiresAt: expect.any(Number) });

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await expectCodePage(await typeCode(link, wrong, browser), 400, /not right\. You can try 4 more times/);
    await expectCodePage(await typeCode(link, 'abc', browser), 400, /Enter the 6 digits/);
    const right = await typeCode(link, `${code.slice(0, 3)} ${code.slice(3)}`, browser);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe(new URL(link).pathname);
    const cookie = right.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(new RegExp(`Path=${new URL(link).pathname}(;|$)`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    await expectPdf(await fetch(link, { headers: { ...browser, cookie: passCookie(right) } }));
    // Another browser still has to ask; the code was used up by the right try.
    await expectCodePage(await fetch(link, { headers: browser }), 200, /send a code/);
    await expectCodePage(await typeCode(link, code, browser), 410, /no code waiting/);
    // The case manager is agency staff: no code.
    await expectPdf(await fetch(managerLink, { headers: browser }));

    const audit = await auditOf('demo', caseId);
    const of = (action: string) => audit.filter((r) => r.action === action);
    expect(of('link-code-sent')).toEqual([expect.objectContaining({ actor: 'link:provider-northside-clinic', userAgent: USER_AGENT, sourceAddress: expect.any(String) })]);
    expect(of('link-code-refused').map((r) => r.reason)).toEqual(['wrong-code', 'not-a-code', 'no-code']);
    for (const r of of('link-code-refused')) expect(r).toMatchObject({ userAgent: USER_AGENT, sourceAddress: expect.any(String), target: expect.stringMatching(/-care-plan$/) });
    expect(of('open-link').map((r) => r.actor).sort()).toEqual(['link:case-manager', 'link:provider-northside-clinic']);
    for (const r of of('open-link')) expect(r).toMatchObject({ userAgent: USER_AGENT, sourceAddress: expect.any(String) });
    expect(JSON.stringify(audit)).not.toContain(DEMO_PROVIDER);
  });

  it('Harbor (French provider): the page and the mail in French, five tries then the code is burned, resends limited, a code fits only its own link; the agency inbox\'s link opens directly', async () => {
    const [first, second] = await Promise.all([harborCase(), harborCase()]);
    const link = await linkTo('harbor', HARBOR_PROVIDER, first);
    const otherLink = await linkTo('harbor', HARBOR_PROVIDER, second);
    const french = { ...browser, 'accept-language': 'fr' };

    const asking = await fetch(link, { headers: french });
    expect(asking.headers.get('content-language')).toBe('fr');
    await expectCodePage(asking, 200, /nous allons envoyer un code/);
    const sent = await sendCode(stack, link, HARBOR_PROVIDER, french);
    await expectCodePage(sent.response, 200, /Nous avons envoyé un code/);
    expect(sent.mail!.subject).toBe('Votre code de Harbor Tenant Aid');
    expect(sent.mail!.text).toMatch(/Votre code est \d{6}/);
    for (const word of ['Mould', 'Lucie', 'Ngata', first.slice(0, 8), 'links/']) expect(sent.mail!.subject + sent.mail!.text).not.toContain(word);

    // Asking again at once is refused, and sends nothing.
    const tooSoon = await fetch(`${link}/code`, { method: 'POST', headers: french });
    await expectCodePage(tooSoon, 429, /redemandez dans \d+ secondes/);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await codeMailsTo(stack, HARBOR_PROVIDER)).toHaveLength(1);

    const code = sent.code!;
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    for (let left = 4; left >= 1; left -= 1) await expectCodePage(await typeCode(link, wrong, french), 400, new RegExp(`Il vous reste ${left} essai`));
    await expectCodePage(await typeCode(link, wrong, french), 410, /essayé trop de fois/);
    // The sixth try, with the right code, is refused: the code is burned.
    await expectCodePage(await typeCode(link, code, french), 410, /essayé trop de fois/);

    // A minute later a new code may be sent; the other link's code does not open this one, its own does.
    setClock(new Date(Date.now() + 61_000));
    try {
      const fresh = await sendCode(stack, link, HARBOR_PROVIDER, french);
      expect(fresh.response.status).toBe(200);
      const other = await sendCode(stack, otherLink, HARBOR_PROVIDER, french);
      expect(other.code).not.toBe(fresh.code);
      await expectCodePage(await typeCode(link, other.code!, french), 400, /Il vous reste 4 essais/);
      const opened = await typeCode(link, fresh.code!, french);
      expect(opened.status).toBe(303);
      await expectPdf(await fetch(link, { headers: { ...french, cookie: passCookie(opened) } }));
      // This browser's pass is for that link only.
      await expectCodePage(await fetch(otherLink, { headers: { ...french, cookie: passCookie(opened) } }), 200, /envoyer un code/);
    } finally {
      restoreClock();
    }

    // The agency inbox is the agency's own: its link opens directly, as the case manager's does.
    await expectPdf(await fetch(await linkTo('harbor', 'intake@harbor.caseforms.test', first), { headers: browser }));
    await expectPdf(await fetch(await linkTo('harbor', 'lea@harbor.example', first), { headers: browser }));

    const audit = await auditOf('harbor', first);
    expect(audit.filter((r) => r.action === 'link-code-sent')).toHaveLength(2);
    expect(audit.filter((r) => r.action === 'link-code-refused').map((r) => r.reason)).toEqual([
      'resend-too-soon', 'wrong-code', 'wrong-code', 'wrong-code', 'wrong-code', 'burned', 'burned', 'wrong-code',
    ]);
    expect(audit.filter((r) => r.action === 'open-link').map((r) => r.actor).sort()).toEqual(['link:agency-inbox', 'link:case-manager', 'link:provider-legal-aid']);
  });
});
