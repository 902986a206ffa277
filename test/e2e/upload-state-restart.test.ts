import { GetObjectCommand, GetObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SCAN_STATUS_TAG } from '../../functions/domain/uploads/scan-status.ts';
import type { LocalStack } from '../../local/stack.ts';
import { postUpload, presignUpload } from '../support/presigned-post.ts';
import { startTestStack } from '../support/test-stack.ts';

// `npm start`'s .local-state keeps the uploads bucket too: a file sent before a restart is there after it, with its
// metadata and the scan's tag (the receive reads that tag). Each stack runs its own moto_server, as in
// local-state-restart.test.ts, so a stop really loses the emulator's memory.
const stateDir = mkdtempSync(join(tmpdir(), 'caseforms-upload-state-'));
const resourcePrefix = `persist-up-${randomBytes(4).toString('hex')}`;
let stack: LocalStack | undefined;
afterAll(async () => { await stack?.stop(); });

const start = (fresh = false) => startTestStack({ emulatorEndpoint: undefined, resourcePrefix, stateDir, fresh, saveIntervalMs: 300, documentWorker: false, scanDelayMs: 0 });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

it('keeps an uploaded file, its metadata and its scan tag across a restart', { timeout: 150_000 }, async () => {
  stack = await start(true);
  const post = await presignUpload(stack, { name: 'lease.pdf' });
  expect((await postUpload(post, PDF)).status).toBe(204);
  await stack.scansSettled();
  const before = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: stack.resources.uploadsBucketName, Key: post.key }));
  await stack.stop();

  stack = await start();
  expect(stack.persistence?.restored).toMatchObject({ uploads: 1 });
  // A new client: the SDK reads the emulator's endpoint, new with this stack, when a client is made.
  const s3 = new S3Client({ forcePathStyle: true });
  const after = await s3.send(new GetObjectCommand({ Bucket: stack.resources.uploadsBucketName, Key: post.key }));
  expect(Buffer.from(await after.Body!.transformToByteArray())).toEqual(PDF);
  expect(after.ETag).toBe(before.ETag);
  expect(after.ContentType).toBe('application/pdf');
  expect(after.Metadata).toEqual(before.Metadata);
  const { TagSet } = await s3.send(new GetObjectTaggingCommand({ Bucket: stack.resources.uploadsBucketName, Key: post.key }));
  expect(TagSet).toEqual([{ Key: SCAN_STATUS_TAG, Value: 'NO_THREATS_FOUND' }]);
});
