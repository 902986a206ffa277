import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { linkTokenHash } from '../../functions/domain/delivery/secure-link.ts';
import { supersede } from '../../functions/domain/signatures/signing.ts';
import type { SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { clientAddressVerified } from '../support/client-address.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { confirmCode } from '../support/link-code.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { openSigningFor, signingOf, signLinkMailedTo } from '../support/signing.ts';
import { browse, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { restoreClock, setClock } from '../support/test-clock.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Issue 23 part 2, without a browser: the client's signing link (a single-use secure link that always asks for a
// code), its consent, read and sign steps, and every bad input refused with a page that changes nothing. Demo: a
// Spanish client signs the care plan first. Harbor, declared here: its care plan acknowledged by a French client, then
// signed by a supervisor; a client who asks for paper, a superseded plan, a lapsed link.
const USER_AGENT = 'caseforms-e2e/1.0 (client signing)';
const browser = { 'user-agent': USER_AGENT };
const form = { 'content-type': 'application/x-www-form-urlencoded' };
let stack: LocalStack;
let formsDir: string;
const tokens: Record<string, { cm: string; sup: string }> = {};
const agencies: Record<string, { id: string; signatures: SignaturesDeclaration }> = {};

beforeAll(async () => {
  formsDir = formsDirWithHarbor();
  const harborFile = join(formsDir, 'harbor', 'agency.json');
  const harbor = JSON.parse(readFileSync(harborFile, 'utf8'));
  const signatures: SignaturesDeclaration = { reminderDays: 2, documents: { 'care-plan': { signers: [{ role: 'client', intent: 'acknowledge' }, { role: 'supervisor', intent: 'agree' }] } } };
  writeFileSync(harborFile, JSON.stringify({ ...harbor, signatures }, null, 2));
  agencies.harbor = { id: 'harbor', signatures };
  agencies.demo = { id: 'demo', signatures: JSON.parse(readFileSync(join(formsDir, 'demo', 'agency.json'), 'utf8')).signatures };
  stack = await startTestStack({ formsDir });
  tokens.demo = { cm: await staffToken('demo', ['case-manager'], 'cm.rivera@demo.example'), sup: await staffToken('demo', ['supervisor'], 'sup@demo.example') };
  tokens.harbor = { cm: await staffToken('harbor', ['case-manager'], 'lea@harbor.example'), sup: await staffToken('harbor', ['supervisor'], 'sam@harbor.example') };
});
afterAll(async () => { restoreClock(); await stack?.stop(); });

async function submit(agencyId: string, caseId: string, formId: string, body: unknown) {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases/${caseId}/forms/${formId}/submissions`, {
    method: 'POST', headers: { ...bearer(tokens[agencyId]!.cm), 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

async function demoCarePlan(email: string): Promise<string> {
  const intake = { ...demoExample(), contact: { phone: '+1 555 0142', email, emailIsSafe: true } };
  const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
  await clientAddressVerified(stack, 'demo', caseId, email);
  await submit('demo', caseId, 'assessment', demoExample('assessment'));
  await submit('demo', caseId, 'care-plan', demoExample('care-plan'));
  return caseId;
}

async function harborCarePlan(email: string, { verified = true } = {}): Promise<string> {
  const response = await post(stack, '/agencies/harbor/forms/intake/submissions', {
    headers: harborApiKeyHeader,
    body: JSON.stringify({ fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email, emailIsSafe: true, assistanceType: 'repairs', householdSize: 2, consent: true }),
  });
  expect(response.status).toBe(201);
  const caseId = (response.json as { caseId: string }).caseId;
  if (verified) await clientAddressVerified(stack, 'harbor', caseId, email);
  await submit('harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Mould in the bedroom, lease dispute.' });
  await submit('harbor', caseId, 'care-plan', { goals: [{ goal: 'Mould removed', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' });
  return caseId;
}

async function auditOf(agencyId: string, caseId: string) {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases/${caseId}/audit`, { headers: bearer(tokens[agencyId]!.sup) });
  return ((await response.json()) as { records: Array<Record<string, unknown>> }).records;
}

const postForm = (url: string, fields: Record<string, string>, cookie?: string) =>
  fetch(url, { method: 'POST', redirect: 'manual', headers: { ...browser, ...form, ...(cookie ? { cookie } : {}) }, body: new URLSearchParams(fields).toString() });
const getPage = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: { ...browser, ...(cookie ? { cookie } : {}) } });

