import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { randomUUID } from 'node:crypto';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import type { LocalStack } from '../../local/stack.ts';

export interface PresignedPost {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly key: string;
  readonly uploadId: string;
}

export interface PresignOptions {
  readonly agencyId?: string;
  readonly formId?: string;
  readonly field?: string;
  readonly name?: string;
  readonly contentType?: string;
  readonly maxBytes?: number;
  readonly expiresSeconds?: number;
  readonly redirect?: string;
}

/**
 * A presigned POST with the conditions the design pins (docs: uploads design, step 2): key, Content-Type, size range,
 * form, field and name metadata, signed with the stack's local credentials and aimed at its upload gate.
 */
export async function presignUpload(stack: LocalStack, options: PresignOptions = {}): Promise<PresignedPost> {
  const { agencyId = 'demo', formId = 'intake', field = '/idDocument', name = 'id.pdf', contentType = 'application/pdf', maxBytes = 5 * 1024 * 1024 } = options;
  const uploadId = randomUUID();
  const key = uploadObjects.quarantine(agencyId, uploadId);
  const bucket = stack.resources.uploadsBucketName;
  const fields: Record<string, string> = { 'Content-Type': contentType, 'x-amz-meta-form': formId, 'x-amz-meta-field': field, 'x-amz-meta-name': name };
  if (options.redirect) fields.success_action_redirect = options.redirect;
  const { fields: signed } = await createPresignedPost(new S3Client({ forcePathStyle: true }), {
    Bucket: bucket,
    Key: key,
    Conditions: [['content-length-range', 1, maxBytes], ...Object.entries(fields).map(([name, value]) => ['eq', `$${name}`, value] as ['eq', string, string])],
    Fields: fields,
    Expires: options.expiresSeconds ?? 600,
  });
  return { url: `${stack.uploadGateUrl}/${bucket}`, fields: signed, key, uploadId };
}

/** POSTs a form as a browser does: the fields in order, the file last. */
export async function postUpload(post: Pick<PresignedPost, 'url' | 'fields'>, file: Buffer, extra: { fileName?: string; headers?: Record<string, string>; redirect?: 'manual' | 'follow' } = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  form.append('file', new Blob([file]), extra.fileName ?? 'upload.bin');
  const response = await fetch(post.url, { method: 'POST', body: form, headers: extra.headers, redirect: extra.redirect ?? 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The object's head, or undefined when there is none. */
export async function headUpload(bucket: string, key: string) {
  return new S3Client({ forcePathStyle: true }).send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch((error: Error) => {
    if (error.name === 'NotFound' || error.name === 'NoSuchKey') return undefined;
    throw error;
  });
}
