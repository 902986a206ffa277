/**
 * A 5 MB file through the presigned POST path as the local stack runs it (issue 22): createPresignedPost with the
 * design's conditions, the browser's multipart POST to the upload gate (local/upload-gate.ts: read, parse, policy and
 * signature checked, then PutObject into moto), against a bare PutObject of the same bytes on the same emulator. Ms per
 * upload in interleaved rounds (medians), the ratio to the bare put, and MB/s.
 *
 * The keys are under bench/, which the malware scan stand-in does not watch: its scan (a GetObject of the 5 MB, a tag,
 * the release) runs after the POST is answered, and left running it would slow whichever upload came next.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { randomBytes, randomUUID } from 'node:crypto';
import { startLocalStack } from '../local/stack.ts';
import { compare, oneOffs, type BenchSuite } from './harness.ts';

const MEGABYTES = 5;

export const suite: BenchSuite = {
  name: 'uploads',
  description: `A ${MEGABYTES} MB file through the presigned POST path (policy signed, multipart POST to the local upload gate, which checks it and stores it in moto) against a bare PutObject of the same bytes on the same emulator (ms per upload).`,
  async run({ quick, log }) {
    const repetitions = quick ? 4 : 15;
    const stack = await startLocalStack({ port: 0, resourcePrefix: `bench-uploads-${Date.now()}`, documentWorker: false, sweepIntervalMs: 3_600_000, sesEventIntervalMs: 0, submissionRateLimit: false });
    try {
      const bucket = stack.resources.uploadsBucketName;
      const s3 = new S3Client({ forcePathStyle: true });
      const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(MEGABYTES * 1024 * 1024 - 9)]);
      const bare = async () => {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `bench/demo/${randomUUID()}`, Body: bytes, ContentType: 'application/pdf' }));
      };
      const presignedPost = async () => {
        const fields = { 'Content-Type': 'application/pdf', 'x-amz-meta-form': 'intake', 'x-amz-meta-field': '/idDocument', 'x-amz-meta-name': 'bench.pdf' };
        const post = await createPresignedPost(s3, {
          Bucket: bucket, Key: `bench/demo/${randomUUID()}`, Expires: 600, Fields: fields,
          Conditions: [['content-length-range', 1, 20 * 1024 * 1024], ...Object.entries(fields).map(([name, value]) => ['eq', `$${name}`, value] as ['eq', string, string])],
        });
        const form = new FormData();
        for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
        form.append('file', new Blob([bytes]), 'bench.pdf');
        const response = await fetch(`${stack.uploadGateUrl}/${bucket}`, { method: 'POST', body: form });
        if (response.status !== 204) throw new Error(`the gate answered ${response.status}`);
      };
      // Warm both paths once (connections, the gate's first parse) before measuring.
      await bare();
      await presignedPost();
      log(`${repetitions} rounds of ${MEGABYTES} MB each way`);
      const [baseline, gate] = await oneOffs([
        { name: `bare PutObject, ${MEGABYTES} MB (moto)`, work: bare },
        { name: `presigned POST through the upload gate, ${MEGABYTES} MB`, work: presignedPost },
      ], repetitions);
      const megabytesPerSecond = (ms: number) => Math.round((MEGABYTES / (ms / 1000)) * 10) / 10;
      await stack.scansSettled();
      return {
        comparisons: [compare(`A ${MEGABYTES} MB upload: presigned POST through the gate vs a bare PutObject (moto)`, baseline!, [gate!])],
        facts: {
          megabytes: MEGABYTES,
          'bare PutObject MB/s': megabytesPerSecond(baseline!.value),
          'presigned POST through the gate MB/s': megabytesPerSecond(gate!.value),
          'time ratio (POST / bare put)': Math.round((gate!.value / baseline!.value) * 100) / 100,
        },
      };
    } finally {
      await stack.stop();
    }
  },
};
