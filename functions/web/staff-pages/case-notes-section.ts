import type { StaffMember } from '../../contracts/staff-claims.ts';
import { NOTE_WRITERS } from '../../contracts/roles.ts';
import type { NoteView } from '../../domain/cases/note-view.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { contactTypeLabel } from './contact-types.ts';
import { agencyClock } from './local-time.ts';
import { addendumForm, noteForm } from './note-form.ts';
import type { StaffLanguage } from './staff-words.ts';

export interface NotesSection {
  readonly staff: StaffMember;
  readonly caseId: string;
  readonly notes: readonly NoteView[];
  readonly timeZone: string;
  /** The reader's language (staff-page-handler.ts). */
  readonly language: StaffLanguage;
  /** After a post: the note or addendum was saved, or had been saved already. */
  readonly notice?: 'saved' | 'addendum-saved' | 'already-saved';
}

const NOTICES = {
  saved: 'notice.saved',
  'addendum-saved': 'notice.addendumSaved',
  'already-saved': 'notice.alreadySaved',
} as const;

/** The notice a `?note=` query asks for, if it names one. */
export function noteNotice(query: string | undefined): Pick<NotesSection, 'notice'> {
  return query !== undefined && Object.hasOwn(NOTICES, query) ? { notice: query as keyof typeof NOTICES } : {};
}

export const mayWriteNotes = (staff: StaffMember) => staff.roles.some((role) => NOTE_WRITERS.includes(role));

/** "Notes and contacts" on the case page: the form to add one, then the notes, newest contact first, each with its addenda. */
export function caseNotesSection(section: NotesSection): SafeHtml {
  const { staff, notes, timeZone, language } = section;
  const words = language.words('staffNotes');
  const base = `/staff/${staff.agencyId}/cases/${section.caseId}/notes`;
  const who = (subject: string, email: string | undefined) => (subject === staff.subject ? (email ? words.t('youWithEmail', { email }) : words.t('you')) : email ?? words.t('someoneElse'));
  const writes = mayWriteNotes(staff);
  return html`<section aria-labelledby="notes">
<h2 id="notes">${words.t('heading')}</h2>
${section.notice ? html`<div class="notice" role="status"><p>${words.t(NOTICES[section.notice])}</p></div>` : undefined}
${writes ? html`<details class="add-note"${notes.length === 0 ? html` open` : undefined}><summary>${words.t('add')}</summary>${noteForm(base, language)}</details>` : html`<p>${words.t('readOnly')}</p>`}
${notes.length === 0 ? html`<p>${words.t('none')}</p>` : html`<ol class="notes">${notes.map((note) => {
    const label = words.t('title', { type: contactTypeLabel(note.contactType, language), when: agencyClock(note.contactedAt, timeZone) });
    return html`<li id="note-${note.noteId}"><article aria-labelledby="note-${note.noteId}-title">
<h3 id="note-${note.noteId}-title">${label}</h3>
<dl class="facts">
<dt>${words.t('recorded')}</dt><dd>${words.t('by', { when: agencyClock(note.recordedAt, timeZone), who: who(note.author, note.authorEmail) })}</dd>
${note.durationMinutes === undefined ? undefined : html`<dt>${words.t('duration')}</dt><dd>${words.n('minutes', note.durationMinutes)}</dd>`}
${note.contactedPerson ? html`<dt>${words.t('contactedPerson')}</dt><dd>${note.contactedPerson}</dd>` : undefined}
${note.followUpOn ? html`<dt>${words.t('followUpOn')}</dt><dd>${note.followUpOn}</dd>` : undefined}
</dl>
<p class="narrative">${note.narrative}</p>
${note.addenda.length > 0 ? html`<h4>${words.t('addenda')}</h4><ol class="addenda">${note.addenda.map((addendum) => html`<li><p>${addendum.text}</p><p class="help">${words.t('addedBy', { when: agencyClock(addendum.recordedAt, timeZone), who: who(addendum.author, addendum.authorEmail) })}</p></li>`)}</ol>` : undefined}
${writes ? html`<details><summary>${words.t('addAddendum')}<span class="visually-hidden"> ${words.t('addAddendum.to', { note: label })}</span></summary>${addendumForm(`${base}/${note.noteId}/addenda`, label, `addendum-${note.noteId}`, language)}</details>` : undefined}
</article></li>`;
  })}</ol>`}
</section>`;
}
