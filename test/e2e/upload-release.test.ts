import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadKey, uploadRecordOf } from '../../functions/adapters/aws/upload-items.ts';
import { UploadReleaseStore } from '../../functions/adapters/aws/upload-release-store.ts';
import { sweepUploads } from '../../functions/domain/uploads/sweep-uploads.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import { bucketKeys } from '../../local/aws-readback.ts';
import { EICAR } from '../../local/malware-scan-stand-in.ts';
import type { LocalStack } from '../../local/stack.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { formsDirWithTenancy, postToPresigned, samplePdf } from '../support/upload-pack.ts';
import { pngWithText, PNG_TEXT } from '../support/image-fixtures.ts';

// Issue 22, the whole local path of a file: presigned by the service, POSTed to the upload gate, received (bytes
// checked), scanned by the stand-in a second later (as GuardDuty answers after the receive), released by
// upload-scanned. The tenancy pack (test/support/upload-pack.ts) takes PDF and PNG.
let stack: LocalStack;
let bucket: string;
const UPLOADS = '/intake/tenancy/application/uploads';
beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithTenancy(), documentWorker: false });
  bucket = stack.resources.uploadsBucketName;
});
afterAll(async () => {
  await stack?.scansSettled();
  await stack?.stop();
});

const s3 = () => new S3Client({ forcePathStyle: true });
const record = async (uploadId: string) => {
  const { Item } = await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(new GetCommand({ TableName: stack.resources.tableName, Key: uploadKey('tenancy', uploadId), ConsistentRead: true }));
  return Item && uploadRecordOf(Item);
};
const keysOf = async (uploadId: string) => (await bucketKeys(bucket)).filter((key) => key.includes(uploadId)).sort();

async function sendAndReceive(bytes: Buffer, name: string, type: string) {
  const asked = await post(stack, UPLOADS, { body: JSON.stringify({ field: '/proofOfIncome', name, type, size: bytes.length }) });
  expect(asked.status, asked.text).toBe(201);
  const presigned = asked.json as unknown as { uploadId: string; url: string; fields: Record<string, string> };
  expect(presigned.url).toBe(`${stack.uploadGateUrl}/${bucket}`);
  expect((await postToPresigned(presigned, bytes, name)).status).toBe(204);
  const received = await post(stack, `${UPLOADS}/${presigned.uploadId}`, { body: '', contentType: null });
  return { uploadId: presigned.uploadId, received };
}

describe('an upload from presign to release', () => {
  it('releases a clean PDF to files/ after the receive, and the record says clean', async () => {
    const pdf = samplePdf();
    const { uploadId, received } = await sendAndReceive(pdf, 'payslip.pdf', 'application/pdf');
    expect(received.status, received.text).toBe(200);
    expect(received.json).toMatchObject({ scan: 'pending' });
    await stack.scansSettled();
    expect(await keysOf(uploadId)).toEqual([uploadObjects.released('tenancy', uploadId)]);
    const released = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: uploadObjects.released('tenancy', uploadId) }));
    expect(Buffer.from(await released.Body!.transformToByteArray())).toEqual(pdf);
    expect(released.ContentType).toBe('application/pdf');
    expect((await record(uploadId))?.scan).toBe('clean');
  });

  it('releases a PNG without its text chunk', async () => {
    const png = pngWithText();
    const { uploadId, received } = await sendAndReceive(png, 'payslip.png', 'image/png');
    expect(received.status, received.text).toBe(200);
    await stack.scansSettled();
    const released = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: uploadObjects.released('tenancy', uploadId) }));
    const bytes = Buffer.from(await released.Body!.transformToByteArray());
    expect(png.includes(Buffer.from(PNG_TEXT))).toBe(true);
    expect(bytes.includes(Buffer.from(PNG_TEXT))).toBe(false);
    expect(released.ContentType).toBe('image/png');
  });

  it('holds a PDF carrying the EICAR test string: held/, never files/, the record says infected', async () => {
    const infected = Buffer.concat([Buffer.from('%PDF-1.4\n% '), Buffer.from(EICAR, 'latin1'), Buffer.from('\n%%EOF\n')]);
    const { uploadId, received } = await sendAndReceive(infected, 'statement.pdf', 'application/pdf');
    expect(received.status, received.text).toBe(200);
    await stack.scansSettled();
    expect(await keysOf(uploadId)).toEqual([uploadObjects.held('tenancy', uploadId)]);
    expect((await record(uploadId))?.scan).toBe('infected');
  });
});

