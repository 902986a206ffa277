import type { StaffMember } from '../../contracts/staff-claims.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import { html } from '../public-pages/html.ts';
import { addendumForm, noteForm, type NoteFormState } from './note-form.ts';
import { staffDocument } from './staff-layout.ts';

export interface NoteFormPage {
  readonly agencyName: string;
  readonly brandColor?: string;
  readonly staff: StaffMember;
  readonly caseId: string;
  /** A message above the form, e.g. why nothing was saved. */
  readonly message?: string;
}

/** A refused note, shown again with what was typed and each failing field named, to fix and send again. */
export function renderNoteFormPage(page: NoteFormPage, state: NoteFormState): string {
  const caseHref = `/staff/${page.staff.agencyId}/cases/${page.caseId}`;
  const reference = caseReference(page.caseId);
  return staffDocument(`Add a note to case ${reference}`, { agencyName: page.agencyName, brandColor: page.brandColor, staff: page.staff, current: 'cases' }, html`<p><a href="${caseHref}#notes">Back to case ${reference}</a></p>
<h1>Add a note to case ${reference}</h1>
${page.message ? html`<p>${page.message}</p>` : undefined}
${noteForm(`${caseHref}/notes`, state)}`);
}

/** A refused addendum, shown again the same way. */
export function renderAddendumFormPage(page: NoteFormPage & { readonly noteId: string }, state: NoteFormState): string {
  const caseHref = `/staff/${page.staff.agencyId}/cases/${page.caseId}`;
  const reference = caseReference(page.caseId);
  return staffDocument(`Add an addendum on case ${reference}`, { agencyName: page.agencyName, brandColor: page.brandColor, staff: page.staff, current: 'cases' }, html`<p><a href="${caseHref}#note-${page.noteId}">Back to case ${reference}</a></p>
<h1>Add an addendum on case ${reference}</h1>
${page.message ? html`<p>${page.message}</p>` : undefined}
${addendumForm(`${caseHref}/notes/${page.noteId}/addenda`, 'the note', `addendum-${page.noteId}`, state)}`);
}
