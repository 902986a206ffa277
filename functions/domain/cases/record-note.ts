import { randomUUID } from 'node:crypto';
import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { AuditRecord, CaseRecord } from './case-record.ts';
import { checkAddendum, type AddendumInput, type AddendumRefusal, type NoteAddendum } from './addendum.ts';
import { checkNote, type CaseNote, type NoteInput, type NoteRefusal } from './case-note.ts';
import type { DocumentJob } from './document-job.ts';
import { followUpJobFor } from './follow-up-reminders.ts';
import type { JobQueue } from './intake.ts';
import { logger } from '../../observability/logger.ts';

/** What saving notes needs of storage. Each commit writes the record and its audit record together, or neither. */
export interface NoteStore {
  getCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined>;
  getNote(agencyId: string, caseId: string, noteId: string): Promise<CaseNote | undefined>;
  /**
   * 'exists': a note with this id is already saved on the case (it is final: nothing is overwritten). `job`, when
   * given, goes in the outbox in the same transaction (its follow-up's reminder schedule).
   */
  commitNote(note: CaseNote, audit: AuditRecord, job?: DocumentJob): Promise<'committed' | 'exists'>;
  commitAddendum(addendum: NoteAddendum, audit: AuditRecord): Promise<'committed' | 'exists'>;
}

export interface NoteRequest {
  readonly agency: { readonly id: string; readonly timeZone: string };
  readonly caseId: string;
  readonly staff: StaffMember;
  readonly now: Date;
  readonly requestId: string;
}

export type NoteOutcome =
  | { readonly outcome: 'created'; readonly note: CaseNote }
  | { readonly outcome: 'case-not-found' }
  | { readonly outcome: 'invalid'; readonly refusals: readonly NoteRefusal[] }
  | { readonly outcome: 'already-saved'; readonly noteId: string };

export type AddendumOutcome =
  | { readonly outcome: 'created'; readonly addendum: NoteAddendum }
  | { readonly outcome: 'note-not-found' }
  | { readonly outcome: 'invalid'; readonly refusals: readonly AddendumRefusal[] }
  | { readonly outcome: 'already-saved'; readonly addendumId: string };

/** The audit record of a note or addendum: ids only, never its words. */
function auditFor(request: NoteRequest, action: 'note-added' | 'addendum-added', target: string): AuditRecord {
  const { agency, caseId, staff, now, requestId } = request;
  return { agencyId: agency.id, caseId, actor: staff.subject, roles: staff.roles, action, target, at: now.toISOString(), requestId };
}

/**
 * A staff member records a note or contact on a case. It is saved once, with its audit record; saving the same note
 * id again is refused, whatever it says, because a saved note is final. Its follow-up date, if any, becomes the case
 * manager's (or, on a case with none, the author's), and its reminder's schedule job is committed with it; the queue
 * is only the fast path (the outbox sweeper sends a job whose send failed).
 */
export async function recordNote(store: NoteStore, request: NoteRequest, input: NoteInput, queue?: JobQueue): Promise<NoteOutcome> {
  const checked = checkNote(input, request.now, request.agency.timeZone);
  if ('refusals' in checked) return { outcome: 'invalid', refusals: checked.refusals };
  const record = await store.getCase(request.agency.id, request.caseId);
  if (!record) return { outcome: 'case-not-found' };
  const { staff } = request;
  const note: CaseNote = {
    ...checked.note,
    noteId: checked.note.noteId ?? randomUUID(),
    agencyId: request.agency.id,
    caseId: request.caseId,
    ...(checked.note.followUpOn ? followUpOwnerOf(record, staff) : {}),
    author: staff.subject,
    ...(staff.email ? { authorEmail: staff.email } : {}),
    recordedAt: request.now.toISOString(),
  };
  const job = followUpJobFor(note);
  const committed = await store.commitNote(note, auditFor(request, 'note-added', note.noteId), job);
  if (committed === 'exists') return { outcome: 'already-saved', noteId: note.noteId };
  if (job && queue) {
    await queue.enqueue(job).catch((error: unknown) => {
      logger.warn('follow-up job not enqueued: the outbox sweeper sends it', { agencyId: note.agencyId, caseId: note.caseId, errorName: (error as Error).name });
    });
  }
  return { outcome: 'created', note };
}

/** The follow-up is the case manager's when the case has one, else the author's; its reminder goes to their address. */
function followUpOwnerOf(record: CaseRecord, staff: StaffMember): Pick<CaseNote, 'followUpOwner' | 'followUpOwnerEmail'> {
  const [owner, email] = record.caseManager !== undefined ? [record.caseManager, record.caseManagerEmail] : [staff.subject, staff.email];
  return { followUpOwner: owner, ...(email ? { followUpOwnerEmail: email } : {}) };
}

/** An addendum to a saved note of the case: the note stays as it was, the addendum is saved beside it. */
export async function recordAddendum(store: NoteStore, request: NoteRequest, noteId: string, input: AddendumInput): Promise<AddendumOutcome> {
  const checked = checkAddendum(input);
  if ('refusals' in checked) return { outcome: 'invalid', refusals: checked.refusals };
  if (!(await store.getNote(request.agency.id, request.caseId, noteId))) return { outcome: 'note-not-found' };
  const { staff } = request;
  const addendum: NoteAddendum = {
    addendumId: checked.addendum.addendumId ?? randomUUID(),
    noteId,
    agencyId: request.agency.id,
    caseId: request.caseId,
    text: checked.addendum.text,
    author: staff.subject,
    ...(staff.email ? { authorEmail: staff.email } : {}),
    recordedAt: request.now.toISOString(),
  };
  const committed = await store.commitAddendum(addendum, auditFor(request, 'addendum-added', `${noteId}/${addendum.addendumId}`));
  return committed === 'exists' ? { outcome: 'already-saved', addendumId: addendum.addendumId } : { outcome: 'created', addendum };
}
