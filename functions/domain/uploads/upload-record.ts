import type { UploadType } from './upload-field.ts';

/**
 * What the malware scan said of a file (GuardDuty Malware Protection for S3 in AWS, the local stand-in locally):
 * pending until it answers; `not-scanned` when it could not scan (unsupported, failed, access denied). Only `clean`
 * files are ever served.
 */
export type ScanResult = 'pending' | 'clean' | 'infected' | 'not-scanned';

/**
 * One file a client or staff member uploaded, from the moment the service received it (its bytes checked) until it is
 * linked to a submission or swept away. Stored at keys.upload(agencyId, uploadId).
 */
export interface UploadRecord {
  readonly agencyId: string;
  readonly uploadId: string;
  readonly formId: string;
  /** The file question's JSON Pointer (UploadField.pointer). */
  readonly field: string;
  /** The file's name as the client's device gave it, made safe (no path, no control characters). */
  readonly name: string;
  readonly size: number;
  /** The type its bytes show (file-type), never the name's or the browser's word for it. */
  readonly type: UploadType;
  /** The S3 ETag of the object received: the scan result of any other object under the same key is not this file's. */
  readonly etag: string;
  readonly receivedAt: string;
  readonly scan: ScanResult;
  /** Set once a submission refers to the file, in the same transaction that stores the submission. */
  readonly caseId?: string;
  readonly submissionId?: string;
}

/** A file as its case lists it (case item keys.caseFile(uploadId)): what the case page shows and exports carry. */
export interface CaseFile {
  readonly uploadId: string;
  readonly formId: string;
  readonly field: string;
  readonly submissionId: string;
  readonly name: string;
  readonly size: number;
  readonly type: UploadType;
  readonly scan: ScanResult;
  readonly receivedAt: string;
}
