import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import { documentKey } from '../../functions/domain/documents/document-key.ts';
import type { SigningRecord } from '../../functions/domain/signatures/signing.ts';
import type { LocalStack } from '../../local/stack.ts';
import { storeCaseFile } from '../support/case-files.ts';
import { clientAddressVerified } from '../support/client-address.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { pdfsig, pdftotext } from '../support/pdf-tools.ts';
import { browse, postForm, signIn, type CookieJar } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { samplePdf } from '../support/upload-pack.ts';
import { waitFor } from '../support/wait.ts';

// Signing on the case: the demo's care plan (the client, then the case manager) and Harbor's, declared in this test
// (the client, then a supervisor), for a client who reads French. Real stack: the document job opens the record, the
// staff pages take the signatures, the worker seals, S3 keeps the final PDF, the mailbox gets it.
let stack: LocalStack;
let store: DynamoSigningStore;

function formsDirWithHarborSignatures(): string {
  const dir = formsDirWithHarbor();
  const agencyFile = join(dir, 'harbor', 'agency.json');
  const agency = JSON.parse(readFileSync(agencyFile, 'utf8'));
  agency.signatures = { documents: { 'care-plan': { signers: [{ role: 'client', intent: 'agree' }, { role: 'supervisor', intent: 'agree' }] } } };
  writeFileSync(agencyFile, JSON.stringify(agency, null, 2));
  return dir;
}

beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarborSignatures() });
  store = new DynamoSigningStore(stack.resources.tableName);
});
afterAll(async () => { await stack?.stop(); });

const submitAs = async (token: string, agencyId: string, caseId: string, formId: string, body: unknown): Promise<number> =>
  (await submitStaffForm(stack, token, agencyId, caseId, formId, body)).status;

/** A demo case with a care plan submitted, its client's address verified (the final copy goes to them). */
async function demoCarePlan(email: string): Promise<{ caseId: string; token: string }> {
  const token = await staffToken('demo', ['case-manager'], 'lee@demo.example');
  const example = demoExample();
  const intake = { ...example, preferredLanguage: 'en', contact: { ...(example.contact as object), email } };
  const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
  await clientAddressVerified(stack, 'demo', caseId, email);
  expect(await submitAs(token, 'demo', caseId, 'assessment', demoExample('assessment'))).toBe(201);
  expect(await submitAs(token, 'demo', caseId, 'care-plan', demoExample('care-plan'))).toBe(201);
  return { caseId, token };
}

const awaiting = (agencyId: string, caseId: string) => waitFor(async () => {
  const records = await store.listSignings(agencyId, caseId);
  return records.length > 0 ? records : undefined;
}, 60_000, 'the signing record');

const signingPath = (agencyId: string, caseId: string, documentId: string) => `/staff/${agencyId}/cases/${caseId}/signatures/${documentId}`;

async function act(jar: CookieJar, path: string, fields: Record<string, string>): Promise<{ status: number; text: string; location: string | null }> {
  const response = await postForm(stack, jar, path, fields);
  return { status: response.status, text: await response.text(), location: response.headers.get('location') };
}

async function sealed(agencyId: string, caseId: string, documentId: string): Promise<SigningRecord> {
  return waitFor(async () => {
    const found = await store.findSigning(agencyId, caseId, documentId);
    return found?.record.state === 'sealed' ? found.record : undefined;
  }, 90_000, 'the sealed record');
}

async function finalPdf(agencyId: string, caseId: string, documentId: string): Promise<Buffer> {
  const object = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: stack.resources.bucketName, Key: documentKey(agencyId, caseId, `${documentId}-signed`) }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

