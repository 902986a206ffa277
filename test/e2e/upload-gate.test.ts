import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketKeys } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
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
