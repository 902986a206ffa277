import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import { zonedInstant } from '../../functions/domain/cases/zoned-time.ts';
import { documentKey } from '../../functions/domain/documents/document-key.ts';
import type { SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import { signingReminderScheduleName } from '../../functions/domain/signatures/signing-reminders.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { storeCaseFile } from '../support/case-files.ts';
import { clientAddressVerified } from '../support/client-address.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { confirmCode } from '../support/link-code.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { pdfsig } from '../support/pdf-tools.ts';
import { openSigningFor, signingOf, signLinkMailedTo } from '../support/signing.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { browse, postForm as postStaffForm, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { samplePdf } from '../support/upload-pack.ts';
import { waitFor } from '../support/wait.ts';

// Issue 23's reminders and new links through the real local stack. The demo: its care plan (the client, then the
// case manager), reminded after its 5 days in Chicago. Harbor, declared here: its care plan acknowledged by the client,
// optionally, reminded after 2 days in Los Angeles, where the reminder closes the acknowledgement as not signed and
// the plan is sealed without it. Both: staff send the client a new signing link after the first was given up.
let stack: LocalStack;
const CLIENT = { 'user-agent': 'caseforms-e2e/1.0 (signing reminders)' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const packs = {
  demo: { timeZone: 'America/Chicago', reminderDays: 5, caseManager: 'lee@demo.example' },
  harbor: { timeZone: 'America/Los_Angeles', reminderDays: 2, caseManager: 'lea@harbor.example' },
} as const;
type AgencyId = keyof typeof packs;
const agencies: Record<string, { id: string; signatures: SignaturesDeclaration }> = {};

beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  const harborFile = join(formsDir, 'harbor', 'agency.json');
  const signatures: SignaturesDeclaration = { reminderDays: packs.harbor.reminderDays, documents: { 'care-plan': { signers: [{ role: 'client', intent: 'acknowledge', optional: true }] } } };
  writeFileSync(harborFile, JSON.stringify({ ...JSON.parse(readFileSync(harborFile, 'utf8')), signatures }, null, 2));
  agencies.harbor = { id: 'harbor', signatures };
  agencies.demo = { id: 'demo', signatures: JSON.parse(readFileSync(join(formsDir, 'demo', 'agency.json'), 'utf8')).signatures };
  stack = await startTestStack({ formsDir });
});
afterAll(async () => { await stack?.stop(); });

async function submit(agencyId: AgencyId, caseId: string, formId: string, body: unknown): Promise<void> {
  const response = await submitStaffForm(stack, await staffToken(agencyId, ['case-manager'], packs[agencyId].caseManager), agencyId, caseId, formId, body);
  expect(response.status).toBe(201);
}

