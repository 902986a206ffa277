import { fileTypeFromBuffer } from 'file-type';
import type { ScanResultStatus } from '../../contracts/malware-scan-event.ts';
import { UNLINKED_UPLOAD_HOURS } from './receive-upload.ts';
import { scanResultOf } from './scan-status.ts';
import { isUploadType, type UploadType } from './upload-field.ts';
import type { ScanResult, UploadRecord } from './upload-record.ts';
import { stripImageMetadata } from './strip-image-metadata.ts';

/** How a quarantined object was found when read or copied on condition of its ETag. */
export type QuarantineRead<T> = { readonly found: T } | { readonly missing: 'gone' | 'replaced' };

/** What releasing a scanned upload needs from storage (adapters/aws/upload-release-store.ts). */
export interface ReleaseStore {
  /** The upload's record as received, or undefined when the service has not received the file (yet). */
  receivedRecord(agencyId: string, uploadId: string): Promise<UploadRecord | undefined>;
  /** The quarantined bytes, if the object there still has this ETag. */
  readQuarantined(agencyId: string, uploadId: string, etag: string): Promise<QuarantineRead<Buffer>>;
  /** Stores the released copy under files/, typed as its bytes show. */
  putReleased(agencyId: string, uploadId: string, bytes: Buffer, type: UploadType): Promise<void>;
  /** Copies the quarantined object to held/, if it still has this ETag. */
  holdQuarantined(agencyId: string, uploadId: string, etag: string): Promise<QuarantineRead<true>>;
  deleteQuarantined(agencyId: string, uploadId: string): Promise<void>;
  /**
   * Sets the record's scan, on condition that it is still the received object's (same ETag); resolves to the record as
   * it is after the update (ALL_NEW), so a link made before it is seen, or undefined when the condition failed.
   */
  setScan(agencyId: string, uploadId: string, etag: string, scan: ScanResult): Promise<UploadRecord | undefined>;
  /** Sets the scan of the case's FILE# item (a link copied the scan before this one answered). */
  setCaseFileScan(agencyId: string, caseId: string, uploadId: string, scan: ScanResult): Promise<void>;
  /**
   * The scan answered before the service received the file: keeps the result (and the ETag it is about) on a stub of
   * the record, attributes only, expiring as an unlinked record does, for the receive to find (receive-upload.ts).
   */
  noteEarlyScan(agencyId: string, uploadId: string, etag: string, scan: ScanResult, expiresAt: Date): Promise<void>;
}

export interface ScannedObject {
  readonly agencyId: string;
  readonly uploadId: string;
  /** The ETag the scan was of, without S3's quotes. */
  readonly etag: string;
  readonly status: ScanResultStatus;
}

/**
 * - released / held / not-scanned: the record (and its case file) now say so;
 * - early: no record yet, the result is kept on a stub for the receive;
 * - replaced: the object is not the one the service checked (its ETag differs): it was deleted, nothing else changed;
 * - gone: the quarantined object is no longer there (released by an earlier delivery of the same event, or swept).
 */
export type ReleaseOutcome = 'released' | 'held' | 'not-scanned' | 'early' | 'replaced' | 'gone';

const unquoted = (etag: string) => etag.replace(/"/g, '');

/**
 * The malware scan's answer for a quarantined upload (design step 6). Clean: the bytes are typed again, images lose
 * their metadata, the copy goes to files/ and the quarantined object is deleted. Infected: the object moves to held/,
 * kept for the security officer and never served. Anything else: it stays in quarantine, never served. The record's
 * scan is set after the objects moved, and the case's file too when the record is already linked.
 */
export async function releaseScanned(store: ReleaseStore, scanned: ScannedObject, now: Date): Promise<ReleaseOutcome> {
  const { agencyId, uploadId } = scanned;
  const etag = unquoted(scanned.etag);
  const scan = scanResultOf(scanned.status);
  const record = await store.receivedRecord(agencyId, uploadId);
  if (!record) {
    // Expires as an unlinked upload does.
    await store.noteEarlyScan(agencyId, uploadId, etag, scan, new Date(now.getTime() + UNLINKED_UPLOAD_HOURS * 3_600_000));
    return 'early';
  }
  if (unquoted(record.etag) !== etag) {
    // The key was written again after the service checked it: what was scanned is not what was received.
    await store.deleteQuarantined(agencyId, uploadId);
    return 'replaced';
  }
  return releaseReceived(store, record, scan);
}

/**
 * Moves a received upload by its scan result and records it. Also for the receive, when it finds the scan answered
 * first (a stub from noteEarlyScan): the release then happens as soon as the file is received.
 */
export async function releaseReceived(store: ReleaseStore, record: UploadRecord, scan: ScanResult): Promise<ReleaseOutcome> {
  const { agencyId, uploadId } = record;
  const etag = unquoted(record.etag);
  let outcome: ReleaseOutcome = 'not-scanned';
  let recorded = scan;
  if (scan === 'clean') {
    const read = await store.readQuarantined(agencyId, uploadId, etag);
    if ('missing' in read) return missing(store, record, read.missing, scan);
    const type = await typeOf(read.found);
    if (type !== record.type) {
      // The bytes were typed at receive; if they no longer say the same, nobody should open them.
      recorded = 'not-scanned';
    } else {
      await store.putReleased(agencyId, uploadId, await stripImageMetadata(read.found, type), type);
      await store.deleteQuarantined(agencyId, uploadId);
      outcome = 'released';
    }
  } else if (scan === 'infected') {
    const held = await store.holdQuarantined(agencyId, uploadId, etag);
    if ('missing' in held) return missing(store, record, held.missing, scan);
    await store.deleteQuarantined(agencyId, uploadId);
    outcome = 'held';
  }
  await recordScan(store, record, recorded);
  return outcome;
}

async function missing(store: ReleaseStore, record: UploadRecord, why: 'gone' | 'replaced', scan: ScanResult): Promise<ReleaseOutcome> {
  if (why === 'replaced') {
    await store.deleteQuarantined(record.agencyId, record.uploadId);
    return 'replaced';
  }
  // A second delivery of the same event finds the object already moved: the record says so, or is set to say so.
  if (record.scan !== scan) await recordScan(store, record, scan);
  return 'gone';
}

async function recordScan(store: ReleaseStore, record: UploadRecord, scan: ScanResult): Promise<void> {
  const updated = await store.setScan(record.agencyId, record.uploadId, unquoted(record.etag), scan);
  if (updated?.caseId) await store.setCaseFileScan(record.agencyId, updated.caseId, record.uploadId, scan);
}

async function typeOf(bytes: Buffer): Promise<UploadType | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  return isUploadType(detected?.mime) ? detected.mime : undefined;
}
