import { fileTypeFromBuffer } from 'file-type';
import { checkFileName } from './file-name.ts';
import { uploadFieldsOf, type UploadType } from './upload-field.ts';
import type { UploadStore } from './upload-ports.ts';
import type { ScanResult, UploadRecord } from './upload-record.ts';

/** file-type reads at most this much of a file to tell its type (its own `reasonableDetectionSizeInBytes`). */
export const TYPE_DETECTION_BYTES = 4100;
/** An upload not linked to a submission by then is swept away (the record by TTL, the object by lifecycle or sweeper). */
export const UNLINKED_UPLOAD_HOURS = 24;

/**
 * Why a received file is not kept. `missing`: no such upload for this form (never sent, already swept, or another
 * form's); the others are about the bytes, and the object is deleted.
 */
export type ReceiveRefusal = 'missing' | 'empty' | 'too-large' | 'type';

/** What a file is called when its POST carried no usable name: a page's own form cannot send the file's name. */
const UNNAMED: Readonly<Record<UploadType, string>> = { 'application/pdf': 'document.pdf', 'image/jpeg': 'photo.jpg', 'image/png': 'picture.png' };

export type ReceiveOutcome =
  | { readonly outcome: 'received'; readonly record: UploadRecord }
  | { readonly outcome: 'already-received' }
  | {
    readonly outcome: 'refused'; readonly reason: ReceiveRefusal;
    /** The file question it was sent for, its types and its limit: what the refusal names (none when `missing`). */
    readonly field: string | undefined; readonly accept: readonly UploadType[]; readonly maxBytes: number;
  };

/** The release step (release-upload.ts releaseReceived), for a received file the scan already answered for. */
export type ReleaseNow = (record: UploadRecord, scan: ScanResult) => Promise<unknown>;

export interface ReceiveRequest {
  readonly agencyId: string;
  readonly formId: string;
  readonly schema: Record<string, unknown>;
  readonly uploadId: string;
  readonly now: Date;
}

/**
 * The service's look at a file the browser sent straight to the quarantine: the type its bytes show must be one the
 * question takes (an .exe renamed .pdf is refused whatever the browser declared), and its size within the question's
 * limit. A refused file is deleted at once. An accepted one gets its record, once: a second receive of the same
 * upload changes nothing. When the scan answered before the file was received, its result was kept on a stub and
 * nothing was released (the release step needs the received record's ETag): the file is released here, now.
 */
export async function receiveUpload(store: UploadStore, request: ReceiveRequest, release: ReleaseNow): Promise<ReceiveOutcome> {
  const { agencyId, formId, uploadId } = request;
  const stored = await store.findUpload(agencyId, uploadId);
  if (stored?.received) return { outcome: 'already-received' };
  const object = await store.findQuarantined(agencyId, uploadId);
  const field = object?.form === formId ? uploadFieldsOf(request.schema).find((candidate) => candidate.pointer === object.field) : undefined;
  // Another form's upload is not this form's to refuse: it stays for its own form to receive.
  if (!object || !field) return { outcome: 'refused', reason: 'missing', field: undefined, accept: [], maxBytes: 0 };
  const refuse = async (reason: ReceiveRefusal): Promise<ReceiveOutcome> => {
    await store.deleteQuarantined(agencyId, uploadId);
    if (stored) await store.forgetUnreceived(agencyId, uploadId);
    return { outcome: 'refused', reason, field: field.pointer, accept: field.accept, maxBytes: field.maxBytes };
  };

  if (object.size === 0) return refuse('empty');
  if (object.size > field.maxBytes) return refuse('too-large');
  const detected = await fileTypeFromBuffer(await store.readQuarantinedStart(agencyId, uploadId, TYPE_DETECTION_BYTES));
  const type = field.accept.find((accepted) => accepted === detected?.mime);
  if (!type) return refuse('type');

  // The scan may have answered first: its result counts only if it is about these bytes.
  const earlyScan = stored && !stored.received && unquoted(stored.scanEtag) === unquoted(object.etag) ? stored.scan : undefined;
  // The name was pinned by the service's own signed policy; one it could not check (a page's form) is not kept.
  const name = checkFileName(object.name);
  const record: UploadRecord = {
    agencyId, uploadId, formId, field: field.pointer, name: 'name' in name ? name.name : UNNAMED[type], size: object.size, type, etag: object.etag,
    receivedAt: request.now.toISOString(), scan: earlyScan ?? object.scan ?? 'pending',
  };
  const expiresAt = new Date(request.now.getTime() + UNLINKED_UPLOAD_HOURS * 3_600_000);
  if ((await store.putReceived(record, expiresAt)) !== 'stored') return { outcome: 'already-received' };
  if (earlyScan !== undefined) await release(record, earlyScan);
  return { outcome: 'received', record };
}

/** S3 quotes an ETag in a HEAD and GuardDuty's event does not: compared without the quotes. */
const unquoted = (etag: string | undefined) => etag?.replace(/"/g, '');