/** A case with a care plan awaiting signatures, its client's address confirmed; resolves to the case and the document. */
async function carePlan(agencyId: AgencyId, email: string): Promise<{ caseId: string; documentId: string }> {
  let caseId: string;
  if (agencyId === 'demo') {
    const intake = { ...demoExample(), preferredLanguage: 'en', contact: { phone: '+1 555 0142', email, emailIsSafe: true } };
    caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
    await clientAddressVerified(stack, 'demo', caseId, email);
    await submit('demo', caseId, 'assessment', demoExample('assessment'));
    await submit('demo', caseId, 'care-plan', demoExample('care-plan'));
  } else {
    const response = await post(stack, '/agencies/harbor/forms/intake/submissions', {
      headers: harborApiKeyHeader,
      body: JSON.stringify({ fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email, emailIsSafe: true, assistanceType: 'repairs', householdSize: 2, consent: true }),
    });
    caseId = (response.json as { caseId: string }).caseId;
    await clientAddressVerified(stack, 'harbor', caseId, email);
    await submit('harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Mould in the bedroom, lease dispute.' });
    await submit('harbor', caseId, 'care-plan', { goals: [{ goal: 'Mould removed', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' });
  }
  return { caseId, documentId: await openSigningFor(stack, agencies[agencyId]!, caseId, 'care-plan') };
}

/** When the document's reminder is due: reminderDays after the agency's day of opening, 09:00 there (plus a little). */
async function reminderInstant(agencyId: AgencyId, caseId: string, documentId: string): Promise<Date> {
  const { record } = await signingOf(stack, agencyId, caseId, documentId);
  const { timeZone, reminderDays } = packs[agencyId];
  return zonedInstant(`${addDays(localDate(new Date(record.createdAt), timeZone), reminderDays)}T09:00:30`, timeZone);
}

/** The document's reminder schedule as the emulator holds it, once the worker wrote it. */
const scheduleOf = (agencyId: AgencyId, caseId: string, documentId: string) => waitFor(async () => {
  try {
    return await new SchedulerClient({}).send(new GetScheduleCommand({ Name: signingReminderScheduleName(agencyId, caseId, documentId), GroupName: stack.resources.reviewScheduleGroup }));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}, 60_000, `the signing reminder schedule of ${documentId}`);

/** The job ran to its end, so "nothing was sent" is an answer, not a race. */
const jobDone = (caseId: string, documentType: string, submissionId: string) => waitFor(async () => (await tableItems(stack.resources.tableName)).find((item) => {
  const job = item.job as { documentType?: string; caseId?: string; submissionId?: string } | undefined;
  return item.type === 'job' && item.status === 'done' && job?.documentType === documentType && job.caseId === caseId && job.submissionId === submissionId;
}), 60_000, `the ${documentType} job of ${submissionId}`);

const remindersOf = async (documentId: string) => (await mailboxOf(stack)).filter((message) => message.tags['caseforms-document'] === `${documentId}-signing-reminder`);

async function auditActions(agencyId: AgencyId, caseId: string): Promise<string[]> {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases/${caseId}/audit`, { headers: bearer(await staffToken(agencyId, ['supervisor'], `sup@${agencyId}.example`)) });
  return ((await response.json()) as { records: Array<{ action: string }> }).records.map((record) => record.action);
}

const clientPost = (url: string, fields: Record<string, string>, cookie: string) =>
  fetch(url, { method: 'POST', redirect: 'manual', headers: { ...CLIENT, ...FORM, cookie }, body: new URLSearchParams(fields).toString() });
const signingPath = (agencyId: string, caseId: string, documentId: string) => `/staff/${agencyId}/cases/${caseId}/signatures/${documentId}`;

describe.each(['demo', 'harbor'] as const)('%s: a new signing link from the signing page', (agencyId) => {
  it('once the client gave up their link (paper), the case manager sends a new one that signs; the old one stays refused; not again within minutes, nor once signed', async () => {
    const email = `resend-${agencyId}-${randomBytes(4).toString('hex')}@example.org`;
    const { caseId, documentId } = await carePlan(agencyId, email);
    const first = await signLinkMailedTo(stack, email, 0);
    const firstCookie = await confirmCode(stack, first.link, email, CLIENT);
    // The client chose paper: that link is done for good.
    expect((await clientPost(`${first.link}/consent`, { choice: 'paper' }, firstCookie)).status).toBe(200);
    expect((await clientPost(`${first.link}/consent`, { choice: 'agree' }, firstCookie)).status).toBe(410);

    const path = signingPath(agencyId, caseId, documentId);
    const manager = await signIn(stack, 'case-manager', { agencyId, email: packs[agencyId].caseManager });
    expect(await (await browse(stack, manager.jar, path)).text()).toContain('Send the signing link again');
    const resent = await postStaffForm(stack, manager.jar, path, { action: 'resend', role: 'client' });
    expect(resent.status).toBe(303);
    expect(resent.headers.get('location')).toBe(`${path}?signing=resent`);
    const page = await (await browse(stack, manager.jar, resent.headers.get('location')!)).text();
    expect(page).toContain('A new signing link is on its way to the client.');
    expect(page).toContain('A new link was last sent on');

    // A second click at once: refused, nothing changed, no third mail.
    const again = await postStaffForm(stack, manager.jar, path, { action: 'resend', role: 'client' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('A new link was sent less than 5 minutes ago');
    expect((await signingOf(stack, agencyId, caseId, documentId)).record.linkResends).toBe(1);

    const second = await signLinkMailedTo(stack, email, 1);
    expect(second.link).not.toBe(first.link);
    expect(second.mail.tags['caseforms-document']).toBe(`${documentId}-signature-request-1`);
    const cookie = await confirmCode(stack, second.link, email, CLIENT);
    expect((await clientPost(`${second.link}/consent`, { choice: 'agree' }, cookie)).status).toBe(303);
    expect((await clientPost(`${second.link}/sign`, { name: 'Ana Ruiz', intent: 'yes' }, cookie)).status).toBe(200);
    const signed = await signingOf(stack, agencyId, caseId, documentId);
    expect(signed.record.steps[0]).toMatchObject({ role: 'client', status: 'signed', evidence: { signerName: 'Ana Ruiz', method: 'typed' } });

    // The old link signs nothing; the used new one neither.
    expect((await clientPost(`${first.link}/sign`, { name: 'Ana Ruiz', intent: 'yes' }, firstCookie)).status).toBe(410);
    expect((await clientPost(`${second.link}/sign`, { name: 'Ana Ruiz', intent: 'yes' }, cookie)).status).toBe(410);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await mailboxOf(stack)).filter((m) => m.to.includes(email) && m.tags['caseforms-document']?.includes('signature-request'))).toHaveLength(2);

    // Signed: no more links to send (the demo's case manager signs next; Harbor's plan is ready to seal).
    const late = await postStaffForm(stack, manager.jar, path, { action: 'resend', role: 'client' });
    expect(late.status).toBe(409);
    expect(await late.text()).toMatch(/This signature is already recorded|already signed and sealed/);
    expect((await auditActions(agencyId, caseId)).filter((action) => action === 'resend-signing-link')).toHaveLength(1);
  });
});

describe('harbor: two days on, the optional acknowledgement is closed and the care plan sealed', () => {
  it('closes the client\'s step as not signed, seals the plan (pdfsig valid over the whole file), and reminds nobody', async () => {
    const { caseId, documentId } = await carePlan('harbor', `lucie-${randomBytes(4).toString('hex')}@example.org`);
    const at = await reminderInstant('harbor', caseId, documentId);
    const schedule = await scheduleOf('harbor', caseId, documentId);
    expect(schedule.ScheduleExpressionTimezone).toBe('America/Los_Angeles');
    expect(schedule.ScheduleExpression).toBe(`at(${addDays(localDate(new Date((await signingOf(stack, 'harbor', caseId, documentId)).record.createdAt), 'America/Los_Angeles'), 2)}T09:00:00)`);

    await stack.fireSchedulesDue(new Date(at.getTime() - 60_000));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await signingOf(stack, 'harbor', caseId, documentId)).record.state).toBe('awaiting');
    expect(await stack.fireSchedulesDue(at)).toBeGreaterThanOrEqual(1);

    const sealed = await waitFor(async () => {
      const { record } = await signingOf(stack, 'harbor', caseId, documentId);
      return record.state === 'sealed' ? record : undefined;
    }, 90_000, 'the sealed care plan');
    expect(sealed.steps).toEqual([expect.objectContaining({ role: 'client', optional: true, status: 'not-signed' })]);
    const object = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: stack.resources.bucketName, Key: documentKey('harbor', caseId, `${documentId}-signed`) }));
    const pdf = Buffer.from(await object.Body!.transformToByteArray());
    expect(sealed.sealedSha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const verdict = pdfsig(pdf);
    expect(verdict).toContain('Signature Validation: Signature is Valid.');
    expect(verdict).toContain('Total document signed');

    await jobDone(caseId, 'signing-reminder', documentId);
    expect(await remindersOf(documentId)).toEqual([]);
    expect(await auditActions('harbor', caseId)).toEqual(expect.arrayContaining(['open-signing', 'close-unsigned', 'seal-document']));
    const manager = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: packs.harbor.caseManager });
    const casePage = await (await browse(stack, manager.jar, `/staff/harbor/cases/${caseId}`)).text();
    expect(casePage).toContain('Client: not signed');
    expect(casePage).toContain('Signed and sealed by the agency.');
  });
});

describe('demo: five days on, the case manager is reminded of what the client has not signed', () => {
  it('emails the case manager once, with the case reference and the signing page, nothing about the client; not for a plan signed meanwhile', async () => {
    const example = demoExample();
    const waiting = await carePlan('demo', `waiting-${randomBytes(4).toString('hex')}@example.org`);
    const signedMeanwhile = await carePlan('demo', `signed-${randomBytes(4).toString('hex')}@example.org`);
    await scheduleOf('demo', waiting.caseId, waiting.documentId);
    await scheduleOf('demo', signedMeanwhile.caseId, signedMeanwhile.documentId);

    // The second plan: the client on paper, then the case manager; sealed before its reminder.
    const manager = await signIn(stack, 'case-manager', { email: packs.demo.caseManager });
    const path = signingPath('demo', signedMeanwhile.caseId, signedMeanwhile.documentId);
    const scan = await storeCaseFile(stack, stack.resources.uploadsBucketName, {
      agencyId: 'demo', caseId: signedMeanwhile.caseId, submissionId: signedMeanwhile.documentId, formId: 'care-plan', field: 'scan', name: 'signed.pdf', type: 'application/pdf', scan: 'clean', bytes: samplePdf(),
    });
    expect((await postStaffForm(stack, manager.jar, path, { action: 'paper', role: 'client', signerName: 'Jordan Rivera', paperUploadId: scan.uploadId })).status).toBe(303);
    expect((await postStaffForm(stack, manager.jar, path, { action: 'sign', role: 'case-manager', signerName: 'Lee Park' })).status).toBe(303);
    await waitFor(async () => ((await signingOf(stack, 'demo', signedMeanwhile.caseId, signedMeanwhile.documentId)).record.state === 'sealed' ? true : undefined), 90_000, 'the sealed plan');

    const at = await reminderInstant('demo', waiting.caseId, waiting.documentId);
    await stack.fireSchedulesDue(at);
    const [mail] = await waitFor(async () => {
      const found = await remindersOf(waiting.documentId);
      return found.length > 0 ? found : undefined;
    }, 60_000, 'the signing reminder');
    const reference = waiting.caseId.slice(0, 8);
    expect(mail!.to).toEqual([packs.demo.caseManager]);
    expect(mail!.subject).toBe(`Signatures still missing · case ${reference}`);
    expect(mail!.text).toContain(`A document on case ${reference}, at Riverside Community Care (demo), is still waiting for signatures.`);
    const link = `${stack.url}${signingPath('demo', waiting.caseId, waiting.documentId)}`;
    expect(mail!.text).toContain(link);
    expect(JSON.stringify(mail)).not.toMatch(new RegExp(`${String(example.givenName)}|${String(example.familyName)}|waiting-`));
    // The link is the signing page, for a signed-in case manager.
    expect((await browse(stack, manager.jar, link)).status).toBe(200);
    // The client still has their turn: nothing closed.
    expect((await signingOf(stack, 'demo', waiting.caseId, waiting.documentId)).record.steps.map((step) => step.status)).toEqual(['pending', 'pending']);

    await jobDone(signedMeanwhile.caseId, 'signing-reminder', signedMeanwhile.documentId);
    expect(await remindersOf(signedMeanwhile.documentId)).toEqual([]);
    // The schedules fired once: a later pass sends nothing more.
    await stack.fireSchedulesDue(new Date(at.getTime() + 86_400_000));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await remindersOf(waiting.documentId)).toHaveLength(1);
  });
});
