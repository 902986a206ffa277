import type { ScanResult, UploadRecord } from './upload-record.ts';

/** What a presigned POST pins (upload-objects.ts names the key): the browser can send these bytes and nothing else. */
export interface PresignRequest {
  readonly agencyId: string;
  readonly formId: string;
  /** The file question's pointer. */
  readonly field: string;
  readonly uploadId: string;
  /** The Content-Type the POST must carry: the declared type, or application/octet-stream for a page's own form. */
  readonly contentType: string;
  readonly maxBytes: number;
  /** The safe name (file-name.ts), kept as the object's metadata. */
  readonly name?: string;
  /** Where S3 sends the browser after a POST from a page without JavaScript (success_action_redirect). */
  readonly redirect?: string;
}

export interface PresignedUpload {
  readonly url: string;
  /** The form fields the POST carries before the file, as S3 checks them against the signed policy. */
  readonly fields: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/** A quarantined object as S3 describes it: what the POST stored and the metadata its policy pinned. */
export interface QuarantinedObject {
  readonly size: number;
  readonly etag: string;
  readonly form: string | undefined;
  readonly field: string | undefined;
  readonly name: string | undefined;
  /** The scan's answer, if it already tagged the object (GuardDutyMalwareScanStatus). */
  readonly scan: ScanResult | undefined;
}

/**
 * An upload's item as stored: a received record, or only the scan's result when the scan answered before the file was
 * received (the release step writes that stub; receive takes its result when it is about the same bytes).
 */
export type StoredUpload =
  | { readonly received: true; readonly record: UploadRecord }
  | { readonly received: false; readonly scan: ScanResult | undefined; readonly scanEtag: string | undefined };

/** The uploads bucket and the upload records, as receiving and linking uploads use them (adapters/aws/upload-store.ts). */
export interface UploadStore {
  presign(request: PresignRequest): Promise<PresignedUpload>;
  findQuarantined(agencyId: string, uploadId: string): Promise<QuarantinedObject | undefined>;
  /** The object's first `bytes` bytes: enough for file-type to tell what it is. */
  readQuarantinedStart(agencyId: string, uploadId: string, bytes: number): Promise<Uint8Array>;
  deleteQuarantined(agencyId: string, uploadId: string): Promise<void>;
  findUpload(agencyId: string, uploadId: string): Promise<StoredUpload | undefined>;
  /** Several uploads of one agency in one read (a page's files, a submission's links), by id; ids not stored are absent. */
  findUploads(agencyId: string, uploadIds: readonly string[]): Promise<ReadonlyMap<string, StoredUpload>>;
  /** Deletes what an early scan noted for an upload that was never received (a refused file leaves nothing behind). */
  forgetUnreceived(agencyId: string, uploadId: string): Promise<void>;
  /** Stores a received record unless one was received already ('already-received'); expires at `expiresAt` unless linked. */
  putReceived(record: UploadRecord, expiresAt: Date): Promise<'stored' | 'already-received'>;
}