describe('signing a care plan on the case', () => {
  it('opens with the care plan, takes the client on paper then the case manager in order, seals, and mails the final PDF', async () => {
    const email = 'signing.demo@example.org';
    const { caseId } = await demoCarePlan(email);
    const [opened] = await awaiting('demo', caseId);
    expect(opened!.record).toMatchObject({ documentType: 'care-plan', state: 'awaiting', steps: [{ role: 'client', status: 'pending' }, { role: 'case-manager', status: 'pending' }] });
    expect(opened!.record.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    const { documentId } = opened!.record;
    const path = signingPath('demo', caseId, documentId);
    const manager = await signIn(stack, 'case-manager', { email: 'lee@demo.example' });

    const page = await browse(stack, manager.jar, path);
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain('Record the client&#39;s paper signature');
    expect(pageText).not.toContain('Sign as');

    const early = await act(manager.jar, path, { action: 'sign', role: 'case-manager', signerName: 'Lee Park' });
    expect(early.status).toBe(409);
    expect(early.text).toContain('Not yet: an earlier signer has not signed.');

    const noScan = await act(manager.jar, path, { action: 'paper', role: 'client', signerName: 'Jordan Rivera', paperUploadId: '' });
    expect(noScan.status).toBe(422);
    expect(noScan.text).toContain('Choose the scan of the signed paper.');
    const notOfCase = await act(manager.jar, path, { action: 'paper', role: 'client', signerName: 'Jordan Rivera', paperUploadId: '3f1c2a4e-0000-4000-8000-000000000000' });
    expect(notOfCase.status).toBe(422);
    expect(notOfCase.text).toContain('not a file of this case that passed the virus check');

    const scan = await storeCaseFile(stack, stack.resources.uploadsBucketName, {
      agencyId: 'demo', caseId, submissionId: documentId, formId: 'care-plan', field: 'scan', name: 'signed-plan.pdf', type: 'application/pdf', scan: 'clean', bytes: samplePdf(),
    });
    const blankName = await act(manager.jar, path, { action: 'paper', role: 'client', signerName: '   ', paperUploadId: scan.uploadId });
    expect(blankName.status).toBe(422);
    expect(blankName.text).toContain('Type the full name: it cannot be empty.');
    const paper = await act(manager.jar, path, { action: 'paper', role: 'client', signerName: 'Jordan Rivera', paperUploadId: scan.uploadId });
    expect(paper.status).toBe(303);
    expect(paper.location).toBe(`${path}?signing=saved`);
    expect(await act(manager.jar, path, { action: 'paper', role: 'client', signerName: 'Jordan Rivera', paperUploadId: scan.uploadId })).toMatchObject({ status: 409 });

    const whitespace = await act(manager.jar, path, { action: 'sign', role: 'case-manager', signerName: ' \t ' });
    expect(whitespace.status).toBe(422);
    const signed = await act(manager.jar, path, { action: 'sign', role: 'case-manager', signerName: 'Lee Park' });
    expect(signed.status).toBe(303);
    expect(signed.location).toBe(`${path}?signing=sealing`);

    const record = await sealed('demo', caseId, documentId);
    expect(record.steps.map((step) => [step.role, step.status, step.evidence?.signerName, step.evidence?.method])).toEqual([
      ['client', 'paper', 'Jordan Rivera', 'paper'], ['case-manager', 'signed', 'Lee Park', 'typed'],
    ]);
    expect(record.steps[0]!.paperUploadId).toBe(scan.uploadId);
    expect(record.steps[1]!.evidence).toMatchObject({ identifiedBy: expect.stringMatching(/^staff-session: /), intentText: 'I agree to this document: Care plan.', documentSha256: record.documentSha256 });

    const pdf = await finalPdf('demo', caseId, documentId);
    expect(record.sealedSha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const verdict = pdfsig(pdf);
    expect(verdict).toContain('Signature Validation: Signature is Valid.');
    expect(verdict).toContain('Signed Ranges');
    expect(verdict).toContain('Total document signed');
    const text = pdftotext(pdf);
    expect(text).toContain('Jordan Rivera');
    expect(text).toContain('Lee Park');

    const casePage = await (await browse(stack, manager.jar, `/staff/demo/cases/${caseId}`)).text();
    expect(casePage).toContain('Signed and sealed by the agency.');
    expect(casePage).toContain(`/staff/demo/cases/${caseId}/documents/${documentId}-signed`);
    expect(casePage).toContain('Client: signed on paper by Jordan Rivera');

    const toClient = await waitFor(async () => (await mailboxOf(stack)).find((message) => message.to.includes(email) && message.tags['caseforms-document'] === `${documentId}-signed`), 60_000, 'the final copy to the client');
    expect(toClient.attachments.map((attachment) => attachment.contentType)).toEqual(['application/pdf']);
    const attached = Buffer.from(await (await fetch(`${stack.url}${toClient.attachments[0]!.url}`)).arrayBuffer());
    expect(attached.equals(pdf)).toBe(true);

    const audit = (await (await fetch(`${stack.url}/agencies/demo/cases/${caseId}/audit`, { headers: bearer(await staffToken('demo', ['supervisor'], 'sam@demo.example')) })).json()) as { records: Array<{ action: string }> };
    const actions = audit.records.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['open-signing', 'read-signing', 'paper-signature', 'sign-document', 'seal-document']));
  });

  it('a newer care plan supersedes the awaiting one, which then takes nothing; wrong role, no reason and another agency are refused', async () => {
    const { caseId, token } = await demoCarePlan('signing.supersede@example.org');
    const [first] = await awaiting('demo', caseId);
    const firstId = first!.record.documentId;
    // A review reopens the plan: the changed care plan is a new document that needs new signatures.
    for (const formId of ['service-start', 'review', 'care-plan']) expect(await submitAs(token, 'demo', caseId, formId, demoExample(formId))).toBe(201);
    const records = await waitFor(async () => {
      const all = await store.listSignings('demo', caseId);
      return all.length === 2 ? all : undefined;
    }, 60_000, 'the second record');
    const second = records.find(({ record }) => record.documentId !== firstId)!.record;
    expect(records.find(({ record }) => record.documentId === firstId)!.record).toMatchObject({ state: 'superseded', supersededBy: second.documentId });

    const manager = await signIn(stack, 'case-manager', { email: 'lee@demo.example' });
    const afterSupersede = await act(manager.jar, signingPath('demo', caseId, firstId), { action: 'decline', role: 'client', reason: 'Wants changes' });
    expect(afterSupersede.status).toBe(409);
    expect(afterSupersede.text).toContain('This document was replaced by a newer one');
    const signAfterSupersede = await act(manager.jar, signingPath('demo', caseId, firstId), { action: 'sign', role: 'case-manager', signerName: 'Lee Park' });
    expect(signAfterSupersede.status).toBe(409);
    expect(signAfterSupersede.text).toContain('This document was replaced by a newer one');
    const firstPage = await (await browse(stack, manager.jar, signingPath('demo', caseId, firstId))).text();
    expect(firstPage).toContain('Replaced by the Care plan of');

    const noReason = await act(manager.jar, signingPath('demo', caseId, second.documentId), { action: 'decline', role: 'client', reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Give the reason: it cannot be empty.');

    const intakeWorker = await signIn(stack, 'intake-worker', { email: 'ivy@demo.example' });
    const wrongRole = await act(intakeWorker.jar, signingPath('demo', caseId, second.documentId), { action: 'decline', role: 'client', reason: 'Refused' });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.text).toContain('Your role cannot sign or record this signature.');

    const harborStaff = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
    expect((await browse(stack, harborStaff.jar, signingPath('harbor', caseId, second.documentId))).status).toBe(404);
    expect((await act(harborStaff.jar, signingPath('harbor', caseId, second.documentId), { action: 'decline', role: 'client', reason: 'x' })).status).toBe(404);
    expect((await browse(stack, manager.jar, signingPath('demo', caseId, `${second.documentId}x`))).status).toBe(404);

    const declined = await act(manager.jar, signingPath('demo', caseId, second.documentId), { action: 'decline', role: 'client', reason: 'Wants to read it with family first' });
    expect(declined.status).toBe(303);
    expect((await store.findSigning('demo', caseId, second.documentId))!.record).toMatchObject({ state: 'declined', steps: [{ status: 'declined', reason: 'Wants to read it with family first' }, { status: 'pending' }] });
    const casePage = await (await browse(stack, manager.jar, `/staff/demo/cases/${caseId}`)).text();
    expect(casePage).toContain('Client: declined: Wants to read it with family first');
  });
});

describe('a second agency\'s signing plan', () => {
  it('Harbor\'s care plan is signed by the client, then a supervisor (not the case manager), sealed with a French signature page', async () => {
    const email = 'lucie.signe@example.org';
    const intake = await fetch(`${stack.url}/agencies/harbor/forms/intake/submissions`, {
      method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json', 'accept-language': 'fr' },
      body: JSON.stringify({
        fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email, emailIsSafe: true, assistanceType: 'eviction',
        eviction: { noticeReceivedOn: '2026-11-28', noticeKind: 'court-summons', hearingDate: '2027-01-12' }, householdSize: 3, consent: true,
      }),
    });
    const caseId = ((await intake.json()) as { caseId: string }).caseId;
    await clientAddressVerified(stack, 'harbor', caseId, email);
    const advocate = await staffToken('harbor', ['case-manager'], 'lea@harbor.example');
    expect(await submitAs(advocate, 'harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' })).toBe(201);
    expect(await submitAs(advocate, 'harbor', caseId, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' })).toBe(201);
    const [opened] = await awaiting('harbor', caseId);
    const { documentId } = opened!.record;
    expect(opened!.record.steps.map((step) => step.role)).toEqual(['client', 'supervisor']);
    const path = signingPath('harbor', caseId, documentId);

    const scan = await storeCaseFile(stack, stack.resources.uploadsBucketName, {
      agencyId: 'harbor', caseId, submissionId: documentId, formId: 'care-plan', field: 'scan', name: 'plan-signé.pdf', type: 'application/pdf', scan: 'clean', bytes: samplePdf(),
    });
    const caseManager = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
    expect((await act(caseManager.jar, path, { action: 'paper', role: 'client', signerName: 'Lucie Ngata', paperUploadId: scan.uploadId })).status).toBe(303);
    const notTheirs = await act(caseManager.jar, path, { action: 'sign', role: 'case-manager', signerName: 'Léa Martin' });
    expect(notTheirs.status).toBe(409);
    expect(notTheirs.text).toContain('This document has no signature for that role.');

    const supervisor = await signIn(stack, 'supervisor', { agencyId: 'harbor', email: 'sam@harbor.example' });
    expect((await act(supervisor.jar, path, { action: 'sign', role: 'supervisor', signerName: 'Samuel Roy' })).status).toBe(303);
    await sealed('harbor', caseId, documentId);
    const pdf = await finalPdf('harbor', caseId, documentId);
    expect(pdfsig(pdf)).toContain('Signature Validation: Signature is Valid.');
    const text = pdftotext(pdf);
    expect(text).toContain('Lucie Ngata');
    expect(text).toContain('Samuel Roy');
    expect(text).toContain('Mode de signature');
    const toLucie = await waitFor(async () => (await mailboxOf(stack)).find((message) => message.to.includes(email) && message.tags['caseforms-document'] === `${documentId}-signed`), 60_000, 'the final copy to Lucie');
    expect(toLucie.attachments).toHaveLength(1);
  });
});
