import { afterEach, describe, expect, it } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import type { AuditRecord, CaseRecord } from '../../functions/domain/cases/case-record.ts';
import { checkAddendum, type NoteAddendum } from '../../functions/domain/cases/addendum.ts';
import { checkNote, contactInstant, CONTACT_TYPES, type CaseNote } from '../../functions/domain/cases/case-note.ts';
import { bucketFollowUps, type FollowUp } from '../../functions/domain/cases/follow-ups.ts';
import { myFollowUps } from '../../functions/domain/cases/my-follow-ups.ts';
import { notesOf } from '../../functions/domain/cases/note-view.ts';
import { recordAddendum, recordNote, type NoteStore } from '../../functions/domain/cases/record-note.ts';
import { problemPhrases, wordPhrase } from '../../functions/web/http/problem-phrases/index.ts';
import { noteFieldErrors } from '../../functions/web/staff/note-refusals.ts';
import { restoreClock, setClock } from '../support/test-clock.ts';

const CHICAGO = 'America/Chicago';
const NOW = new Date('2026-03-10T18:00:00Z'); // 13:00 in Chicago, 10 March
const valid = { contactType: 'phone', contactedAt: '2026-03-10T12:30', durationMinutes: '15', contactedPerson: 'Mother', narrative: 'Called about the appointment.', followUpOn: '2026-03-12' };

describe('checkNote', () => {
  it('accepts a valid note, reading a time without offset on the agency\'s clock', () => {
    const result = checkNote(valid, NOW, CHICAGO);
    expect(result).toEqual({
      note: { contactType: 'phone', contactedAt: '2026-03-10T17:30:00.000Z', durationMinutes: 15, contactedPerson: 'Mother', narrative: 'Called about the appointment.', followUpOn: '2026-03-12' },
    });
  });

  it('accepts an API note with an offset, a numeric duration and no optional fields', () => {
    expect(checkNote({ contactType: 'letter', contactedAt: '2026-03-09T08:00:00Z', narrative: 'Sent the plan.', durationMinutes: 0 }, NOW, CHICAGO))
      .toEqual({ note: { contactType: 'letter', contactedAt: '2026-03-09T08:00:00.000Z', narrative: 'Sent the plan.', durationMinutes: 0 } });
  });

  it('knows every contact type of the issue', () => {
    expect(CONTACT_TYPES).toEqual(['phone', 'home-visit', 'office-visit', 'email', 'letter', 'collateral-contact', 'missed-appointment']);
  });

  it('names every failing field at once', () => {
    const result = checkNote({ contactType: 'fax', contactedAt: '2026-03-10T13:30', durationMinutes: '1441', contactedPerson: 'x'.repeat(201), narrative: '   ', followUpOn: '2026-03-09', noteId: 'a/b' }, NOW, CHICAGO);
    expect('refusals' in result && result.refusals.map((refusal) => `${refusal.field}:${refusal.problem}`)).toEqual([
      'noteId:invalid', 'contactType:invalid', 'contactedAt:future', 'durationMinutes:invalid', 'contactedPerson:too-long', 'narrative:missing', 'followUpOn:past',
    ]);
  });

  it.each([
    ['not a date', { contactedAt: 'yesterday' }, 'contactedAt'],
    ['an impossible day', { contactedAt: '2026-02-30T10:00' }, 'contactedAt'],
    ['a negative duration', { durationMinutes: -1 }, 'durationMinutes'],
    ['a fractional duration', { durationMinutes: 1.5 }, 'durationMinutes'],
    ['a follow-up that is not a day', { followUpOn: '12/03/2026' }, 'followUpOn'],
    ['a narrative that is not text', { narrative: 42 }, 'narrative'],
  ])('refuses %s', (_name, change, field) => {
    const result = checkNote({ ...valid, ...change }, NOW, CHICAGO);
    expect('refusals' in result && result.refusals.map((refusal) => refusal.field)).toEqual([field]);
  });

  it('takes today as a follow-up day on the agency\'s clock, not UTC\'s', () => {
    // 03:00 UTC on 11 March is still 10 March in Chicago: 10 March is today there, not the past.
    const lateEvening = new Date('2026-03-11T03:00:00Z');
    expect('note' in checkNote({ ...valid, followUpOn: '2026-03-10' }, lateEvening, CHICAGO)).toBe(true);
    expect('refusals' in checkNote({ ...valid, followUpOn: '2026-03-10' }, lateEvening, 'Europe/Paris')).toBe(true);
  });

  it('reads a local time across a daylight-saving change', () => {
    expect(contactInstant('2026-03-08T03:30', CHICAGO)?.toISOString()).toBe('2026-03-08T08:30:00.000Z');
    expect(contactInstant('2026-03-08T25:30', CHICAGO)).toBeUndefined();
  });
});

