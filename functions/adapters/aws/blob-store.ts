import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from './s3-client.ts';
import { guard } from './guard.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';

/** S3 access for submissions and documents. Every object is written with server-side encryption (KMS). */
export class BlobStore {
  constructor(private readonly bucket: string) {}

  put(key: string, body: Buffer, contentType: string): Promise<void> {
    return guard('s3 put', async () => {
      await s3Client().send(new PutObjectCommand({
        Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ServerSideEncryption: 'aws:kms',
      }));
    });
  }

  /**
   * Writes the object only if the key is free (If-None-Match: *): 'exists' when another write got there first. With
   * `lockedUntil`, the version written is under Object Lock in governance mode until that time: no request without
   * s3:BypassGovernanceRetention (which no role of the stack has) can delete or change that version. S3 refuses a
   * locked put without a checksum; SHA-256 is asked for by name so that does not hang on the client's defaults.
   */
  async putOnce(key: string, body: Buffer, contentType: string, lockedUntil?: Date): Promise<'stored' | 'exists'> {
    try {
      await s3Client().send(new PutObjectCommand({
        Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ServerSideEncryption: 'aws:kms', IfNoneMatch: '*',
        ...(lockedUntil ? { ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: lockedUntil, ChecksumAlgorithm: 'SHA256' } : {}),
      }));
      return 'stored';
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412) return 'exists';
      throw new StorageError('s3 put once', { cause: error });
    }
  }

  get(key: string): Promise<Buffer> {
    return guard('s3 get', async () => {
      const result = await s3Client().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await result.Body!.transformToByteArray());
    });
  }

  delete(key: string): Promise<void> {
    return guard('s3 delete', async () => {
      await s3Client().send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    });
  }

  /**
   * Deletes every object under `prefix`: how many went, and how many S3 kept because Object Lock protects them
   * (AccessDenied for that key: a sealed final PDF still in its retention). In a versioned bucket a delete without a
   * version puts a delete marker over a locked version, which S3 allows; the count is for a refusal all the same,
   * so that one locked object never stops a purge. Any other refusal is an error.
   */
  deletePrefix(prefix: string): Promise<{ readonly deleted: number; readonly locked: number }> {
    return guard('s3 delete prefix', async () => {
      let deleted = 0;
      let locked = 0;
      let ContinuationToken: string | undefined;
      do {
        const page = await s3Client().send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }));
        const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key! }));
        if (keys.length > 0) {
          const result = await s3Client().send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
          const errors = result.Errors ?? [];
          const others = errors.filter((error) => error.Code !== 'AccessDenied');
          if (others.length > 0) throw new Error(`${others.length} object(s) not deleted: ${[...new Set(others.map((error) => error.Code))].join(', ')}`);
          locked += errors.length;
          deleted += keys.length - errors.length;
        }
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
      return { deleted, locked };
    });
  }
}