async function expectPage(response: Response, status: number, words: RegExp, language: string): Promise<string> {
  const page = await response.text();
  expect(response.status, page).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-language')).toBe(language);
  expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
  expect(page).toMatch(words);
  return page;
}

describe('the client signs from a link', () => {
  it('demo, in Spanish: a mail with no health information, the code, consent, the document, then a typed signature with its evidence; every bad input refused, changing nothing', async () => {
    const email = `firma-${randomBytes(4).toString('hex')}@example.org`;
    const otherEmail = `otra-${randomBytes(4).toString('hex')}@example.org`;
    const [caseId, otherCase] = await Promise.all([demoCarePlan(email), demoCarePlan(otherEmail)]);
    const documentId = await openSigningFor(stack, agencies.demo!, caseId, 'care-plan');
    const otherDocument = await openSigningFor(stack, agencies.demo!, otherCase, 'care-plan');

    const { mail, link } = await signLinkMailedTo(stack, email);
    expect(mail.subject).toBe('Riverside Community Care (demo) le pide que firme un documento');
    expect(mail.attachments).toHaveLength(0);
    expect(mail.text).toContain('+1 555 0100');
    const example = demoExample();
    for (const word of [caseId.slice(0, 8), 'Plan de atención', 'care-plan', String(example.givenName), String(example.familyName)]) expect(mail.subject + mail.text).not.toContain(word);

    const token = link.split('/').pop()!;
    const linkItem = (await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.link('demo', linkTokenHash(token)))!;
    expect(linkItem).toMatchObject({ purpose: 'sign', documentId, recipient: 'client', codeTo: email, codeLocale: 'es' });
    // The demo's reminderDays (5): the link lapses when the case manager is reminded.
    expect(Date.parse(String(linkItem.validUntil)) - Date.parse(String(linkItem.createdAt))).toBe(5 * 86_400_000);

    // Without the code's pass: the code page, for the page and for its posts.
    expect(await (await getPage(link)).text()).toContain(`action="${new URL(link).pathname}/code"`);
    expect((await postForm(`${link}/sign`, { name: 'Zoë Núñez', intent: 'yes' })).status).toBe(403);
    const cookie = await confirmCode(stack, link, email, browser);

    const consent = await expectPage(await getPage(link, cookie), 200, /Firmar electrónicamente/, 'es');
    expect(consent).toContain('Riverside Community Care (demo) le pide que firme este documento: Plan de atención.');
    expect(consent).toContain('+1 555 0100');
    expect(consent).toMatch(/<button type="submit" name="choice" value="agree">Acepto firmar electrónicamente<\/button>/);
    expect(consent).toMatch(/<button type="submit" name="choice" value="paper">Prefiero firmar en papel<\/button>/);

    // A path that is no answer of a signing link; a link that is no signing link has none.
    expect((await postForm(`${link}/decline`, { choice: 'agree' }, cookie)).status).toBe(404);

    // Signing before agreeing, or an answer that is neither button: refused.
    await expectPage(await postForm(`${link}/sign`, { name: 'Zoë Núñez', intent: 'yes' }, cookie), 409, /Primero elija si acepta firmar electrónicamente/, 'es');
    await expectPage(await postForm(`${link}/consent`, { choice: 'maybe' }, cookie), 400, /Elija uno de los dos botones/, 'es');

    const agreed = await postForm(`${link}/consent`, { choice: 'agree' }, cookie);
    expect(agreed.status).toBe(303);
    expect(agreed.headers.get('location')).toBe(new URL(link).pathname);
    const read = await expectPage(await getPage(link, cookie), 200, /Leer y firmar/, 'es');
    expect(read).toContain('<label for="intent">Estoy de acuerdo con este documento: Plan de atención.</label>');
    expect(read).toContain(`href="${new URL(link).pathname}?document=pdf"`);

    // The document shown is the very PDF whose hash the record keeps.
    const pdf = await getPage(`${link}?document=pdf`, cookie);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const shown = createHash('sha256').update(Buffer.from(await pdf.arrayBuffer())).digest('hex');
    const before = await signingOf(stack, 'demo', caseId, documentId);
    expect(shown).toBe(before.record.documentSha256);

    // Intent not ticked, a name of spaces: refused, and the record is as it was.
    const noIntent = await expectPage(await postForm(`${link}/sign`, { name: 'Zoë Núñez' }, cookie), 400, /Marque la casilla/, 'es');
    expect(noIntent).toMatch(/id="intent"[^>]*aria-invalid="true"/);
    const blank = await expectPage(await postForm(`${link}/sign`, { name: ' \t  ', intent: 'yes' }, cookie), 400, /Su nombre completo: escríbalo para firmar/, 'es');
    expect(blank).toMatch(/id="name"[^>]*aria-invalid="true"/);
    expect(await signingOf(stack, 'demo', caseId, documentId)).toEqual(before);

    // The body names the other client's document: the token alone decides which one is signed.
    const done = await expectPage(await postForm(`${link}/sign`, { name: '  Zoë Núñez-Øberg ', intent: 'yes', documentId: otherDocument }, cookie), 200, /Gracias: ha firmado/, 'es');
    expect(done).toContain(`href="${new URL(link).pathname}?document=pdf"`);
    const after = await signingOf(stack, 'demo', caseId, documentId);
    expect(after.record.state).toBe('awaiting');
    expect(after.record.steps.map((step) => step.status)).toEqual(['signed', 'pending']);
    expect(after.record.steps[0]!.evidence).toEqual({
      signerRole: 'client', signerName: 'Zoë Núñez-Øberg', method: 'typed', intentText: 'Estoy de acuerdo con este documento: Plan de atención.',
      consentText: expect.stringMatching(/^Firmar electrónicamente\n\nRiverside Community Care \(demo\) le pide que firme este documento: Plan de atención\.\n\n.*Prefiero firmar en papel.*\+1 555 0100/s),
      locale: 'es', signedAt: expect.any(String), identifiedBy: `link-and-code: f***@example.org`, sourceAddress: expect.any(String), userAgent: USER_AGENT,
      documentSha256: shown,
    });
    expect((await signingOf(stack, 'demo', otherCase, otherDocument)).record.steps[0]!.status).toBe('pending');

    // Used: the page and the post both say so, and nothing changes; the copy still opens for that browser.
    await expectPage(await postForm(`${link}/sign`, { name: 'Zoë Núñez', intent: 'yes' }, cookie), 410, /ya se usó para firmar/, 'es');
    await expectPage(await getPage(link, cookie), 410, /ya se usó para firmar/, 'es');
    expect((await getPage(`${link}?document=pdf`, cookie)).headers.get('content-type')).toBe('application/pdf');
    expect((await signingOf(stack, 'demo', caseId, documentId)).version).toBe(after.version);

    // Another client's link does not open with this browser's pass.
    const other = await signLinkMailedTo(stack, otherEmail);
    expect((await postForm(`${other.link}/sign`, { name: 'Zoë Núñez', intent: 'yes' }, cookie)).status).toBe(403);

    const audit = await auditOf('demo', caseId);
    const of = (action: string) => audit.filter((record) => record.action === action);
    expect(of('open-sign-link').length).toBeGreaterThanOrEqual(2);
    expect(of('consent-to-sign')).toHaveLength(1);
    expect(of('sign-document')).toEqual([expect.objectContaining({ actor: 'link:client', target: documentId, userAgent: USER_AGENT })]);
    expect(of('sign-refused').map((record) => record.reason)).toEqual(['no-consent', 'no-intent', 'no-name', 'used', 'used']);
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it('Harbor, in French: a held request goes once the address is confirmed; paper instead ends the link; a superseded plan and a lapsed link are refused', async () => {
    const email = `lucie-${randomBytes(4).toString('hex')}@example.org`;
    const caseId = await harborCarePlan(email, { verified: false });
    const documentId = await openSigningFor(stack, agencies.harbor!, caseId, 'care-plan');
    // The address is not confirmed yet: the request is held, and a confirm link goes instead.
    const held = await waitForDelivery(caseId, `${documentId}-signature-request`, 'held');
    expect(held.reason).toBe('address-unverified');
    const confirm = await waitForMail(email, /^http:\/\/\S+\/confirm-address\/[A-Za-z0-9_-]{43}$/m);
    expect((await fetch(confirm, { method: 'POST', headers: browser })).status).toBeLessThan(400);
    const { mail, link } = await signLinkMailedTo(stack, email);
    expect(mail.subject).toBe('Harbor Tenant Aid vous demande de signer un document');
    expect(mail.text).toContain('une seule fois');

    const cookie = await confirmCode(stack, link, email, browser);
    await expectPage(await getPage(link, cookie), 200, /Signer électroniquement/, 'fr');
    expect((await postForm(`${link}/consent`, { choice: 'agree' }, cookie)).status).toBe(303);
    const read = await expectPage(await getPage(link, cookie), 200, /Lire et signer/, 'fr');
    expect(read).toContain('<label for="intent">J’ai reçu ce document : Plan d&#39;accompagnement.</label>');
    // Withdrawn on the read page: paper, for good.
    await expectPage(await postForm(`${link}/consent`, { choice: 'paper' }, cookie), 200, /Vous avez choisi de signer sur papier/, 'fr');
    await expectPage(await postForm(`${link}/sign`, { name: 'Lucie Ngata', intent: 'yes' }, cookie), 410, /demandé à signer ce document sur papier/, 'fr');
    await expectPage(await postForm(`${link}/consent`, { choice: 'agree' }, cookie), 410, /demandé à signer ce document sur papier/, 'fr');
    const asked = (await signingOf(stack, 'harbor', caseId, documentId)).record;
    expect(asked.steps[0]!.status).toBe('pending');
    // The signing record keeps when the client asked for paper, with the audit record, in one transaction; staff see it.
    expect(Date.now() - Date.parse(asked.paperRequestedAt!)).toBeLessThan(120_000);
    const audit = await auditOf('harbor', caseId);
    expect(audit.filter((record) => record.action === 'withdraw-consent')).toEqual([expect.objectContaining({ reason: 'withdrawn', target: documentId, at: asked.paperRequestedAt })]);
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
    for (const page of [`/staff/harbor/cases/${caseId}/signatures/${documentId}?lang=fr`, `/staff/harbor/cases/${caseId}?lang=fr`]) {
      expect(await (await browse(stack, jar, page)).text(), page).toMatch(/<p class="paper-requested">La personne a demandé un exemplaire papier le \d/);
    }

    // A second plan replaced the first before the client signed: its link refuses.
    const second = `lucie-${randomBytes(4).toString('hex')}@example.org`;
    const supersededCase = await harborCarePlan(second);
    const supersededDocument = await openSigningFor(stack, agencies.harbor!, supersededCase, 'care-plan');
    const supersededLink = (await signLinkMailedTo(stack, second)).link;
    const stored = await signingOf(stack, 'harbor', supersededCase, supersededDocument);
    const replaced = supersede(stored.record, `${supersededDocument}-2`);
    if (replaced.refusal) throw new Error(replaced.refusal);
    await new DynamoSigningStore(stack.resources.tableName).saveSigning('harbor', supersededCase, {
      record: replaced.record, version: stored.version,
      audit: { agencyId: 'harbor', caseId: supersededCase, actor: 'worker', roles: [], action: 'supersede-signing', target: supersededDocument, at: new Date().toISOString(), requestId: 'test' },
    });
    const supersededCookie = await confirmCode(stack, supersededLink, second, browser);
    await expectPage(await getPage(supersededLink, supersededCookie), 410, /remplacé par une version plus récente/, 'fr');
    await expectPage(await postForm(`${supersededLink}/sign`, { name: 'Lucie Ngata', intent: 'yes' }, supersededCookie), 410, /remplacé par une version plus récente/, 'fr');

    // Two days on (Harbor's reminderDays), the link has lapsed: a page in French, not a bare error.
    setClock(new Date(Date.now() + 2 * 86_400_000 + 60_000));
    try {
      await expectPage(await getPage(supersededLink, supersededCookie), 410, /Ce lien ne permet pas de signer/, 'fr');
      await expectPage(await postForm(`${supersededLink}/sign`, { name: 'Lucie Ngata', intent: 'yes' }, supersededCookie), 410, /expiré/, 'fr');
    } finally {
      restoreClock();
    }
    expect((await signingOf(stack, 'harbor', supersededCase, supersededDocument)).record.steps[0]!.status).toBe('pending');
  });
});

function waitForDelivery(caseId: string, documentId: string, status: string) {
  return waitFor(async () => (await tableItems(stack.resources.tableName))
    .find((item) => item.pk === keys.case('harbor', caseId) && item.type === 'delivery' && item.documentId === documentId && item.status === status), 60_000, `a ${status} delivery of ${documentId}`);
}

function waitForMail(address: string, pattern: RegExp): Promise<string> {
  return waitFor(async () => {
    const found = (await mailboxOf(stack)).find((m) => m.to.includes(address) && pattern.test(m.text));
    return found ? pattern.exec(found.text)![0] : undefined;
  }, 60_000, `a mail to ${address}`);
}