describe('refusals in the staff member\'s language', () => {
  it('words each field plainly in en, es, fr and ar, with no schema words', () => {
    const result = checkNote({ contactType: 'fax', contactedAt: '', narrative: '', followUpOn: '2026-03-01' }, NOW, CHICAGO);
    const errors = noteFieldErrors('refusals' in result ? result.refusals : []);
    expect(errors.map((error) => error.pointer)).toEqual(['/contactType', '/contactedAt', '/narrative', '/followUpOn']);
    for (const locale of Object.keys(problemPhrases)) {
      for (const error of errors) {
        const text = wordPhrase(error.phrase, locale);
        expect(text).not.toMatch(/enum|pattern|format|must match|schema|contactType|followUpOn/);
      }
    }
    expect(wordPhrase(errors[3]!.phrase, 'fr')).toBe('Date de suivi : choisissez aujourd\'hui (10 mars 2026) ou un jour ultérieur');
    expect(wordPhrase(errors[0]!.phrase, 'en')).toContain('Type of contact');
  });
});

describe('checkAddendum', () => {
  it('needs words, and an id of the right shape when one is given', () => {
    expect(checkAddendum({ text: '  Corrected: 20 minutes. ' })).toEqual({ addendum: { text: 'Corrected: 20 minutes.' } });
    expect(checkAddendum({ text: '', addendumId: '../x' })).toEqual({ refusals: [{ field: 'addendumId', problem: 'invalid' }, { field: 'text', problem: 'missing' }] });
  });
});

/** A store that keeps items as the table does: put once each, conditional on the key not existing. */
class MemoryNoteStore implements NoteStore {
  readonly notes = new Map<string, CaseNote>();
  readonly addenda = new Map<string, NoteAddendum>();
  readonly audits: AuditRecord[] = [];
  constructor(private readonly cases: readonly CaseRecord[]) {}
  async getCase(agencyId: string, caseId: string) { return this.cases.find((record) => record.agencyId === agencyId && record.caseId === caseId); }
  async getNote(_agencyId: string, caseId: string, noteId: string) { return this.notes.get(`${caseId}/${noteId}`); }
  async commitNote(note: CaseNote, audit: AuditRecord) {
    const key = `${note.caseId}/${note.noteId}`;
    if (this.notes.has(key)) return 'exists' as const;
    this.notes.set(key, note);
    this.audits.push(audit);
    return 'committed' as const;
  }
  async commitAddendum(addendum: NoteAddendum, audit: AuditRecord) {
    const key = `${addendum.noteId}/${addendum.addendumId}`;
    if (this.addenda.has(key)) return 'exists' as const;
    this.addenda.set(key, addendum);
    this.audits.push(audit);
    return 'committed' as const;
  }
}

