import type { AuditRecord } from '../cases/case-record.ts';
import type { UploadRecord } from '../uploads/upload-record.ts';
import { SCHEDULE_SIGNING_REMINDER_JOB } from './signing-reminders.ts';
import { readyToSeal, turnHasCome, type SigningRecord } from './signing.ts';

/** A signing record as stored, with the version its next change is conditional on. */
export interface StoredSigning {
  readonly record: SigningRecord;
  readonly version: number;
}

/**
 * The jobs a signing change may start, committed in the change's own transaction (the outbox): `seal-document` once
 * the record is ready to seal; `signature-request` when the client's turn to sign has come (the mail with their link);
 * `schedule-signing-reminder` when it opens (signing-reminders.ts).
 */
export type SigningJobKind = 'seal-document' | 'signature-request' | typeof SCHEDULE_SIGNING_REMINDER_JOB;

/** The seal job's wire name (domain/jobs/job.ts SealDocumentJob): its documentType on the queue and in the outbox. */
export const SEAL_DOCUMENT_JOB = 'seal-document' satisfies SigningJobKind;

/**
 * The jobs a change starts (`before` undefined: the record is opening): the seal once the record is ready, the
 * client's signing mail when their turn has just come (the record opens with the client first, or a staff signer
 * before them has signed), once per record, and at opening the reminder's schedule.
 */
export function signingJobs(before: SigningRecord | undefined, after: SigningRecord): SigningJobKind[] {
  const clientAsked = before !== undefined && turnHasCome(before, 'client');
  return [
    ...(readyToSeal(after) ? ['seal-document' as const] : []),
    ...(turnHasCome(after, 'client') && !clientAsked ? ['signature-request' as const] : []),
    ...(before === undefined ? [SCHEDULE_SIGNING_REMINDER_JOB] as const : []),
  ];
}

export interface SigningChange {
  /** The record after the change (signing.ts made it). */
  readonly record: SigningRecord;
  /** The version read: the change is saved only if the record is still at it. */
  readonly version: number;
  /** Who changed it and how, written to the case's audit trail in the same transaction. */
  readonly audit: AuditRecord;
  readonly jobs?: readonly SigningJobKind[];
  /**
   * A single-use signing link's token hash: marked used in the same transaction, so a link signs once (a second use
   * finds it used and changes nothing).
   */
  readonly usedLinkTokenHash?: string;
  /**
   * A paper signature's scan uploaded on the signing page (paper-scan.ts): linked to the case in the same transaction,
   * as a staff form's files are (its record gets the case, the case a file item), on condition that it is still the
   * file read: unlinked, same bytes, same scan result.
   */
  readonly linkedFile?: UploadRecord;
}

/**
 * The signing records of a case's documents (item `SIGNING#<documentId>` in the case's partition), implemented in
 * adapters/aws/signing-store.ts. Every change is one transaction: the record, its audit record, and its jobs.
 */
export interface SigningStore {
  /**
   * Opens the record of a newly rendered document, once (a retried job finds it open), and supersedes the case's
   * earlier `awaiting` record of the same document type (the change named in `superseded`), in one transaction.
   */
  openSigning(agencyId: string, caseId: string, opening: {
    readonly record: SigningRecord;
    readonly superseded?: SigningChange;
    readonly audit: AuditRecord;
    readonly jobs?: readonly SigningJobKind[];
  }): Promise<'opened' | 'already-open' | 'conflict'>;
  findSigning(agencyId: string, caseId: string, documentId: string): Promise<StoredSigning | undefined>;
  /** Every signing record of the case, oldest document first. */
  listSignings(agencyId: string, caseId: string): Promise<readonly StoredSigning[]>;
  /** 'conflict': the record changed since `version` was read; 'link-used': the single-use link signed already. */
  saveSigning(agencyId: string, caseId: string, change: SigningChange): Promise<'saved' | 'conflict' | 'link-used'>;
}
