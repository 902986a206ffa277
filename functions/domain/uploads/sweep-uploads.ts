import { UNLINKED_UPLOAD_HOURS } from './receive-upload.ts';

export interface StoredUploadObject {
  readonly key: string;
  readonly lastModified: Date;
}

/** An upload's record as the sweep sees it: linked to a case or not, and until when it may wait for a link. */
export interface UploadLinkState {
  readonly linked: boolean;
  readonly expiresAt?: Date;
}

/** What the sweep needs from storage (adapters/aws/upload-release-store.ts). */
export interface UploadSweepStore {
  /** Every object under the prefix, oldest or newest first: the sweep does not care. */
  objects(prefix: string): AsyncIterable<StoredUploadObject>;
  linkState(agencyId: string, uploadId: string): Promise<UploadLinkState | undefined>;
  /** Deletes the record unless a submission linked it meanwhile; resolves to whether it did. */
  deleteUnlinkedRecord(agencyId: string, uploadId: string): Promise<boolean>;
  deleteObject(key: string): Promise<void>;
}

export interface UploadSweep {
  readonly objects: number;
  readonly records: number;
}

const UPLOAD_KEY = /^(quarantine|files|held)\/([a-z0-9][a-z0-9-]{0,62})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const DAY_MS = UNLINKED_UPLOAD_HOURS * 3_600_000;

/**
 * Uploads no submission took (design step 7), in AWS beside the bucket's lifecycle rule and the table's TTL, locally
 * instead of them (the emulator runs neither):
 * - quarantine/: every object older than a day goes (a file is scanned and released within minutes), and its record
 *   with it unless linked;
 * - files/: a released file whose record is unlinked and past its time goes, record first (a link can then no
 *   longer succeed); one with no record at all goes once a day old;
 * - held/: infected files stay for the security officer; only an unlinked record past its time goes.
 * A linked upload is the case's, and goes with the case's retention.
 */
export async function sweepUploads(store: UploadSweepStore, now: Date): Promise<UploadSweep> {
  let objects = 0;
  let records = 0;
  for (const prefix of ['quarantine/', 'files/', 'held/'] as const) {
    for await (const object of store.objects(prefix)) {
      const parsed = UPLOAD_KEY.exec(object.key);
      const dayOld = now.getTime() - object.lastModified.getTime() > DAY_MS;
      if (!parsed) {
        if (prefix === 'quarantine/' && dayOld) {
          await store.deleteObject(object.key);
          objects += 1;
        }
        continue;
      }
      const agencyId = parsed[2]!;
      const uploadId = parsed[3]!;
      const state = await store.linkState(agencyId, uploadId);
      const expired = state !== undefined && !state.linked && (state.expiresAt === undefined ? dayOld : state.expiresAt.getTime() <= now.getTime());
      // Record first: once it is gone no link can succeed, and a link made meanwhile keeps both.
      const recordDeleted = expired && (await store.deleteUnlinkedRecord(agencyId, uploadId));
      if (recordDeleted) records += 1;
      if (prefix === 'quarantine/' ? dayOld : prefix === 'files/' && (state === undefined ? dayOld : recordDeleted)) {
        await store.deleteObject(object.key);
        objects += 1;
      }
    }
  }
  return { objects, records };
}