const CASE_ID = '0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f';
const author: StaffMember = { subject: 'sub-author', agencyId: 'demo', roles: ['intake-worker'], email: 'iw@demo.test' };
const request = { agency: { id: 'demo', timeZone: CHICAGO }, caseId: CASE_ID, staff: author, now: NOW, requestId: 'req-1' };
const managed: CaseRecord = { agencyId: 'demo', caseId: CASE_ID, state: 'active', version: 3, createdAt: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z', caseManager: 'sub-manager' };

describe('recordNote and recordAddendum', () => {
  it('saves a note once: the same id again is refused and the first words stay', async () => {
    const store = new MemoryNoteStore([managed]);
    const first = await recordNote(store, request, { ...valid, noteId: 'note-0001' });
    expect(first).toMatchObject({ outcome: 'created', note: { noteId: 'note-0001', author: 'sub-author', authorEmail: 'iw@demo.test', followUpOwner: 'sub-manager', recordedAt: NOW.toISOString() } });
    const again = await recordNote(store, { ...request, requestId: 'req-2' }, { ...valid, noteId: 'note-0001', narrative: 'Something else.' });
    expect(again).toEqual({ outcome: 'already-saved', noteId: 'note-0001' });
    expect(store.notes.get(`${CASE_ID}/note-0001`)?.narrative).toBe('Called about the appointment.');
    // The audit record names the note, never its words.
    expect(store.audits).toEqual([{ agencyId: 'demo', caseId: CASE_ID, actor: 'sub-author', roles: ['intake-worker'], action: 'note-added', target: 'note-0001', at: NOW.toISOString(), requestId: 'req-1' }]);
    expect(JSON.stringify(store.audits)).not.toContain('appointment');
  });

  it('gives the follow-up to the author when the case has no manager, and none without a follow-up date', async () => {
    const store = new MemoryNoteStore([{ ...managed, caseManager: undefined }]);
    expect(await recordNote(store, request, valid)).toMatchObject({ outcome: 'created', note: { followUpOwner: 'sub-author' } });
    const { followUpOn: _none, ...withoutFollowUp } = valid;
    const plain = await recordNote(store, request, withoutFollowUp);
    expect(plain.outcome === 'created' && plain.note.followUpOwner).toBeUndefined();
  });

  it('refuses a note on a case that does not exist, and an invalid one before reading the case', async () => {
    const store = new MemoryNoteStore([]);
    expect(await recordNote(store, request, valid)).toEqual({ outcome: 'case-not-found' });
    expect((await recordNote(store, request, { ...valid, narrative: '' })).outcome).toBe('invalid');
    expect(store.audits).toEqual([]);
  });

  it('adds an addendum beside the note, which stays as it was', async () => {
    const store = new MemoryNoteStore([managed]);
    await recordNote(store, request, { ...valid, noteId: 'note-0002' });
    const original = structuredClone(store.notes.get(`${CASE_ID}/note-0002`));
    const later = { ...request, now: new Date('2026-03-10T19:00:00Z'), requestId: 'req-3', staff: { ...author, subject: 'sub-other', email: 'other@demo.test' } };
    const added = await recordAddendum(store, later, 'note-0002', { text: 'The call lasted 20 minutes.', addendumId: 'add-0001' });
    expect(added).toMatchObject({ outcome: 'created', addendum: { noteId: 'note-0002', author: 'sub-other', recordedAt: '2026-03-10T19:00:00.000Z' } });
    expect(store.notes.get(`${CASE_ID}/note-0002`)).toEqual(original);
    expect(await recordAddendum(store, later, 'note-0002', { text: 'again', addendumId: 'add-0001' })).toEqual({ outcome: 'already-saved', addendumId: 'add-0001' });
    expect(await recordAddendum(store, later, 'no-such-note', { text: 'x' })).toEqual({ outcome: 'note-not-found' });
    expect(store.audits.at(-1)).toMatchObject({ action: 'addendum-added', target: 'note-0002/add-0001', actor: 'sub-other' });
  });

  it('shows notes newest contact first, each with its addenda oldest first', () => {
    const note = (noteId: string, contactedAt: string) => ({ type: 'note', noteId, caseId: CASE_ID, contactType: 'phone', contactedAt, narrative: noteId, author: 'a', recordedAt: contactedAt });
    const addendum = (addendumId: string, noteId: string, recordedAt: string) => ({ type: 'note-addendum', addendumId, noteId, caseId: CASE_ID, text: addendumId, author: 'a', recordedAt });
    const views = notesOf([note('older', '2026-03-01T10:00:00Z'), addendum('second', 'older', '2026-03-05T00:00:00Z'), note('newer', '2026-03-02T10:00:00Z'), addendum('first', 'older', '2026-03-04T00:00:00Z'), { type: 'case' }]);
    expect(views.map((view) => [view.noteId, view.addenda.map((a) => a.addendumId)])).toEqual([['newer', []], ['older', ['first', 'second']]]);
  });
});

describe('follow-ups', () => {
  afterEach(restoreClock);
  const item = (due: string, kind: FollowUp['kind'] = 'note', caseId = CASE_ID): FollowUp => ({ kind, caseId, due });

  it('sorts into overdue, due today and this week (the seven days from today), soonest first; later ones are left out', () => {
    const buckets = bucketFollowUps([item('2026-03-17'), item('2026-03-16'), item('2026-03-10', 'review'), item('2026-03-09'), item('2026-02-01'), item('2026-03-11')], '2026-03-10');
    expect(buckets.weekEnd).toBe('2026-03-16');
    expect(buckets.overdue.map((f) => f.due)).toEqual(['2026-02-01', '2026-03-09']);
    expect(buckets.dueToday).toEqual([item('2026-03-10', 'review')]);
    expect(buckets.thisWeek.map((f) => f.due)).toEqual(['2026-03-11', '2026-03-16']);
  });

  it('takes today from the agency\'s clock at the test clock\'s time, asks the index only up to the week\'s end, and audits the read', async () => {
    // 02:00 UTC on 13 March is the evening of 12 March in Los Angeles.
    setClock(new Date('2026-03-13T02:00:00Z'));
    const asked: string[] = [];
    const audits: AuditRecord[] = [];
    const reader = {
      async followUps(agencyId: string, owner: string, through: string) { asked.push(`${agencyId}/${owner}/${through}`); return [item('2026-03-12'), item('2026-03-13'), item('2026-03-11', 'review')]; },
      async recordAccess(audit: AuditRecord) { audits.push(audit); },
    };
    const buckets = await myFollowUps(reader, { id: 'harbor', timeZone: 'America/Los_Angeles' }, { ...author, agencyId: 'harbor' }, new Date(), 'req-9');
    expect(asked).toEqual(['harbor/sub-author/2026-03-18']);
    expect(buckets.today).toBe('2026-03-12');
    expect([buckets.overdue.length, buckets.dueToday.length, buckets.thisWeek.length]).toEqual([1, 1, 1]);
    expect(audits).toMatchObject([{ agencyId: 'harbor', caseId: 'agency', action: 'list-follow-ups', actor: 'sub-author' }]);
  });
});
