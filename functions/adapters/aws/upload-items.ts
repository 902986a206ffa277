import { keys, tableDesign } from '../../contracts/table-design.ts';
import type { CaseFile, UploadRecord } from '../../domain/uploads/upload-record.ts';

/**
 * How upload records and case files are stored. Items of the table say what they are in `type` (the case partition is
 * read by kind: 'case', 'submission', 'document', …), so the file's own type (UploadRecord.type, CaseFile.type: a MIME
 * type) is stored as `contentType`. Everything that reads or writes these items goes through here.
 */
export const uploadKey = (agencyId: string, uploadId: string) => ({ pk: keys.upload(agencyId, uploadId), sk: keys.uploadRecord() });
export const caseFileKey = (agencyId: string, caseId: string, uploadId: string) => ({ pk: keys.case(agencyId, caseId), sk: keys.caseFile(uploadId) });

export const UPLOAD_ITEM_TYPE = 'upload';
export const CASE_FILE_ITEM_TYPE = 'file';

export function uploadItem(record: UploadRecord, expiresAt: Date): Record<string, unknown> {
  const { type, ...rest } = record;
  return { ...uploadKey(record.agencyId, record.uploadId), ...rest, type: UPLOAD_ITEM_TYPE, contentType: type, [tableDesign.ttlAttribute]: Math.floor(expiresAt.getTime() / 1000) };
}

export function uploadRecordOf(item: Record<string, unknown>): UploadRecord {
  const { pk: _pk, sk: _sk, type: _type, contentType, scanEtag: _scanEtag, [tableDesign.ttlAttribute]: _ttl, ...rest } = item;
  return { ...rest, type: contentType } as unknown as UploadRecord;
}

export function caseFileItem(agencyId: string, caseId: string, file: CaseFile): Record<string, unknown> {
  const { type, ...rest } = file;
  return { ...caseFileKey(agencyId, caseId, file.uploadId), ...rest, type: CASE_FILE_ITEM_TYPE, contentType: type };
}

export function caseFileOf(item: Record<string, unknown>): CaseFile {
  const { pk: _pk, sk: _sk, type: _type, contentType, ...rest } = item;
  return { ...rest, type: contentType } as unknown as CaseFile;
}
