import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableDesign } from '../../contracts/table-design.ts';
import type { QuarantineRead, ReleaseStore } from '../../domain/uploads/release-upload.ts';
import type { StoredUploadObject, UploadLinkState, UploadSweepStore } from '../../domain/uploads/sweep-uploads.ts';
import type { UploadType } from '../../domain/uploads/upload-field.ts';
import { uploadObjects } from '../../domain/uploads/upload-objects.ts';
import type { ScanResult, UploadRecord } from '../../domain/uploads/upload-record.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';
import { s3Client } from './s3-client.ts';
import { caseFileKey, uploadKey, uploadRecordOf } from './upload-items.ts';

/**
 * The release step's and the sweep's storage: the uploads bucket's quarantine/, files/ and held/ objects, the upload
 * records (keys.upload) and the case's FILE# items. Records are written by the receive (upload-store.ts); here only
 * their scan is set, and unlinked ones deleted.
 */
export class UploadReleaseStore implements ReleaseStore, UploadSweepStore {
  constructor(private readonly table: string, private readonly bucket: string) {}

  receivedRecord(agencyId: string, uploadId: string): Promise<UploadRecord | undefined> {
    return guard('dynamodb get upload', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({ TableName: this.table, Key: uploadKey(agencyId, uploadId), ConsistentRead: true }));
      // A stub holding an early scan result has no receivedAt: the file was not received yet.
      return Item && typeof Item.receivedAt === 'string' ? uploadRecordOf(Item) : undefined;
    });
  }

  readQuarantined(agencyId: string, uploadId: string, etag: string): Promise<QuarantineRead<Buffer>> {
    return guard('s3 get quarantined', async () => {
      try {
        const object = await s3Client().send(new GetObjectCommand({ Bucket: this.bucket, Key: uploadObjects.quarantine(agencyId, uploadId), IfMatch: `"${etag}"` }));
        return { found: Buffer.from(await object.Body!.transformToByteArray()) };
      } catch (error) {
        return { missing: missingReason(error) };
      }
    });
  }

  putReleased(agencyId: string, uploadId: string, bytes: Buffer, type: UploadType): Promise<void> {
    return guard('s3 put released', async () => {
      await s3Client().send(new PutObjectCommand({
        Bucket: this.bucket, Key: uploadObjects.released(agencyId, uploadId), Body: bytes, ContentType: type, ServerSideEncryption: 'aws:kms',
      }));
    });
  }

  holdQuarantined(agencyId: string, uploadId: string, etag: string): Promise<QuarantineRead<true>> {
    return guard('s3 copy held', async () => {
      try {
        // CopySourceIfMatch makes the copy conditional in S3; the emulator ignores it, so the HEAD asks first.
        await s3Client().send(new HeadObjectCommand({ Bucket: this.bucket, Key: uploadObjects.quarantine(agencyId, uploadId), IfMatch: `"${etag}"` }));
        await s3Client().send(new CopyObjectCommand({
          Bucket: this.bucket, Key: uploadObjects.held(agencyId, uploadId), CopySource: `${this.bucket}/${uploadObjects.quarantine(agencyId, uploadId)}`,
          CopySourceIfMatch: `"${etag}"`, ServerSideEncryption: 'aws:kms',
        }));
        return { found: true as const };
      } catch (error) {
        return { missing: missingReason(error) };
      }
    });
  }

  deleteQuarantined(agencyId: string, uploadId: string): Promise<void> {
    return this.deleteObject(uploadObjects.quarantine(agencyId, uploadId));
  }

  setScan(agencyId: string, uploadId: string, etag: string, scan: ScanResult): Promise<UploadRecord | undefined> {
    return guard('dynamodb update upload scan', async () => {
      try {
        const { Attributes } = await dynamoClient().send(new UpdateCommand({
          TableName: this.table, Key: uploadKey(agencyId, uploadId),
          UpdateExpression: 'SET #scan = :scan',
          // The record keeps the ETag as S3 gave it, with or without quotes.
          ConditionExpression: 'attribute_exists(receivedAt) AND etag IN (:etag, :quoted)',
          ExpressionAttributeNames: { '#scan': 'scan' },
          ExpressionAttributeValues: { ':scan': scan, ':etag': etag, ':quoted': `"${etag}"` },
          ReturnValues: 'ALL_NEW',
        }));
        return Attributes && uploadRecordOf(Attributes);
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
        throw error;
      }
    });
  }

  setCaseFileScan(agencyId: string, caseId: string, uploadId: string, scan: ScanResult): Promise<void> {
    return guard('dynamodb update case file scan', async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: caseFileKey(agencyId, caseId, uploadId),
        UpdateExpression: 'SET #scan = :scan', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: { '#scan': 'scan' }, ExpressionAttributeValues: { ':scan': scan },
      })).catch((error: Error) => {
        // The case was purged meanwhile: nothing left to say it of.
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
    });
  }

  noteEarlyScan(agencyId: string, uploadId: string, etag: string, scan: ScanResult, expiresAt: Date): Promise<void> {
    return guard('dynamodb note early scan', async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: uploadKey(agencyId, uploadId),
        UpdateExpression: 'SET agencyId = :agency, uploadId = :upload, #scan = :scan, scanEtag = :etag, #ttl = if_not_exists(#ttl, :expires)',
        // Attributes only, and never over a received record: the receive may have won the race after all.
        ConditionExpression: 'attribute_not_exists(receivedAt)',
        ExpressionAttributeNames: { '#ttl': tableDesign.ttlAttribute, '#scan': 'scan' },
        // The ETag as S3's HEAD gives it, quoted: what the receive compares it with.
        ExpressionAttributeValues: { ':agency': agencyId, ':upload': uploadId, ':scan': scan, ':etag': `"${etag}"`, ':expires': Math.floor(expiresAt.getTime() / 1000) },
      })).catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
    });
  }

  async *objects(prefix: string): AsyncIterable<StoredUploadObject> {
    let ContinuationToken: string | undefined;
    do {
      const page = await guard('s3 list uploads', () => s3Client().send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken })));
      for (const object of page.Contents ?? []) yield { key: object.Key!, lastModified: object.LastModified ?? new Date(0) };
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
  }

  linkState(agencyId: string, uploadId: string): Promise<UploadLinkState | undefined> {
    return guard('dynamodb get upload link', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: uploadKey(agencyId, uploadId), ProjectionExpression: 'caseId, #ttl', ExpressionAttributeNames: { '#ttl': tableDesign.ttlAttribute }, ConsistentRead: true,
      }));
      if (!Item) return undefined;
      const expires = Item[tableDesign.ttlAttribute];
      return { linked: typeof Item.caseId === 'string', expiresAt: typeof expires === 'number' ? new Date(expires * 1000) : undefined };
    });
  }

  async deleteUnlinkedRecord(agencyId: string, uploadId: string): Promise<boolean> {
    try {
      await guard('dynamodb delete upload', () => dynamoClient().send(new DeleteCommand({
        TableName: this.table, Key: uploadKey(agencyId, uploadId), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(caseId)',
      })));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  deleteObject(key: string): Promise<void> {
    return guard('s3 delete upload', async () => {
      await s3Client().send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    });
  }
}

/** A conditional read or copy that failed because the object changed is 'replaced'; one that found nothing is 'gone'. */
function missingReason(error: unknown): 'gone' | 'replaced' {
  const name = (error as Error).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (name === 'PreconditionFailed' || status === 412) return 'replaced';
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return 'gone';
  throw error;
}
