import { HeadObjectCommand, NoSuchKey, NotFound } from '@aws-sdk/client-s3';
import { formVersionKey, type FormVersionStore } from '../../domain/forms/form-versions.ts';
import type { BlobStore } from './blob-store.ts';
import { s3Client } from './s3-client.ts';
import { guard } from './guard.ts';

/** Form versions as S3 objects under form-versions/<agency>/<form>/<version>.json. */
export class S3FormVersionStore implements FormVersionStore {
  constructor(private readonly bucket: string, private readonly blobs: BlobStore) {}

  async publish(agencyId: string, formId: string, version: string, text: string): Promise<'stored' | 'existed'> {
    const key = formVersionKey(agencyId, formId, version);
    if (await this.exists(key)) return 'existed';
    await this.blobs.put(key, Buffer.from(text, 'utf8'), 'application/schema+json');
    return 'stored';
  }

  async read(agencyId: string, formId: string, version: string): Promise<string | undefined> {
    try {
      return (await this.blobs.get(formVersionKey(agencyId, formId, version))).toString('utf8');
    } catch (error) {
      if ((error as Error).cause instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  private exists(key: string): Promise<boolean> {
    return guard('s3 head form version', async () => {
      try {
        await s3Client().send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        return true;
      } catch (error) {
        if (error instanceof NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
        throw error;
      }
    });
  }
}
