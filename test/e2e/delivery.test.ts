import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressHash } from '../../functions/contracts/table-design.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import { linkTokenHash, newLinkToken } from '../../functions/domain/delivery/secure-link.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { confirmCode } from '../support/link-code.ts';
import { clientAddressVerified } from '../support/client-address.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { readCase, submitStaffForm } from '../support/staff-api.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { middayUtc, restoreClock, setClock } from '../support/test-clock.ts';
import { waitFor } from '../support/wait.ts';

let stack: LocalStack;
let caseManager: string;
let supervisor: string;
beforeAll(async () => {
  stack = await startTestStack();
  caseManager = await staffToken('demo', ['case-manager'], 'cm.rivera@demo.example');
  supervisor = await staffToken('demo', ['supervisor'], 'sup@demo.example');
});
afterAll(async () => { await stack?.stop(); });

const submit = (caseId: string, formId: string, body: unknown) => submitStaffForm(stack, caseManager, 'demo', caseId, formId, body);

const getCase = (caseId: string) => readCase(stack, supervisor, 'demo', caseId);

const mailbox = () => mailboxOf(stack);

/** A case with a client who may be emailed at `email`, consent to share with `providers`, and a care plan. */
async function plannedCase(email: string, providers: string[], language = 'en') {
  const intake = { ...demoExample(), preferredLanguage: language, contact: { phone: '+1 555 0142', email, emailIsSafe: true } };
  const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
  // These tests are about delivering: the client's address is taken as verified (client-address-verification.test.ts).
  await clientAddressVerified(stack, 'demo', caseId, email);
  expect((await submit(caseId, 'assessment', demoExample('assessment'))).status).toBe(201);
  expect((await submit(caseId, 'release-of-information', { ...demoExample('release-of-information'), providers })).status).toBe(201);
  expect((await submit(caseId, 'care-plan', demoExample('care-plan'))).status).toBe(201);
  return caseId;
}

const uniqueAddress = (domain = 'example.org') => `client-${randomBytes(4).toString('hex')}@${domain}`;

async function deliveriesOf(caseId: string, documentType: string, count: number) {
  return waitFor(async () => {
    const found = (await getCase(caseId)).deliveries.filter((d: { documentId: string }) => d.documentId.endsWith(`-${documentType}`));
    return found.length >= count && found.every((d: { status: string }) => d.status !== 'claimed') ? found : undefined;
  }, 60_000, `${count} ${documentType} deliveries`);
}

describe('delivery of a care plan', () => {
  it('reaches each routed stakeholder once, by link or attachment, and shows staff what was withheld and why', async () => {
    const clientAddress = uniqueAddress();
    const caseId = await plannedCase(clientAddress, ['northside-clinic'], 'es');
    const deliveries = await deliveriesOf(caseId, 'care-plan', 5);
    const byRecipient = Object.fromEntries(deliveries.map((d: { recipient: string }) => [d.recipient, d]));
    expect(byRecipient['case-manager']).toMatchObject({ status: 'sent', method: 'link' });
    expect(byRecipient.supervisor).toMatchObject({ status: 'sent', method: 'link' });
    expect(byRecipient.client).toMatchObject({ status: 'sent', method: 'attachment' });
    expect(byRecipient['provider-northside-clinic']).toMatchObject({ status: 'sent', method: 'link' });
    expect(byRecipient['provider-eastside-housing']).toMatchObject({ status: 'withheld', reason: 'no-consent' });

    const messages = await mailbox();
    // The care plan once; the request to sign it (issue 23) is a mail of its own, with no document (client-signing tests).
    const toClient = messages.filter((m) => m.to.includes(clientAddress) && m.subject !== 'Riverside Community Care (demo) le pide que firme un documento');
    expect(toClient).toHaveLength(1);
    expect(toClient[0]).toMatchObject({ subject: 'Una carta de Riverside Community Care (demo)', replyTo: 'cm.rivera@demo.example' });
    expect(toClient[0]!.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    const staffMail = messages.filter((m) => m.subject === `Care plan · case ${caseId.slice(0, 8)}`);
    expect(staffMail.map((m) => m.to[0]).sort()).toEqual(['cm.rivera@demo.example', 'supervisors@demo.caseforms.example']);
    expect(messages.filter((m) => m.to.includes('intake@eastside.caseforms.test') && m.text.includes(caseId.slice(0, 8)))).toHaveLength(0);
  });

  it('serves a secure link once per opening, records each opening, and refuses unknown and expired tokens', async () => {
    const caseId = await plannedCase(uniqueAddress(), ['northside-clinic']);
    await deliveriesOf(caseId, 'care-plan', 5);
    const mail = (await mailbox()).find((m) => m.to.includes('referrals@northside.caseforms.test') && m.subject.includes(caseId.slice(0, 8)))!;
    expect(mail.attachments).toHaveLength(0);
    const link = /^(http:\/\/\S+\/agencies\/demo\/links\/[A-Za-z0-9_-]{43})$/m.exec(mail.text)![1]!;

    // A provider is outside the agency: the link opens once its one-time code is confirmed (link-code.test.ts).
    const cookie = await confirmCode(stack, link, 'referrals@northside.caseforms.test');
    for (let opening = 0; opening < 2; opening += 1) {
      const response = await fetch(link, { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    }
    const audit = (await (await fetch(`${stack.url}/agencies/demo/cases/${caseId}/audit`, { headers: bearer(supervisor) })).json()) as { records: Array<Record<string, unknown>> };
    const openings = audit.records.filter((r) => r.action === 'open-link');
    expect(openings).toHaveLength(2);
    expect(openings[0]).toMatchObject({ actor: 'link:provider-northside-clinic', target: expect.stringMatching(/-care-plan$/) });

    const tampered = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A');
    const unknown = await fetch(tampered);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(link.replace('/agencies/demo/', '/agencies/other/'))).status).toBe(404);

    const expiredToken = newLinkToken();
    await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(new PutCommand({
      TableName: stack.resources.tableName,
      Item: {
        pk: keys.link('demo', linkTokenHash(expiredToken)), sk: keys.linkRecord(), type: 'link', agencyId: 'demo', caseId,
        documentId: openings[0]!.target, recipient: 'supervisor', createdAt: '2026-01-01T00:00:00.000Z', validUntil: '2026-01-04T00:00:00.000Z',
      },
    }));
    const expired = await fetch(`${stack.url}/agencies/demo/links/${expiredToken}`);
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { detail: string }).detail).toContain('expired');
  });
});

