import type { NoteAddendum } from './addendum.ts';
import type { CaseNote } from './case-note.ts';

/** A note as staff read it: the note as saved, and its addenda, oldest first. */
export type NoteView = CaseNote & { readonly addenda: readonly NoteAddendum[] };

const NOTE_FIELDS = ['noteId', 'agencyId', 'caseId', 'contactType', 'contactedAt', 'durationMinutes', 'contactedPerson', 'narrative', 'followUpOn', 'followUpOwner', 'followUpOwnerEmail', 'followUpDoneAt', 'followUpDoneBy', 'author', 'authorEmail', 'recordedAt'] as const;
const ADDENDUM_FIELDS = ['addendumId', 'noteId', 'agencyId', 'caseId', 'text', 'author', 'authorEmail', 'recordedAt'] as const;

const pick = (item: Readonly<Record<string, unknown>>, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));

export const NOTE_TYPE = 'note';
export const ADDENDUM_TYPE = 'note-addendum';

/** A stored note item's note, without the keys storage adds. */
export const noteOf = (item: Readonly<Record<string, unknown>>): CaseNote => pick(item, NOTE_FIELDS) as unknown as CaseNote;
export const addendumOf = (item: Readonly<Record<string, unknown>>): NoteAddendum => pick(item, ADDENDUM_FIELDS) as unknown as NoteAddendum;

/** The case's notes from its stored items, newest contact first, each with its addenda oldest first. */
export function notesOf(items: readonly Readonly<Record<string, unknown>>[]): NoteView[] {
  const addenda = items.filter((item) => item.type === ADDENDUM_TYPE).map(addendumOf).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  return items
    .filter((item) => item.type === NOTE_TYPE)
    .map(noteOf)
    .sort((a, b) => b.contactedAt.localeCompare(a.contactedAt) || b.recordedAt.localeCompare(a.recordedAt))
    .map((note) => ({ ...note, addenda: addenda.filter((addendum) => addendum.noteId === note.noteId) }));
}