describe('the sweep of uploads no submission took', () => {
  it('a day later deletes unlinked files and records and quarantine leftovers, and keeps a linked file and a held one', async () => {
    const kept = await sendAndReceive(samplePdf(), 'kept.pdf', 'application/pdf');
    const unlinked = await sendAndReceive(samplePdf(), 'unlinked.pdf', 'application/pdf');
    const infected = await sendAndReceive(Buffer.concat([Buffer.from('%PDF-1.4\n% '), Buffer.from(EICAR, 'latin1')]), 'held.pdf', 'application/pdf');
    // Sent, never received: stays in quarantine.
    const asked = await post(stack, UPLOADS, { body: JSON.stringify({ field: '/proofOfIncome', name: 'left.pdf', type: 'application/pdf', size: samplePdf().length }) });
    const left = asked.json as unknown as { uploadId: string; url: string; fields: Record<string, string> };
    expect((await postToPresigned(left, samplePdf(), 'left.pdf')).status).toBe(204);
    await stack.scansSettled();
    // What the intake commit's link sets (H1's transaction): the record names its case.
    await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(new UpdateCommand({
      TableName: stack.resources.tableName, Key: uploadKey('tenancy', kept.uploadId), UpdateExpression: 'SET caseId = :c, submissionId = :s REMOVE expiresAt',
      ExpressionAttributeValues: { ':c': '7c9e6679-7425-40de-944b-e07fc1f90ae7', ':s': 'sub-1' },
    }));

    const store = new UploadReleaseStore(stack.resources.tableName, bucket);
    expect(await sweepUploads(store, new Date())).toEqual({ objects: 0, records: 0 });
    const dayLater = new Date(Date.now() + 25 * 3_600_000);
    // The earlier tests' unlinked uploads go too (same bucket): at least these two objects and three records.
    const swept = await sweepUploads(store, dayLater);
    expect(swept.objects).toBeGreaterThanOrEqual(2);
    expect(swept.records).toBeGreaterThanOrEqual(3);

    expect(await keysOf(kept.uploadId)).toEqual([uploadObjects.released('tenancy', kept.uploadId)]);
    expect((await record(kept.uploadId))?.caseId).toBe('7c9e6679-7425-40de-944b-e07fc1f90ae7');
    expect(await keysOf(unlinked.uploadId)).toEqual([]);
    expect(await record(unlinked.uploadId)).toBeUndefined();
    expect(await keysOf(infected.uploadId)).toEqual([uploadObjects.held('tenancy', infected.uploadId)]);
    expect(await record(infected.uploadId)).toBeUndefined();
    expect(await keysOf(left.uploadId)).toEqual([]);
    // The left one's scan answered before any receive: its stub goes with it.
    expect(await record(left.uploadId)).toBeUndefined();
  });
});

describe('the release store on the emulator', () => {
  it('reads and holds a quarantined object only while it still has the ETag that was checked', async () => {
    const asked = await post(stack, UPLOADS, { body: JSON.stringify({ field: '/proofOfIncome', name: 'a.pdf', type: 'application/pdf', size: samplePdf().length }) });
    const presigned = asked.json as unknown as { uploadId: string; url: string; fields: Record<string, string> };
    expect((await postToPresigned(presigned, samplePdf(), 'a.pdf')).status).toBe(204);
    const store = new UploadReleaseStore(stack.resources.tableName, bucket);
    const other = 'd41d8cd98f00b204e9800998ecf8427e';
    expect(await store.readQuarantined('tenancy', presigned.uploadId, other)).toEqual({ missing: 'replaced' });
    expect(await store.holdQuarantined('tenancy', presigned.uploadId, other)).toEqual({ missing: 'replaced' });
    expect(await keysOf(presigned.uploadId)).toEqual([uploadObjects.quarantine('tenancy', presigned.uploadId)]);
    expect(await store.readQuarantined('tenancy', '00000000-0000-4000-8000-000000000000', other)).toEqual({ missing: 'gone' });
    await stack.scansSettled();
  });
});