describe('evidence from SES events, and a termination that needs it', () => {
  const terminate = async (caseId: string) => {
    expect((await submit(caseId, 'service-start', demoExample('service-start'))).status).toBe(201);
    const effectiveDate = addDays(localDate(new Date(), 'America/Chicago'), 14);
    expect((await submit(caseId, 'termination', { ...demoExample('termination'), effectiveDate })).status).toBe(201);
    await deliveriesOf(caseId, 'termination-notice', 5);
    return effectiveDate;
  };
  /** Submits as the case manager on `date` (noon in Chicago), with a token issued on that day. */
  const submitOn = async (date: string, caseId: string, formId: string, body: unknown) => {
    setClock(middayUtc(date));
    try {
      caseManager = await staffToken('demo', ['case-manager'], 'cm.rivera@demo.example');
      return await submit(caseId, formId, body);
    } finally {
      restoreClock();
      caseManager = await staffToken('demo', ['case-manager'], 'cm.rivera@demo.example');
    }
  };

  it('a delivered notice lets the termination complete on its effective date, never before; until SES confirms it, completing is refused naming the field', async () => {
    const caseId = await plannedCase(uniqueAddress(), []);
    const effectiveDate = await terminate(caseId);
    const early = await submit(caseId, 'termination-complete', { completedOn: localDate(new Date(), 'America/Chicago') });
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({ deliveryStatuses: ['sent'] });
    expect(early.json.errors).toEqual([{ pointer: '/noticeServedOtherwise', message: expect.stringContaining('not confirmed delivered') }]);

    expect(await stack.publishSesEvents()).toBeGreaterThan(0);
    const state = await getCase(caseId);
    const notice = state.deliveries.find((d: { recipient: string; documentId: string }) => d.recipient === 'client' && d.documentId.endsWith('-termination-notice'));
    expect(notice).toMatchObject({ status: 'delivered', events: [{ status: 'delivered', at: expect.any(String) }] });
    expect(state.termination).toMatchObject({ effectiveDate, servedBy: 'email', earliestCompletion: effectiveDate });

    const dayBefore = addDays(effectiveDate, -1);
    const tooEarly = await submitOn(dayBefore, caseId, 'termination-complete', { completedOn: dayBefore });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.json).toMatchObject({ type: 'urn:caseforms:problem:termination-too-early', earliestCompletion: effectiveDate, today: dayBefore });
    expect(tooEarly.json.errors).toEqual([{ pointer: '/completedOn', message: expect.stringContaining('at the earliest') }]);
    expect((await getCase(caseId)).case.state).toBe('termination-pending');

    const done = await submitOn(effectiveDate, caseId, 'termination-complete', { completedOn: effectiveDate });
    expect(done.status).toBe(201);
    expect(done.json.state).toBe('terminated');
  });

  it('a bounced notice is flagged on the case and its address suppressed; a letter served later clears the flag and moves the earliest day', async () => {
    const address = uniqueAddress('bounce.caseforms.test');
    const caseId = await plannedCase(address, []);
    const effectiveDate = await terminate(caseId);
    await stack.publishSesEvents();
    const state = await getCase(caseId);
    const notice = state.deliveries.find((d: { recipient: string; documentId: string }) => d.recipient === 'client' && d.documentId.endsWith('-termination-notice'));
    expect(notice.status).toBe('bounced');
    expect(state.case.noticeUndelivered).toBe(notice.documentId);
    const suppression = (await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.suppression('demo') && item.sk === addressHash(address));
    expect(suppression).toMatchObject({ reason: 'bounced' });
    expect(JSON.stringify(suppression)).not.toContain(address);

    const refused = await submitOn(effectiveDate, caseId, 'termination-complete', { completedOn: effectiveDate });
    expect(refused.status).toBe(409);
    expect(refused.json.deliveryStatuses).toEqual(['bounced']);

    // The letter reaches the client 7 days after the notice date: 10 days' minimum notice runs from then.
    const servedOn = addDays(effectiveDate, -7);
    expect((await submitOn(servedOn, caseId, 'notice-served', { servedOn, channel: 'letter' })).status).toBe(201);
    const served = await getCase(caseId);
    expect(served.case.noticeUndelivered).toBeUndefined();
    const earliest = addDays(servedOn, 10);
    expect(served.termination).toMatchObject({ servedOn, servedBy: 'letter', earliestCompletion: earliest });

    const onTheOldDate = await submitOn(effectiveDate, caseId, 'termination-complete', { completedOn: effectiveDate });
    expect(onTheOldDate.status).toBe(409);
    expect(onTheOldDate.json.earliestCompletion).toBe(earliest);
    const done = await submitOn(earliest, caseId, 'termination-complete', { completedOn: earliest });
    expect(done.status).toBe(201);
    expect(done.json.state).toBe('terminated');
  });

  it('a complaint suppresses the client address: the next document to them is withheld as suppressed', async () => {
    const address = uniqueAddress('complaint.caseforms.test');
    const caseId = await plannedCase(address, []);
    await deliveriesOf(caseId, 'care-plan', 5);
    // The request to sign the care plan goes too (the client signs first): settled before the complaint comes back.
    await deliveriesOf(caseId, 'care-plan-signature-request', 1);
    await stack.publishSesEvents();
    const complained = (await getCase(caseId)).deliveries.find((d: { recipient: string; documentId: string }) => d.recipient === 'client' && d.documentId.endsWith('-care-plan'));
    expect(complained).toMatchObject({ status: 'complained' });
    expect(complained.events.map((e: { status: string }) => e.status)).toEqual(['delivered', 'complained']);

    await terminate(caseId);
    const notice = (await getCase(caseId)).deliveries.find((d: { recipient: string; documentId: string }) => d.recipient === 'client' && d.documentId.endsWith('-termination-notice'));
    expect(notice).toMatchObject({ status: 'withheld', reason: 'suppressed' });
    // Before the complaint: the care plan, and the request to sign it (the client signs it first). Nothing after.
    const toClient = (await mailbox()).filter((m) => m.to.includes(address));
    expect(toClient.map((m) => (m.attachments.length > 0 ? 'care plan' : m.subject)).sort()).toEqual(['Riverside Community Care (demo) asks you to sign a document', 'care plan']);
  });
});

