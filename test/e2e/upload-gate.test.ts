import { GetObjectCommand, GetObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import exifr from 'exifr';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFileItem, uploadItem, uploadKey, uploadRecordOf } from '../../functions/adapters/aws/upload-items.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import type { UploadType } from '../../functions/domain/uploads/upload-field.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import type { CaseFile, UploadRecord } from '../../functions/domain/uploads/upload-record.ts';
import { bucketKeys } from '../../local/aws-readback.ts';
import { SCAN_STATUS_TAG } from '../../functions/domain/uploads/scan-status.ts';
import { EICAR } from '../../local/malware-scan-stand-in.ts';
import type { LocalStack } from '../../local/stack.ts';
import { jpegWithGps } from '../support/image-fixtures.ts';
import { headUpload, postUpload, presignUpload, type PresignedPost } from '../support/presigned-post.ts';
import { startTestStack } from '../support/test-stack.ts';

// Issue 22: locally a browser's presigned POST goes to the upload gate, which must refuse what S3 refuses (the
// emulator alone stores anything) and store nothing then. Each refusal reads the bucket back.
let stack: LocalStack;
let bucket: string;
beforeAll(async () => {
  stack = await startTestStack({ documentWorker: false });
  bucket = stack.resources.uploadsBucketName;
});
afterAll(async () => {
  await stack?.scansSettled();
  await stack?.stop();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const s3 = () => new S3Client({ forcePathStyle: true });

async function expectNothingStored(post: PresignedPost) {
  expect(await headUpload(bucket, post.key)).toBeUndefined();
  expect((await bucketKeys(bucket)).filter((key) => key.includes(post.uploadId))).toEqual([]);
}

function xmlCode(text: string) {
  return { code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '' };
}

describe('a presigned POST through the upload gate', () => {
  it('is stored under its key with the pinned type and metadata (204, as S3 answers by default)', async () => {
    const post = await presignUpload(stack, { name: 'lease.pdf' });
    const response = await postUpload(post, PDF, { fileName: 'lease.pdf' });
    expect(response.status, response.text).toBe(204);
    const stored = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: post.key }));
    expect(Buffer.from(await stored.Body!.transformToByteArray())).toEqual(PDF);
    expect(stored.ContentType).toBe('application/pdf');
    expect(stored.Metadata).toEqual({ form: 'intake', field: '/idDocument', name: 'lease.pdf' });
    expect(response.headers.get('etag')).toBe(stored.ETag);
  });

  it('redirects to success_action_redirect with bucket, key and etag (the no-JS page)', async () => {
    const back = `${stack.url}/intake/demo/intake/uploads/x?lang=fr`;
    const post = await presignUpload(stack, { redirect: back });
    const response = await postUpload(post, PDF);
    expect(response.status, response.text).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${stack.url}/intake/demo/intake/uploads/x`);
    expect(location.searchParams.get('lang')).toBe('fr');
    expect(location.searchParams.get('bucket')).toBe(bucket);
    expect(location.searchParams.get('key')).toBe(post.key);
    expect(location.searchParams.get('etag')).toBe((await headUpload(bucket, post.key))!.ETag);
  });

  it('ignores what follows the file, as S3 does (a browser form\'s submit button)', async () => {
    const post = await presignUpload(stack);
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', new Blob([PDF]), 'lease.pdf');
    form.append('x-amz-meta-case', 'after-the-file');
    form.append('submit', 'Upload');
    const response = await fetch(post.url, { method: 'POST', body: form });
    expect(response.status, await response.text()).toBe(204);
    expect((await headUpload(bucket, post.key))?.Metadata).not.toHaveProperty('case');
  });

  it('answers CORS for the public origin only', async () => {
    const preflight = (origin: string) => fetch(`${stack.uploadGateUrl}/${bucket}`, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    const allowed = await preflight(stack.url);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(stack.url);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
    const other = await preflight('https://elsewhere.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const post = await presignUpload(stack);
    const response = await postUpload(post, PDF, { headers: { origin: stack.url } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(stack.url);
  });
});

describe('the gate refuses, as S3 does, and stores nothing', () => {
  it('a POST aimed at another key', async () => {
    const post = await presignUpload(stack);
    const other = await presignUpload(stack);
    const response = await postUpload({ ...post, fields: { ...post.fields, key: other.key } }, PDF);
    expect(response.status).toBe(403);
    expect(xmlCode(response.text)).toMatchObject({ code: 'AccessDenied', message: expect.stringContaining('Invalid according to Policy: Policy Condition failed') });
    await expectNothingStored(post);
    await expectNothingStored(other);
  });

  it('a POST reused after its policy expired (the first use is stored, the second changes nothing)', async () => {
    const post = await presignUpload(stack, { expiresSeconds: 2 });
    expect((await postUpload(post, PDF)).status).toBe(204);
    const first = await headUpload(bucket, post.key);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const again = await postUpload(post, Buffer.concat([PDF, Buffer.from('% replaced\n')]));
    expect(again.status).toBe(403);
    expect(xmlCode(again.text)).toEqual({ code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' });
    const after = await headUpload(bucket, post.key);
    expect(after?.ETag).toBe(first?.ETag);
    expect(after?.ContentLength).toBe(PDF.length);
  });

  it('a file larger than the policy allows (400 EntityTooLarge)', async () => {
    const post = await presignUpload(stack, { maxBytes: 1024 });
    const response = await postUpload(post, Buffer.alloc(1025, 0x25));
    expect(response.status).toBe(400);
    expect(xmlCode(response.text).code).toBe('EntityTooLarge');
    expect(response.text).toContain('<MaxSizeAllowed>1024</MaxSizeAllowed>');
    await expectNothingStored(post);
  });

  it('an empty file (400 EntityTooSmall)', async () => {
    const post = await presignUpload(stack);
    const response = await postUpload(post, Buffer.alloc(0));
    expect(response.status).toBe(400);
    expect(xmlCode(response.text).code).toBe('EntityTooSmall');
    await expectNothingStored(post);
  });

  it('a policy changed after signing (a larger size range)', async () => {
    const post = await presignUpload(stack, { maxBytes: 1024 });
    const policy = JSON.parse(Buffer.from(post.fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    policy.conditions = policy.conditions.map((condition) => (Array.isArray(condition) && condition[0] === 'content-length-range' ? ['content-length-range', 1, 10 * 1024 * 1024] : condition));
    const changed = { ...post.fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') };
    const response = await postUpload({ ...post, fields: changed }, Buffer.alloc(4096, 0x25));
    expect(response.status).toBe(403);
    expect(xmlCode(response.text).code).toBe('SignatureDoesNotMatch');
    await expectNothingStored(post);
  });

  it('a bad signature', async () => {
    const post = await presignUpload(stack);
    const signature = post.fields['X-Amz-Signature']!;
    const bad = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    const response = await postUpload({ ...post, fields: { ...post.fields, 'X-Amz-Signature': bad } }, PDF);
    expect(response.status).toBe(403);
    expect(xmlCode(response.text).code).toBe('SignatureDoesNotMatch');
    await expectNothingStored(post);
  });

  it('a field the policy does not list (e.g. metadata of its own)', async () => {
    const post = await presignUpload(stack);
    const response = await postUpload({ ...post, fields: { ...post.fields, 'x-amz-meta-case': 'someone-elses' } }, PDF);
    expect(response.status).toBe(403);
    expect(xmlCode(response.text)).toEqual({ code: 'AccessDenied', message: 'Invalid according to Policy: Extra input fields: x-amz-meta-case' });
    await expectNothingStored(post);
  });

  it('a type other than the pinned one', async () => {
    const post = await presignUpload(stack, { contentType: 'image/jpeg' });
    const response = await postUpload({ ...post, fields: { ...post.fields, 'Content-Type': 'text/html' } }, PDF);
    expect(response.status).toBe(403);
    expect(xmlCode(response.text).message).toContain('"$Content-Type"');
    await expectNothingStored(post);
  });

  it('a POST with no file, and one to another bucket', async () => {
    const post = await presignUpload(stack);
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    const noFile = await fetch(post.url, { method: 'POST', body: form });
    expect(noFile.status).toBe(400);
    expect(xmlCode(await noFile.text()).code).toBe('InvalidArgument');
    const elsewhere = await postUpload({ ...post, url: `${stack.uploadGateUrl}/${stack.resources.bucketName}` }, PDF);
    expect(elsewhere.status).toBe(404);
    expect((await bucketKeys(stack.resources.bucketName)).filter((key) => key.includes(post.uploadId))).toEqual([]);
    await expectNothingStored(post);
  });
});

const dynamo = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));
const readItem = async (uploadId: string) => (await dynamo().send(new GetCommand({ TableName: stack.resources.tableName, Key: uploadKey('demo', uploadId), ConsistentRead: true }))).Item;
const readRecord = async (uploadId: string) => {
  const item = await readItem(uploadId);
  return item && uploadRecordOf(item);
};
const tagsOf = async (key: string) => (await s3().send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet?.map((tag) => `${tag.Key}=${tag.Value}`);

/**
 * The record the receive writes once it has checked the bytes (design step 4), written here before the POST so the
 * scan, which starts as soon as the gate stored the file, finds it: a single-part object's ETag is its MD5.
 */
async function receivedBeforehand(post: PresignedPost, bytes: Buffer, type: UploadType, linked?: { caseId: string; submissionId: string }) {
  const record: UploadRecord = {
    agencyId: 'demo', uploadId: post.uploadId, formId: 'intake', field: '/idDocument', name: 'id', size: bytes.length, type,
    etag: `"${createHash('md5').update(bytes).digest('hex')}"`, receivedAt: new Date().toISOString(), scan: 'pending', ...linked,
  };
  await dynamo().send(new PutCommand({ TableName: stack.resources.tableName, Item: uploadItem(record, new Date(Date.now() + 86_400_000)) }));
  if (linked) {
    const file: CaseFile = { uploadId: post.uploadId, formId: 'intake', field: '/idDocument', submissionId: linked.submissionId, name: 'id', size: bytes.length, type, scan: 'pending', receivedAt: record.receivedAt };
    await dynamo().send(new PutCommand({ TableName: stack.resources.tableName, Item: caseFileItem('demo', linked.caseId, file) }));
  }
}

describe('the malware scan stand-in and the release (upload-scanned)', () => {
  it('holds the EICAR test file: held/, tagged THREATS_FOUND, scan infected, never in files/', async () => {
    const eicar = Buffer.from(EICAR, 'latin1');
    const post = await presignUpload(stack);
    await receivedBeforehand(post, eicar, 'application/pdf');
    expect((await postUpload(post, eicar)).status).toBe(204);
    await stack.scansSettled();
    const held = uploadObjects.held('demo', post.uploadId);
    expect((await bucketKeys(bucket)).filter((key) => key.includes(post.uploadId))).toEqual([held]);
    expect(await tagsOf(held)).toEqual([`${SCAN_STATUS_TAG}=THREATS_FOUND`]);
    expect((await readRecord(post.uploadId))?.scan).toBe('infected');
  });

  it('releases a clean PDF to files/ (typed by its bytes) and a photo without its GPS position', async () => {
    const pdfPost = await presignUpload(stack);
    await receivedBeforehand(pdfPost, PDF, 'application/pdf');
    const photo = jpegWithGps();
    const photoPost = await presignUpload(stack, { contentType: 'image/jpeg', name: 'id.jpg' });
    await receivedBeforehand(photoPost, photo, 'image/jpeg');
    expect((await postUpload(pdfPost, PDF)).status).toBe(204);
    expect((await postUpload(photoPost, photo)).status).toBe(204);
    await stack.scansSettled();

    const released = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: uploadObjects.released('demo', pdfPost.uploadId) }));
    expect(Buffer.from(await released.Body!.transformToByteArray())).toEqual(PDF);
    expect(released.ContentType).toBe('application/pdf');
    expect(await headUpload(bucket, pdfPost.key)).toBeUndefined();
    expect((await readRecord(pdfPost.uploadId))?.scan).toBe('clean');

    const releasedPhoto = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: uploadObjects.released('demo', photoPost.uploadId) }));
    const bytes = Buffer.from(await releasedPhoto.Body!.transformToByteArray());
    expect(await exifr.gps(photo)).toBeDefined();
    expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
    expect(bytes.length).toBeLessThan(photo.length);
    expect((await readRecord(photoPost.uploadId))?.scan).toBe('clean');
  });

  it('sets the case file\'s scan when a submission linked the upload before the scan answered', async () => {
    const post = await presignUpload(stack);
    await receivedBeforehand(post, PDF, 'application/pdf', { caseId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', submissionId: 'sub-1' });
    expect((await postUpload(post, PDF)).status).toBe(204);
    await stack.scansSettled();
    const file = await dynamo().send(new GetCommand({ TableName: stack.resources.tableName, Key: { pk: keys.case('demo', '7c9e6679-7425-40de-944b-e07fc1f90ae7'), sk: keys.caseFile(post.uploadId) } }));
    expect(file.Item?.scan).toBe('clean');
  });

  it('keeps a result that came before the receive on a stub, and leaves the file in quarantine', async () => {
    const post = await presignUpload(stack);
    expect((await postUpload(post, PDF)).status).toBe(204);
    await stack.scansSettled();
    expect(await tagsOf(post.key)).toEqual([`${SCAN_STATUS_TAG}=NO_THREATS_FOUND`]);
    // What the receive compares with the object's ETag as HEAD gives it (receive-upload.ts).
    const stub = await readItem(post.uploadId);
    expect(stub).toMatchObject({ scan: 'clean', scanEtag: (await headUpload(bucket, post.key))!.ETag });
    expect(stub?.receivedAt).toBeUndefined();
    expect(await headUpload(bucket, uploadObjects.released('demo', post.uploadId))).toBeUndefined();
  });
});
