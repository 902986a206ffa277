import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { readCase, submitStaffForm } from '../support/staff-api.ts';
import { browse, postForm, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Issue 19 part 4: "An anonymous submitter typed probe@example.org and later received the care plan PDF with
// assessment findings and scores." A document with health information goes to a client address only once the client
// confirmed it (by the emailed link, or in person with staff); until then they get a notice without health information.
const USER_AGENT = 'caseforms-e2e/1.0 (address verification)';
let stack: LocalStack;
const tokens: Record<string, { cm: string; sup: string }> = {};
beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarbor() });
  tokens.demo = { cm: await staffToken('demo', ['case-manager'], 'cm.rivera@demo.example'), sup: await staffToken('demo', ['supervisor'], 'sup@demo.example') };
  tokens.harbor = { cm: await staffToken('harbor', ['case-manager'], 'lea@harbor.example'), sup: await staffToken('harbor', ['supervisor'], 'sam@harbor.example') };
});
afterAll(async () => { await stack?.stop(); });

async function submit(agencyId: string, caseId: string, formId: string, body: unknown) {
  const answer = await submitStaffForm(stack, tokens[agencyId]!.cm, agencyId, caseId, formId, body);
  expect(answer.status, answer.text).toBe(201);
}

const getCase = (agencyId: string, caseId: string) => readCase(stack, tokens[agencyId]!.sup, agencyId, caseId);

const mailbox = () => mailboxOf(stack);
const mailTo = async (address: string) => (await mailbox()).filter((message) => message.to.includes(address));

/** The client delivery of a document once it has settled (not claimed), by document type. */
const clientDelivery = (agencyId: string, caseId: string, documentType: string, status: string) => waitFor(async () => {
  const found = (await getCase(agencyId, caseId)).deliveries.find((d: Record<string, string>) => d.recipient === 'client' && String(d.documentId).endsWith(`-${documentType}`));
  return found?.status === status ? found : undefined;
}, 60_000, `the client's ${documentType} ${status}`);

const CONFIRM_LINK = /^(http:\/\/\S+\/agencies\/[a-z0-9-]+\/confirm-address\/[A-Za-z0-9_-]{43})$/m;