describe('a risk flag', () => {
  it('alerts the supervisor at once, and the flag shows it was alerted', async () => {
    const phq = { ...demoExample('phq-9'), q9: 2 };
    const response = await post(stack, '/agencies/demo/forms/phq-9/submissions', { body: JSON.stringify(phq) });
    expect(response.status).toBe(201);
    const { caseId } = response.json as { caseId: string };
    const alert = await waitFor(async () => (await mailbox()).find((m) => m.subject === `Risk flag raised · case ${caseId.slice(0, 8)}`), 45_000, 'the risk alert');
    expect(alert.to).toEqual(['supervisors@demo.caseforms.example']);
    expect(alert.attachments).toHaveLength(0);
    expect(alert.text).toContain('PHQ-9 item 9');
    const flags = await waitFor(async () => {
      const found = (await getCase(caseId)).riskFlags as Array<{ status: string; flag: { id: string } }>;
      return found.some((f) => f.status === 'alerted') ? found : undefined;
    }, 10_000, 'the flag to be marked alerted');
    expect(flags.find((f) => f.flag.id === 'self-harm-risk')).toMatchObject({ status: 'alerted' });
    const deliveries = (await getCase(caseId)).deliveries;
    expect(deliveries.find((d: { recipient: string }) => d.recipient === 'case-manager')).toMatchObject({ status: 'withheld', reason: 'no-case-manager' });
  });
});
