import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { clients } from './clients.ts';
import { guard } from './guard.ts';

/** S3 access for submissions and documents. Every object is written with server-side encryption (KMS). */
export class BlobStore {
  constructor(private readonly bucket: string) {}

  put(key: string, body: Buffer, contentType: string): Promise<void> {
    return guard('s3 put', async () => {
      await clients.s3().send(new PutObjectCommand({
        Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ServerSideEncryption: 'aws:kms',
      }));
    });
  }

  get(key: string): Promise<Buffer> {
    return guard('s3 get', async () => {
      const result = await clients.s3().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await result.Body!.transformToByteArray());
    });
  }

  delete(key: string): Promise<void> {
    return guard('s3 delete', async () => {
      await clients.s3().send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    });
  }
}
