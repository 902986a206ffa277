import { DeleteObjectCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { UPLOAD_METADATA, uploadObjects } from '../../domain/uploads/upload-objects.ts';
import type { PresignedUpload, PresignRequest, QuarantinedObject, StoredUpload, UploadStore } from '../../domain/uploads/upload-ports.ts';
import type { ScanResult, UploadRecord } from '../../domain/uploads/upload-record.ts';
import { scanResultOf, SCAN_STATUS_TAG } from '../../domain/uploads/scan-status.ts';
import { guard } from './guard.ts';
import { DynamoUploadRecords } from './upload-records.ts';
import { s3Client } from './s3-client.ts';

/** How long a presigned POST may be used: enough for a slow phone connection to send 20 MB. */
export const PRESIGNED_POST_SECONDS = 600;
/** The name metadata key: names are percent-encoded, as S3 metadata carries ASCII only. */
const NAME_METADATA = 'name';

/**
 * The uploads bucket and the upload records (domain/uploads/upload-ports.ts). The one place that signs presigned POSTs
 * for uploads: the policy pins the key, the Content-Type, the size range and the metadata, so what a browser sends is
 * what was asked for, or S3 refuses it.
 */
export class AwsUploadStore implements UploadStore {
  private readonly records: DynamoUploadRecords;

  constructor(
    private readonly bucket: string,
    table: string,
    /** Where browsers POST (local: the upload gate); the SDK's bucket URL when unset. */
    private readonly postEndpoint: string | undefined,
  ) {
    this.records = new DynamoUploadRecords(table);
  }

  presign(request: PresignRequest): Promise<PresignedUpload> {
    return guard('s3 presign upload', async () => {
      const fields: Record<string, string> = {
        'Content-Type': request.contentType,
        [`x-amz-meta-${UPLOAD_METADATA.form}`]: request.formId,
        [`x-amz-meta-${UPLOAD_METADATA.field}`]: request.field,
        ...(request.name === undefined ? {} : { [`x-amz-meta-${NAME_METADATA}`]: encodeURIComponent(request.name) }),
        ...(request.redirect === undefined ? {} : { success_action_redirect: request.redirect }),
      };
      const expiresAt = new Date(Date.now() + PRESIGNED_POST_SECONDS * 1000);
      const post = await createPresignedPost(s3Client(), {
        Bucket: this.bucket, Key: uploadObjects.quarantine(request.agencyId, request.uploadId), Fields: fields, Expires: PRESIGNED_POST_SECONDS,
        Conditions: [['content-length-range', 1, request.maxBytes]],
      });
      const url = this.postEndpoint ? `${this.postEndpoint.replace(/\/$/, '')}/${this.bucket}` : post.url;
      return { url, fields: post.fields, expiresAt: expiresAt.toISOString() };
    });
  }

  findQuarantined(agencyId: string, uploadId: string): Promise<QuarantinedObject | undefined> {
    const Key = uploadObjects.quarantine(agencyId, uploadId);
    return guard('s3 head upload', async () => {
      const head = await s3Client().send(new HeadObjectCommand({ Bucket: this.bucket, Key })).catch(notFoundIsUndefined);
      if (!head) return undefined;
      const metadata = head.Metadata ?? {};
      const name = metadata[NAME_METADATA];
      return {
        size: head.ContentLength ?? 0, etag: head.ETag ?? '', form: metadata[UPLOAD_METADATA.form], field: metadata[UPLOAD_METADATA.field],
        name: name === undefined ? undefined : decodeName(name), scan: await this.taggedScan(Key),
      };
    });
  }

  readQuarantinedStart(agencyId: string, uploadId: string, bytes: number): Promise<Uint8Array> {
    return guard('s3 read upload start', async () => {
      const result = await s3Client().send(new GetObjectCommand({ Bucket: this.bucket, Key: uploadObjects.quarantine(agencyId, uploadId), Range: `bytes=0-${bytes - 1}` }));
      return result.Body!.transformToByteArray();
    });
  }

  deleteQuarantined(agencyId: string, uploadId: string): Promise<void> {
    return guard('s3 delete upload', async () => {
      await s3Client().send(new DeleteObjectCommand({ Bucket: this.bucket, Key: uploadObjects.quarantine(agencyId, uploadId) }));
    });
  }

  findUpload(agencyId: string, uploadId: string): Promise<StoredUpload | undefined> {
    return this.records.findUpload(agencyId, uploadId);
  }

  findUploads(agencyId: string, uploadIds: readonly string[]): Promise<ReadonlyMap<string, StoredUpload>> {
    return this.records.findUploads(agencyId, uploadIds);
  }

  forgetUnreceived(agencyId: string, uploadId: string): Promise<void> {
    return this.records.forgetUnreceived(agencyId, uploadId);
  }

  putReceived(record: UploadRecord, expiresAt: Date): Promise<'stored' | 'already-received'> {
    return this.records.putReceived(record, expiresAt);
  }

  private async taggedScan(Key: string): Promise<ScanResult | undefined> {
    const { TagSet = [] } = await s3Client().send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key }));
    const status = TagSet.find((tag) => tag.Key === SCAN_STATUS_TAG)?.Value;
    return status === undefined ? undefined : scanResultOf(status);
  }
}

function decodeName(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

function notFoundIsUndefined(error: Error): undefined {
  if (error.name === 'NotFound' || error.name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
  throw error;
}
