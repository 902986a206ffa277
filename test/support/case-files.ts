import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { tableDesign } from '../../functions/contracts/table-design.ts';
import { caseFileItem, uploadItem } from '../../functions/adapters/aws/upload-items.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import type { CaseFile, UploadRecord } from '../../functions/domain/uploads/upload-record.ts';
import type { LocalStack } from '../../local/stack.ts';

/** The EICAR test file: every malware scanner flags it, and it harms nothing. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** The stack's uploads bucket (local/bootstrap.ts), which its functions are given as UPLOADS_BUCKET_NAME. */
export const uploadsBucket = async (stack: LocalStack): Promise<string> => stack.resources.uploadsBucketName;

export interface StoredFile {
  readonly agencyId: string;
  readonly caseId: string;
  readonly submissionId: string;
  readonly formId: string;
  readonly field: string;
  readonly name: string;
  readonly type: CaseFile['type'];
  readonly scan: CaseFile['scan'];
  readonly bytes: Buffer;
}

/**
 * A file as the upload path leaves it once linked and scanned, written straight into the stack: the object where the
 * scan put it (files/ when clean, held/ when infected, quarantine/ otherwise), the upload record, and the case's
 * FILE# item.
 */
export async function storeCaseFile(stack: LocalStack, bucket: string, file: StoredFile): Promise<CaseFile> {
  const uploadId = randomUUID();
  const receivedAt = new Date().toISOString();
  const key = file.scan === 'clean' ? uploadObjects.released(file.agencyId, uploadId)
    : file.scan === 'infected' ? uploadObjects.held(file.agencyId, uploadId) : uploadObjects.quarantine(file.agencyId, uploadId);
  await new S3Client({ forcePathStyle: true }).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: file.bytes, ContentType: file.type }));
  const caseFile: CaseFile = {
    uploadId, formId: file.formId, field: file.field, submissionId: file.submissionId, name: file.name, size: file.bytes.length, type: file.type, scan: file.scan, receivedAt,
  };
  const record: UploadRecord = { ...caseFile, agencyId: file.agencyId, etag: '"test"', caseId: file.caseId };
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const table = stack.resources.tableName;
  // Stored as the upload path stores them (upload-items.ts); a linked record has no expiry.
  const { [tableDesign.ttlAttribute]: _expiry, ...linked } = uploadItem(record, new Date());
  await dynamo.send(new PutCommand({ TableName: table, Item: linked }));
  await dynamo.send(new PutCommand({ TableName: table, Item: caseFileItem(file.agencyId, file.caseId, caseFile) }));
  return caseFile;
}
