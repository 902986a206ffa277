import type { AuditRecord } from './case-record.ts';
import type { CaseNote } from './case-note.ts';
import type { NoteRequest } from './record-note.ts';

/** What marking a follow-up done needs of storage. */
export interface FollowUpDoneStore {
  getNote(agencyId: string, caseId: string, noteId: string): Promise<CaseNote | undefined>;
  /**
   * Records who marked it done and when beside the note, takes the note out of the follow-ups index, and writes the
   * audit record, together or not at all. 'not-open': the note has no open follow-up (any more).
   */
  commitFollowUpDone(note: CaseNote, done: { readonly at: string; readonly by: string }, audit: AuditRecord): Promise<'committed' | 'not-open'>;
}

export type FollowUpDoneOutcome =
  | { readonly outcome: 'done'; readonly noteId: string; readonly followUpDoneAt: string; readonly followUpDoneBy: string }
  /** Done before: nothing is written again, and the answer is the first marking's. */
  | { readonly outcome: 'already-done'; readonly noteId: string; readonly followUpDoneAt: string; readonly followUpDoneBy: string }
  | { readonly outcome: 'note-not-found' }
  | { readonly outcome: 'no-follow-up' };

/**
 * A staff member marks a note's follow-up done. The note itself stays as saved (notes are final): the marking is
 * recorded beside it and audited (`follow-up-done`), the follow-up leaves its owner's list, and its reminder, if not
 * sent yet, is not sent (the reminder job reads the note first: follow-up-reminders.ts). Marking it again changes nothing.
 */
export async function markFollowUpDone(store: FollowUpDoneStore, request: NoteRequest, noteId: string): Promise<FollowUpDoneOutcome> {
  const { agency, caseId, staff, now, requestId } = request;
  const note = await store.getNote(agency.id, caseId, noteId);
  if (!note) return { outcome: 'note-not-found' };
  if (!note.followUpOn) return { outcome: 'no-follow-up' };
  if (note.followUpDoneAt !== undefined) return alreadyDone(note);
  const at = now.toISOString();
  const committed = await store.commitFollowUpDone(note, { at, by: staff.subject }, {
    agencyId: agency.id, caseId, actor: staff.subject, roles: staff.roles, action: 'follow-up-done', target: noteId, at, requestId,
  });
  if (committed === 'not-open') {
    // Someone else marked it done between the read and the write: theirs is the marking.
    const current = await store.getNote(agency.id, caseId, noteId);
    return current?.followUpDoneAt !== undefined ? alreadyDone(current) : { outcome: 'note-not-found' };
  }
  return { outcome: 'done', noteId, followUpDoneAt: at, followUpDoneBy: staff.subject };
}

const alreadyDone = (note: CaseNote): FollowUpDoneOutcome => ({
  outcome: 'already-done', noteId: note.noteId, followUpDoneAt: note.followUpDoneAt!, followUpDoneBy: note.followUpDoneBy ?? '',
});
