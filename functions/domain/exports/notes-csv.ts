import { MAX_PAGE, type CaseLister } from '../cases/case-list.ts';
import { notesOf, type NoteView } from '../cases/note-view.ts';
import { csvRecord } from './csv.ts';

export const NOTES_CSV_HEADER = ['case_id', 'note_id', 'record', 'addendum_id', 'contact_type', 'contacted_at', 'duration_minutes', 'contacted_person', 'text', 'follow_up_on', 'author', 'recorded_at'] as const;

/**
 * Every note and addendum of an agency's cases, case by case through the agency's case index (queries, no scan), as
 * agencySubmissions reads submissions: the notes of each case, newest contact first. Read a page of cases at a time as
 * the caller consumes them, so an export holds one page's notes, never the agency's; `reading` hears of each case
 * whose notes are about to be handed over (its export is recorded there).
 */
export async function* agencyNotes(caseStore: CaseLister, agencyId: string, reading: (caseId: string) => Promise<void>): AsyncGenerator<NoteView> {
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await caseStore.listCases({ agencyId, limit: MAX_PAGE, cursor });
    const items = await Promise.all(page.cases.map((record) => caseStore.caseItems(agencyId, record.caseId)));
    for (const [index, caseItems] of items.entries()) {
      const notes = notesOf(caseItems);
      if (notes.length === 0) continue;
      await reading(page.cases[index]!.caseId);
      yield* notes;
    }
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Notes and their addenda as CSV, one row each: a note's row, then its addenda's rows (`record` = addendum, with the
 * note's id), so a correction is read beside what it corrects. Every text cell is formula-injection safe (csv.ts);
 * times are UTC ISO 8601, as the submissions export writes them. A UTF-8 byte order mark lets spreadsheets read accents.
 * Made as the notes arrive, for streamedDownload (web/http/streamed-download.ts).
 */
export async function* notesCsv(notes: AsyncIterable<NoteView>): AsyncGenerator<string> {
  yield `\uFEFF${csvRecord(NOTES_CSV_HEADER)}`;
  for await (const note of notes) {
    yield csvRecord([
      note.caseId, note.noteId, 'note', '', note.contactType, note.contactedAt, note.durationMinutes ?? '', note.contactedPerson ?? '', note.narrative,
      note.followUpOn ?? '', note.authorEmail ?? note.author, note.recordedAt,
    ]);
    for (const addendum of note.addenda) {
      yield csvRecord([note.caseId, note.noteId, 'addendum', addendum.addendumId, '', '', '', '', addendum.text, '', addendum.authorEmail ?? addendum.author, addendum.recordedAt]);
    }
  }
}
