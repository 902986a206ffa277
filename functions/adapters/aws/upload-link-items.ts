import type { UploadRecord } from '../../domain/uploads/upload-record.ts';
import { caseFileItem, uploadKey } from './upload-items.ts';

/** Where a file is linked: the case and the submission (an intake's or a staff form's) that names it. */
export interface LinkTarget {
  readonly agencyId: string;
  readonly caseId: string;
  readonly submissionId: string;
}

/**
 * A file's link, as two items of the submission's one transaction: its record gets the case and submission (and no
 * longer expires) only if it is still the one read, unlinked, same bytes (etag) and same scan result, which the case's
 * file item copies. The release step updates both when the scan answers later (handlers/upload-scanned.ts), so either
 * order ends with the same result on both. A failed condition here means the files changed: check them again.
 */
export function uploadLinkItems(table: string, file: UploadRecord, target: LinkTarget): Record<string, unknown>[] {
  const { agencyId, caseId, submissionId } = target;
  return [
    {
      Update: {
        TableName: table, Key: uploadKey(agencyId, file.uploadId),
        UpdateExpression: 'SET caseId = :caseId, submissionId = :submissionId REMOVE expiresAt',
        ConditionExpression: 'attribute_exists(receivedAt) AND attribute_not_exists(caseId) AND etag = :etag AND #scan = :scan',
        // SCAN is a DynamoDB reserved word.
        ExpressionAttributeNames: { '#scan': 'scan' },
        ExpressionAttributeValues: { ':caseId': caseId, ':submissionId': submissionId, ':etag': file.etag, ':scan': file.scan },
      },
    },
    {
      Put: {
        TableName: table, ConditionExpression: 'attribute_not_exists(pk)',
        Item: caseFileItem(agencyId, caseId, {
          uploadId: file.uploadId, formId: file.formId, field: file.field, submissionId, name: file.name, size: file.size,
          type: file.type, scan: file.scan, receivedAt: file.receivedAt,
        }),
      },
    },
  ];
}
