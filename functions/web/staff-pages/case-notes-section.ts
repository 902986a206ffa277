import type { StaffMember } from '../../contracts/staff-claims.ts';
import { NOTE_WRITERS } from '../../contracts/roles.ts';
import type { NoteView } from '../../domain/cases/note-view.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { contactTypeLabel } from './contact-types.ts';
import { agencyClock } from './local-time.ts';
import { addendumForm, noteForm } from './note-form.ts';

export interface NotesSection {
  readonly staff: StaffMember;
  readonly caseId: string;
  readonly notes: readonly NoteView[];
  readonly timeZone: string;
  /** After a post: the note or addendum was saved, or had been saved already. */
  readonly notice?: 'saved' | 'addendum-saved' | 'already-saved';
}

const NOTICES = {
  saved: 'Note saved.',
  'addendum-saved': 'Addendum saved.',
  'already-saved': 'This was already saved: it was not saved twice.',
} as const;

/** The notice a `?note=` query asks for, if it names one. */
export function noteNotice(query: string | undefined): Pick<NotesSection, 'notice'> {
  return query !== undefined && Object.hasOwn(NOTICES, query) ? { notice: query as keyof typeof NOTICES } : {};
}

export const mayWriteNotes = (staff: StaffMember) => staff.roles.some((role) => NOTE_WRITERS.includes(role));

/** "Notes and contacts" on the case page: the form to add one, then the notes, newest contact first, each with its addenda. */
export function caseNotesSection(section: NotesSection): SafeHtml {
  const { staff, notes, timeZone } = section;
  const base = `/staff/${staff.agencyId}/cases/${section.caseId}/notes`;
  const who = (subject: string, email: string | undefined) => (subject === staff.subject ? `you${email ? ` (${email})` : ''}` : email ?? 'another staff member');
  const writes = mayWriteNotes(staff);
  return html`<section aria-labelledby="notes">
<h2 id="notes">Notes and contacts</h2>
${section.notice ? html`<div class="notice" role="status"><p>${NOTICES[section.notice]}</p></div>` : undefined}
${writes ? html`<details class="add-note"${notes.length === 0 ? html` open` : undefined}><summary>Add a note or contact</summary>${noteForm(base)}</details>` : html`<p>Your role may read notes but not add them.</p>`}
${notes.length === 0 ? html`<p>No notes yet.</p>` : html`<ol class="notes">${notes.map((note) => {
    const label = `${contactTypeLabel(note.contactType)}, ${agencyClock(note.contactedAt, timeZone)}`;
    return html`<li id="note-${note.noteId}"><article aria-labelledby="note-${note.noteId}-title">
<h3 id="note-${note.noteId}-title">${label}</h3>
<dl class="facts">
<dt>Recorded</dt><dd>${agencyClock(note.recordedAt, timeZone)} by ${who(note.author, note.authorEmail)}</dd>
${note.durationMinutes === undefined ? undefined : html`<dt>Duration</dt><dd>${note.durationMinutes} min</dd>`}
${note.contactedPerson ? html`<dt>Who was contacted</dt><dd>${note.contactedPerson}</dd>` : undefined}
${note.followUpOn ? html`<dt>Follow up on</dt><dd>${note.followUpOn}</dd>` : undefined}
</dl>
<p class="narrative">${note.narrative}</p>
${note.addenda.length > 0 ? html`<h4>Addenda</h4><ol class="addenda">${note.addenda.map((addendum) => html`<li><p>${addendum.text}</p><p class="help">Added ${agencyClock(addendum.recordedAt, timeZone)} by ${who(addendum.author, addendum.authorEmail)}</p></li>`)}</ol>` : undefined}
${writes ? html`<details><summary>Add an addendum<span class="visually-hidden"> to ${label}</span></summary>${addendumForm(`${base}/${note.noteId}/addenda`, label, `addendum-${note.noteId}`)}</details>` : undefined}
</article></li>`;
  })}</ol>`}
</section>`;
}