/** Every string an example answer holds, long enough to be telling (goals, summaries, names). */
function answerTexts(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 6 && !/^\d{4}-\d{2}-\d{2}$/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(answerTexts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(answerTexts);
  return [];
}

describe('a client document waits for the client to confirm their address', () => {
  it('(demo) the client gets a notice with no health information until they confirm by link; then the held care plan arrives, and the next document goes straight through', async () => {
    const address = `probe-${randomBytes(4).toString('hex')}@example.org`;
    const intake: Record<string, unknown> = { ...demoExample(), preferredLanguage: 'en', contact: { phone: '+1 555 0142', email: address, emailIsSafe: true } };
    const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
    await submit('demo', caseId, 'assessment', demoExample('assessment'));
    await submit('demo', caseId, 'care-plan', demoExample('care-plan'));

    const held = await clientDelivery('demo', caseId, 'care-plan', 'held');
    expect(held.reason).toBe('address-unverified');
    const notice = await waitFor(async () => (await mailTo(address))[0], 60_000, 'the notice to the client');
    const state = await getCase('demo', caseId);
    expect(state.clientAddress).toEqual({ state: 'unverified' });
    // Nothing of the case in it: no attachment, no document title, no reference, no score, answer or name.
    expect(notice.attachments).toEqual([]);
    const scoreWords = state.submissions.flatMap((s: { scores?: Array<{ title: string; band?: string }> }) => (s.scores ?? []).flatMap((score) => [score.title, score.band ?? '']));
    const healthWords = [
      'care plan', 'assessment', caseId.slice(0, 8), String(intake.givenName), String(intake.familyName),
      ...scoreWords.filter((word: string) => word.length > 0), ...answerTexts(demoExample('care-plan')), ...answerTexts(demoExample('assessment')),
    ];
    const whole = `${notice.subject}\n${notice.text}`.toLowerCase();
    for (const word of healthWords) expect(whole, word).not.toContain(word.toLowerCase());
    expect(notice.subject).toBe('A letter from Riverside Community Care (demo) is waiting for you');
    expect(notice.text).toContain('confirm this is your email address');
    // The only message to the address: the care plan itself did not go.
    expect(await mailTo(address)).toHaveLength(1);

    const link = CONFIRM_LINK.exec(notice.text)![1]!;
    // Opening the link asks; it confirms nothing (a mail scanner fetching it must not).
    const asked = await fetch(link, { headers: { 'user-agent': USER_AGENT } });
    expect(asked.status).toBe(200);
    const askPage = await asked.text();
    expect(askPage).toMatch(/<form method="post"><button type="submit">Yes, this is my email address<\/button><\/form>/);
    expect(askPage).toContain('lang="en"');
    expect((await getCase('demo', caseId)).clientAddress).toEqual({ state: 'unverified' });

    const confirmed = await fetch(link, { method: 'POST', headers: { 'user-agent': USER_AGENT } });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Email address confirmed');

    const carePlan = await waitFor(async () => (await mailTo(address)).find((m) => m.attachments.length > 0), 60_000, 'the held care plan');
    expect(carePlan.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    await clientDelivery('demo', caseId, 'care-plan', 'sent');
    const after = await getCase('demo', caseId);
    expect(after.clientAddress).toMatchObject({ state: 'verified', method: 'email-link', at: expect.any(String) });
    // The care plan the client got is the one made (and sent to staff) before: stored once, not rendered again.
    expect(after.documents.filter((d: { documentType: string }) => d.documentType === 'care-plan')).toHaveLength(1);
    // Staff's own copies went once, before: the re-run claimed nothing twice.
    expect((await mailbox()).filter((m) => m.to.includes('cm.rivera@demo.example') && m.subject.includes(caseId.slice(0, 8)) && /care plan/i.test(m.subject))).toHaveLength(1);

    const audit = (await (await fetch(`${stack.url}/agencies/demo/cases/${caseId}/audit`, { headers: bearer(tokens.demo!.sup) })).json()) as { records: Array<Record<string, unknown>> };
    expect(audit.records.filter((r) => r.action === 'address-verified')).toEqual([expect.objectContaining({
      actor: 'link:client', reason: 'email-link', userAgent: USER_AGENT, sourceAddress: expect.any(String),
    })]);

    // Used once: the link now says so, and confirms nothing again. An unknown token is a plain 404 page.
    const again = await fetch(link, { method: 'POST' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already confirmed');
    const unknown = await fetch(link.replace(/[A-Za-z0-9_-]{43}$/, 'A'.repeat(43)));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/html/);

    // The address is verified: the next document (a termination notice) goes straight to it, as a document.
    await submit('demo', caseId, 'service-start', demoExample('service-start'));
    await submit('demo', caseId, 'termination', { ...demoExample('termination'), effectiveDate: addDays(localDate(new Date(), 'America/Chicago'), 14) });
    await clientDelivery('demo', caseId, 'termination-notice', 'sent');
    expect((await mailTo(address)).filter((m) => m.attachments.length > 0)).toHaveLength(2);
    expect((await mailTo(address)).filter((m) => CONFIRM_LINK.test(m.text))).toHaveLength(1);
  }, 180_000);

  it('(Harbor, a French client) a case manager records the address verified in person on the case page; the held care plan goes out in French', async () => {
    const address = `lucie-${randomBytes(4).toString('hex')}@example.org`;
    const response = await fetch(`${stack.url}/agencies/harbor/forms/intake/submissions`, {
      method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email: address, emailIsSafe: true, assistanceType: 'repairs', householdSize: 2, consent: true }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const caseId = ((await response.json()) as { caseId: string }).caseId;
    await submit('harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' });
    await submit('harbor', caseId, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' });

    await clientDelivery('harbor', caseId, 'care-plan', 'held');
    const notice = await waitFor(async () => (await mailTo(address))[0], 60_000, 'the notice to the client');
    expect(notice.subject).toBe('Un courrier de Harbor Tenant Aid vous attend');
    expect(notice.attachments).toEqual([]);
    expect(`${notice.text}`).not.toMatch(/Lucie|Ngata|Lease dispute|Repairs|plan/i);

    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
    const casePage = `/staff/harbor/cases/${caseId}`;
    const before = await (await browse(stack, jar, casePage)).text();
    expect(before).toContain('Email address not verified');
    expect(before).toContain(`<form method="post" action="${casePage}/client-address">`);

    // From another site: refused, nothing recorded.
    expect((await postForm(stack, jar, `${casePage}/client-address`, {}, 'https://evil.example')).status).toBe(403);
    expect((await getCase('harbor', caseId)).clientAddress).toEqual({ state: 'unverified' });
    // An intake worker may not record it.
    const intakeWorker = await signIn(stack, 'intake-worker', { agencyId: 'harbor', email: 'ines@harbor.example' });
    expect((await postForm(stack, intakeWorker.jar, `${casePage}/client-address`, {})).status).toBe(403);

    const recorded = await postForm(stack, jar, `${casePage}/client-address`, {});
    expect(recorded.status).toBe(303);
    expect(recorded.headers.get('location')).toBe(`${casePage}?verified=in-person`);
    const carePlan = await waitFor(async () => (await mailTo(address)).find((m) => m.attachments.length > 0), 60_000, 'the held care plan');
    expect(carePlan.subject).toBe('Un courrier de Harbor Tenant Aid');
    expect(carePlan.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    await clientDelivery('harbor', caseId, 'care-plan', 'sent');

    const after = await getCase('harbor', caseId);
    expect(after.clientAddress).toMatchObject({ state: 'verified', method: 'in-person', staff: expect.any(String), at: expect.any(String) });
    const page = await (await browse(stack, jar, `${casePage}?verified=in-person`)).text();
    expect(page).toContain('recorded as verified in person');
    expect(page).toMatch(/Verified on \d{4}-\d{2}-\d{2} \d{2}:\d{2}, in person, recorded by you\./);
    const audit = (await (await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/audit`, { headers: bearer(tokens.harbor!.sup) })).json()) as { records: Array<Record<string, unknown>> };
    expect(audit.records.filter((r) => r.action === 'address-verified')).toEqual([expect.objectContaining({ reason: 'in-person', actor: after.clientAddress.staff, roles: ['case-manager'] })]);
  }, 180_000);
});
