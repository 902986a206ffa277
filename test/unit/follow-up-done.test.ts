import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import type { AuditRecord } from '../../functions/domain/cases/case-record.ts';
import type { CaseNote } from '../../functions/domain/cases/case-note.ts';
import { markFollowUpDone, type FollowUpDoneStore } from '../../functions/domain/cases/follow-up-done.ts';

const caseId = '5b2e9c1d-0000-4000-8000-0000000000bb';
const staff: StaffMember = { subject: 'ana', agencyId: 'demo', roles: ['case-manager'], email: 'ana@demo.example' };
const request = { agency: { id: 'demo', timeZone: 'America/Chicago' }, caseId, staff, now: new Date('2027-01-15T16:00:00Z'), requestId: 'req-1' };

const note = (overrides: Partial<CaseNote> = {}): CaseNote => ({
  noteId: 'note-follow-1', agencyId: 'demo', caseId, contactType: 'phone', contactedAt: '2027-01-10T15:00:00.000Z', narrative: 'Words.',
  followUpOn: '2027-01-15', followUpOwner: 'ana', author: 'ben', recordedAt: '2027-01-10T15:05:00.000Z', ...overrides,
});

/** Notes by id; a commit is conditional on the follow-up being open, as the table's is. */
class MemoryNotes implements FollowUpDoneStore {
  readonly audits: AuditRecord[] = [];
  /** Someone else marks it done between this store's read and its write. */
  raceWith?: { readonly at: string; readonly by: string };
  constructor(readonly notes: Map<string, CaseNote>) {}
  async getNote(_agencyId: string, _caseId: string, noteId: string) {
    return this.notes.get(noteId);
  }
  async commitFollowUpDone(target: CaseNote, done: { at: string; by: string }, audit: AuditRecord) {
    if (this.raceWith) this.notes.set(target.noteId, { ...target, followUpDoneAt: this.raceWith.at, followUpDoneBy: this.raceWith.by });
    const current = this.notes.get(target.noteId);
    if (!current?.followUpOn || current.followUpDoneAt) return 'not-open' as const;
    this.notes.set(target.noteId, { ...current, followUpDoneAt: done.at, followUpDoneBy: done.by });
    this.audits.push(audit);
    return 'committed' as const;
  }
}

describe('marking a note\'s follow-up done', () => {
  it('records when and by whom beside the note, audited by id; the note\'s own fields stay as saved', async () => {
    const store = new MemoryNotes(new Map([['note-follow-1', note()]]));
    expect(await markFollowUpDone(store, request, 'note-follow-1')).toEqual({
      outcome: 'done', noteId: 'note-follow-1', followUpDoneAt: '2027-01-15T16:00:00.000Z', followUpDoneBy: 'ana',
    });
    expect(store.notes.get('note-follow-1')).toEqual({ ...note(), followUpDoneAt: '2027-01-15T16:00:00.000Z', followUpDoneBy: 'ana' });
    expect(store.audits).toEqual([{
      agencyId: 'demo', caseId, actor: 'ana', roles: ['case-manager'], action: 'follow-up-done', target: 'note-follow-1', at: '2027-01-15T16:00:00.000Z', requestId: 'req-1',
    }]);
  });

  it('marking it again changes nothing and answers the first marking', async () => {
    const store = new MemoryNotes(new Map([['note-follow-1', note({ followUpDoneAt: '2027-01-14T10:00:00.000Z', followUpDoneBy: 'ben' })]]));
    expect(await markFollowUpDone(store, request, 'note-follow-1')).toEqual({
      outcome: 'already-done', noteId: 'note-follow-1', followUpDoneAt: '2027-01-14T10:00:00.000Z', followUpDoneBy: 'ben',
    });
    expect(store.audits).toEqual([]);
  });

  it('when another marking lands between the read and the write, answers that one', async () => {
    const store = new MemoryNotes(new Map([['note-follow-1', note()]]));
    store.raceWith = { at: '2027-01-15T15:59:59.000Z', by: 'ben' };
    expect(await markFollowUpDone(store, request, 'note-follow-1')).toMatchObject({ outcome: 'already-done', followUpDoneBy: 'ben' });
    expect(store.audits).toEqual([]);
  });

  it('refuses an unknown note, and a note that asked for no follow-up', async () => {
    const store = new MemoryNotes(new Map([['plain-note-1', note({ noteId: 'plain-note-1', followUpOn: undefined, followUpOwner: undefined })]]));
    expect(await markFollowUpDone(store, request, 'no-such-note')).toEqual({ outcome: 'note-not-found' });
    expect(await markFollowUpDone(store, request, 'plain-note-1')).toEqual({ outcome: 'no-follow-up' });
    expect(store.audits).toEqual([]);
  });
});
