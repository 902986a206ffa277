import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { browse, postForm, signIn, type CookieJar } from '../support/staff-session.ts';
import { staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { postToPresigned, sampleExe, samplePdf } from '../support/upload-pack.ts';
import { waitFor } from '../support/wait.ts';

// The paper signature's scan uploaded on the signing page itself (docs/signatures.md "Signing on the case"), through
// the upload routes under the page (`…/uploads`, `…/uploads/<id>`), against the emulators: the demo's care plan and Harbor's,
// declared in this test (the client alone signs it: the paper signature seals it), in French.
let stack: LocalStack;
let store: DynamoSigningStore;

beforeAll(async () => {
  const dir = formsDirWithHarbor();
  const agencyFile = join(dir, 'harbor', 'agency.json');
  const agency = JSON.parse(readFileSync(agencyFile, 'utf8'));
  agency.signatures = { documents: { 'care-plan': { signers: [{ role: 'client', intent: 'agree' }] } } };
  writeFileSync(agencyFile, JSON.stringify(agency, null, 2));
  stack = await startTestStack({ formsDir: dir });
  store = new DynamoSigningStore(stack.resources.tableName);
});
afterAll(async () => { await stack?.stop(); });

const item = async (pk: string, sk: string) =>
  (await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(new GetCommand({ TableName: stack.resources.tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;

async function signingOf(agencyId: string, caseId: string): Promise<{ path: string; documentId: string }> {
  const [opened] = await waitFor(async () => {
    const records = await store.listSignings(agencyId, caseId);
    return records.length > 0 ? records : undefined;
  }, 60_000, 'the signing record');
  const documentId = opened!.record.documentId;
  return { documentId, path: `/staff/${agencyId}/cases/${caseId}/signatures/${documentId}` };
}

async function demoCarePlan(): Promise<string> {
  const token = await staffToken('demo', ['case-manager'], 'lee@demo.example');
  const example = demoExample();
  const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify({ ...example, preferredLanguage: 'en' }) })).json as { caseId: string }).caseId;
  for (const formId of ['assessment', 'care-plan']) expect((await submitStaffForm(stack, token, 'demo', caseId, formId, demoExample(formId))).status).toBe(201);
  return caseId;
}

async function harborCarePlan(): Promise<string> {
  const body = { fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email: 'lucie.scan@example.org', emailIsSafe: true, assistanceType: 'repairs', householdSize: 2, consent: true };
  const caseId = ((await post(stack, '/agencies/harbor/forms/intake/submissions', { headers: harborApiKeyHeader, body: JSON.stringify(body) })).json as { caseId: string }).caseId;
  const token = await staffToken('harbor', ['case-manager'], 'lea@harbor.example');
  expect((await submitStaffForm(stack, token, 'harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' })).status).toBe(201);
  expect((await submitStaffForm(stack, token, 'harbor', caseId, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' })).status).toBe(201);
  return caseId;
}

const jsonPost = (jar: CookieJar, path: string, body: unknown, headers: Record<string, string> = {}) => browse(stack, jar, path, {
  method: 'POST', headers: { origin: stack.url, 'content-type': 'application/json', ...headers }, body: body === undefined ? '' : JSON.stringify(body),
});

/** What the page's script does: presign at `…/uploads`, POST to storage (the local gate), the scan, receive at `…/uploads/<id>`. */
async function upload(jar: CookieJar, path: string, bytes: Buffer, name: string, type = 'application/pdf') {
  const asked = await jsonPost(jar, `${path}/uploads`, { field: '/paperScan', name, type, size: bytes.length });
  expect(asked.status, await asked.clone().text()).toBe(201);
  const presigned = await asked.json() as { uploadId: string; url: string; fields: Record<string, string> };
  expect((await postToPresigned(presigned, bytes, name)).status).toBe(204);
  await stack.scansSettled();
  return { uploadId: presigned.uploadId, received: await jsonPost(jar, `${path}/uploads/${presigned.uploadId}`, undefined) };
}

const paper = (jar: CookieJar, path: string, fields: Record<string, string>) => postForm(stack, jar, path, { action: 'paper', role: 'client', signerName: 'Zoë Núñez', ...fields });

describe('the paper signature\'s scan, uploaded on the signing page (demo)', () => {
  it('a case manager uploads the scan and records the paper signature with it: the step reads paper with that upload, the case has the file', async () => {
    const caseId = await demoCarePlan();
    const { path, documentId } = await signingOf('demo', caseId);
    const { jar } = await signIn(stack, 'case-manager');
    const page = await (await browse(stack, jar, path)).text();
    expect(page).toContain(`data-presign="${path}/uploads"`);
    expect(page).toContain(`data-receive="${path}/uploads/{uploadId}"`);
    expect(page).toMatch(/<form method="post" enctype="multipart\/form-data" action="[^"]+">/);

    const { uploadId, received } = await upload(jar, path, samplePdf(), 'plan-firmado.pdf');
    expect(received.status).toBe(200);
    expect(await received.json()).toMatchObject({ uploadId, name: 'plan-firmado.pdf', type: 'application/pdf', scan: 'clean' });
    // Received again (a retried script): 409, nothing changed.
    expect((await jsonPost(jar, `${path}/uploads/${uploadId}`, undefined)).status).toBe(409);

    const recorded = await paper(jar, path, { '/paperScan': uploadId });
    expect(recorded.status, await recorded.clone().text()).toBe(303);
    const stored = await store.findSigning('demo', caseId, documentId);
    expect(stored!.record.steps[0]).toMatchObject({ role: 'client', status: 'paper', paperUploadId: uploadId, evidence: expect.objectContaining({ signerName: 'Zoë Núñez', method: 'paper' }) });
    expect(await item(keys.case('demo', caseId), keys.caseFile(uploadId))).toMatchObject({ formId: `paper-scan-${caseId}`, field: '/paperScan', submissionId: documentId, name: 'plan-firmado.pdf', scan: 'clean' });
    const linked = await item(keys.upload('demo', uploadId), keys.uploadRecord());
    expect(linked).toMatchObject({ caseId, submissionId: documentId });
    expect(linked!.expiresAt).toBeUndefined();
    // The case page names the file as a paper signature's scan, of the care plan.
    expect(await (await browse(stack, jar, `/staff/demo/cases/${caseId}`)).text()).toContain('Scan of a paper signature (Care plan)');
  });

  it('refuses, changing nothing: no scan, another case\'s upload, a scan too large or not a PDF or image, a role that records no paper, another site', async () => {
    const [caseId, otherCase] = [await demoCarePlan(), await demoCarePlan()];
    const { path, documentId } = await signingOf('demo', caseId);
    const other = await signingOf('demo', otherCase);
    const { jar } = await signIn(stack, 'case-manager');

    const none = await paper(jar, path, {});
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Choose the scan of the signed paper.');

    // Uploaded on the other case's signing page: no file of this case, before or after it is linked there.
    const elsewhere = await upload(jar, other.path, samplePdf(), 'other.pdf');
    expect(elsewhere.received.status).toBe(200);
    const wrongCase = await paper(jar, path, { '/paperScan': elsewhere.uploadId });
    expect(wrongCase.status).toBe(422);
    expect(await wrongCase.text()).toContain('That file is not a file of this case that passed the virus check.');
    // Nor can this case's page receive it.
    expect((await jsonPost(jar, `${path}/uploads/${elsewhere.uploadId}`, undefined)).status).toBe(409);
    expect((await paper(jar, other.path, { '/paperScan': elsewhere.uploadId })).status).toBe(303);
    expect((await paper(jar, path, { '/paperScan': elsewhere.uploadId })).status).toBe(422);

    const large = await jsonPost(jar, `${path}/uploads`, { field: '/paperScan', name: 'huge.pdf', type: 'application/pdf', size: 21 * 1024 * 1024 });
    expect(large.status).toBe(422);
    expect(JSON.stringify(await large.json())).toMatch(/20 MB/);
    const text = await jsonPost(jar, `${path}/uploads`, { field: '/paperScan', name: 'notes.txt', type: 'text/plain', size: 10 });
    expect(text.status).toBe(422);
    const program = await upload(jar, path, sampleExe(), 'scan.pdf');
    expect(program.received.status).toBe(422);
    expect(JSON.stringify(await program.received.json())).toContain('This file is not a PDF or a photo (JPEG or PNG). Nothing was kept.');
    expect((await paper(jar, path, { '/paperScan': program.uploadId })).status).toBe(422);

    const intake = await signIn(stack, 'intake-worker');
    expect((await jsonPost(intake.jar, `${path}/uploads`, { field: '/paperScan', name: 'a.pdf', type: 'application/pdf', size: 100 })).status).toBe(403);
    expect((await jsonPost(jar, `${path}/uploads`, { field: '/paperScan', name: 'a.pdf', type: 'application/pdf', size: 100 }, { origin: 'https://elsewhere.example' })).status).toBe(403);
    // One way to upload: the page's own address takes no upload step (a JSON post there is no signing form).
    expect((await jsonPost(jar, `${path}?upload=new`, { field: '/paperScan', name: 'a.pdf', type: 'application/pdf', size: 100 })).status).toBe(415);
    // Another agency's staff: no such document.
    const stranger = await signIn(stack, 'case-manager', { agencyId: 'harbor' });
    expect((await jsonPost(stranger.jar, `/staff/harbor/cases/${caseId}/signatures/${documentId}/uploads`, { field: '/paperScan', name: 'a.pdf', type: 'application/pdf', size: 100 })).status).toBe(404);

    expect((await store.findSigning('demo', caseId, documentId))!.record.steps[0]!.status).toBe('pending');
    // Once the client's step is recorded, the page takes no more scans.
    expect((await jsonPost(jar, `${other.path}/uploads`, { field: '/paperScan', name: 'a.pdf', type: 'application/pdf', size: 100 })).status).toBe(409);
  });
});

describe('Harbor, in French: the scan sent without JavaScript, and the paper signature seals the care plan', () => {
  it('storage sends the browser back to the page with the scan attached; recording it seals the plan', async () => {
    const caseId = await harborCarePlan();
    const { path, documentId } = await signingOf('harbor', caseId);
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
    const asked = await jsonPost(jar, `${path}/uploads`, { field: '/paperScan', name: 'plan-signé.pdf', type: 'application/pdf', size: samplePdf().length });
    const presigned = await asked.json() as { uploadId: string; url: string; fields: Record<string, string> };
    expect((await postToPresigned(presigned, samplePdf(), 'plan-signé.pdf')).status).toBe(204);
    await stack.scansSettled();
    // Where storage redirects a page's POST: the receive, then back to the page with the file.
    const back = await browse(stack, jar, `${path}/uploads/${presigned.uploadId}?lang=fr&bucket=b&key=k&etag=e`);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`${path}?lang=fr&files=${presigned.uploadId}`);
    const shown = await (await browse(stack, jar, back.headers.get('location')!)).text();
    expect(shown).toContain(`name="/paperScan" value="${presigned.uploadId}"`);
    expect(shown).toContain('Téléverser le scan du papier signé');

    expect((await paper(jar, path, { '/paperScan': presigned.uploadId, signerName: 'Lucie Ngata' })).status).toBe(303);
    const sealed = await waitFor(async () => {
      const found = await store.findSigning('harbor', caseId, documentId);
      return found?.record.state === 'sealed' ? found.record : undefined;
    }, 90_000, 'the sealed plan');
    expect(sealed.steps).toEqual([expect.objectContaining({ status: 'paper', paperUploadId: presigned.uploadId })]);
  });
});
