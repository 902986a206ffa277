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

  /** Deletes every object under `prefix`; resolves to how many. */
  deletePrefix(prefix: string): Promise<number> {
    return guard('s3 delete prefix', async () => {
      let deleted = 0;
      let ContinuationToken: string | undefined;
      do {
        const page = await s3Client().send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }));
        const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key! }));
        if (keys.length > 0) {
          const result = await s3Client().send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
          if (result.Errors?.length) throw new Error(`${result.Errors.length} object(s) not deleted`);
          deleted += keys.length;
        }
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
      return deleted;
    });
  }
}
