import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../functions/adapters/aws/blob-store.ts';
import { DynamoRetentionStore } from '../../functions/adapters/aws/retention-store.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { addYears } from '../../functions/domain/cases/notice-period.ts';
import { sweepRetention } from '../../functions/domain/cases/retention.ts';
import type { CaseFile } from '../../functions/domain/uploads/upload-record.ts';
import type { LocalStack } from '../../local/stack.ts';
import { bucketKeys, tableItems } from '../../local/aws-readback.ts';
import { EICAR, storeCaseFile, uploadsBucket } from '../support/case-files.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Issue 22: a case's files follow its retention: purged with it (released, held and quarantined objects, upload
// records and FILE# items), and kept while it is on legal hold.
let stack: LocalStack;
let bucket: string;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  bucket = await uploadsBucket(stack);
  token = await staffToken('demo', ['case-manager', 'supervisor'], 'cm.files@demo.example');
});
afterAll(async () => { await stack?.stop(); });

const submit = (caseId: string, formId: string, body: unknown) => submitStaffForm(stack, token, 'demo', caseId, formId, body);

const getCase = async (caseId: string) => fetch(`${stack.url}/agencies/demo/cases/${caseId}`, { headers: bearer(token) });

/** A discharged case with one file of each fate: released (clean), held (infected), left in quarantine (not scanned). */
async function endedCaseWithFiles(): Promise<{ caseId: string; retainUntil: string; files: CaseFile[] }> {
  const { caseId } = (await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()) })).json as { caseId: string };
  const submissionId = String((await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.case('demo', caseId) && item.type === 'submission')!.submissionId);
  const base = { agencyId: 'demo', caseId, submissionId, formId: 'intake', field: '/documents' };
  const files = [
    await storeCaseFile(stack, bucket, { ...base, name: 'lease.pdf', type: 'application/pdf', scan: 'clean', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') }),
    await storeCaseFile(stack, bucket, { ...base, name: 'eicar.pdf', type: 'application/pdf', scan: 'infected', bytes: Buffer.from(EICAR) }),
    await storeCaseFile(stack, bucket, { ...base, name: 'scan.png', type: 'image/png', scan: 'not-scanned', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) }),
  ];
  expect((await submit(caseId, 'discharge', demoExample('discharge'))).status).toBe(201);
  const view = await waitFor(async () => {
    const body = (await (await getCase(caseId)).json()) as { case: Record<string, any>; documents: unknown[]; files: unknown[] };
    return body.documents.length >= 2 ? body : undefined;
  }, 60_000, 'both documents');
  expect(view.files).toHaveLength(3);
  return { caseId, retainUntil: view.case.retainUntil as string, files };
}

const store = () => new DynamoRetentionStore(stack.resources.tableName, new BlobStore(stack.resources.bucketName), new BlobStore(bucket));
const sweepOn = (day: string) => sweepRetention(store(), new Date(`${day}T12:00:00Z`), 'test-sweep', 100);
const fileKeysOf = async (files: readonly CaseFile[]) => (await bucketKeys(bucket)).filter((key) => files.some((file) => key.endsWith(`/demo/${file.uploadId}`)));
const fileItemsOf = async (caseId: string, files: readonly CaseFile[]) => (await tableItems(stack.resources.tableName))
  .filter((item) => files.some((file) => item.pk === keys.upload('demo', file.uploadId) || (item.pk === keys.case('demo', caseId) && item.sk === keys.caseFile(file.uploadId))));

describe('retention of a case\'s files', () => {
  it('purges every file object, wherever the scan left it, and every upload record and FILE# item with the case', async () => {
    const { caseId, retainUntil, files } = await endedCaseWithFiles();
    expect((await fileKeysOf(files)).sort()).toEqual([`files/demo/${files[0]!.uploadId}`, `held/demo/${files[1]!.uploadId}`, `quarantine/demo/${files[2]!.uploadId}`].sort());
    expect(await fileItemsOf(caseId, files)).toHaveLength(6);

    await sweepOn(retainUntil);
    expect((await getCase(caseId)).status).toBe(404);
    expect(await fileKeysOf(files)).toEqual([]);
    expect(await fileItemsOf(caseId, files)).toEqual([]);
  });

  it('keeps them while the case is on legal hold, and purges them once the hold is lifted', async () => {
    const { caseId, retainUntil, files } = await endedCaseWithFiles();
    expect((await submit(caseId, 'legal-hold', demoExample('legal-hold'))).status).toBe(201);
    await sweepOn(addYears(retainUntil, 5));
    expect(await fileKeysOf(files)).toHaveLength(3);
    expect(await fileItemsOf(caseId, files)).toHaveLength(6);

    expect((await submit(caseId, 'legal-hold', { hold: false, matter: 'Records request closed' })).status).toBe(201);
    await sweepOn(addYears(retainUntil, 5));
    expect(await fileKeysOf(files)).toEqual([]);
    expect(await fileItemsOf(caseId, files)).toEqual([]);
  });
});
