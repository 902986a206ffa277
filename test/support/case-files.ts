import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { configVariables } from '../../functions/contracts/config.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import type { CaseFile, UploadRecord } from '../../functions/domain/uploads/upload-record.ts';
import type { LocalStack } from '../../local/stack.ts';

/** The EICAR test file: every malware scanner flags it, and it harms nothing. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * The stack's uploads bucket: the one it was started with, else one made here and given to its functions (the
 * handlers read their settings on first use, in this process).
 */
export async function uploadsBucket(stack: LocalStack): Promise<string> {
  const given = process.env[configVariables.uploadsBucketName];
  if (given) return given;
  const name = `${stack.resources.bucketName.replace(/-documents$/, '')}-uploads`;
  await new S3Client({ forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: name }));
  process.env[configVariables.uploadsBucketName] = name;
  return name;
}

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
  await dynamo.send(new PutCommand({ TableName: table, Item: { pk: keys.upload(file.agencyId, uploadId), sk: keys.uploadRecord(), ...record } }));
  await dynamo.send(new PutCommand({ TableName: table, Item: { pk: keys.case(file.agencyId, file.caseId), sk: keys.caseFile(uploadId), agencyId: file.agencyId, caseId: file.caseId, ...caseFile } }));
  return caseFile;
}
