import type { StaffMember } from '../../contracts/staff-claims.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import { html } from '../public-pages/html.ts';
import { addendumForm, noteForm, type NoteFormState } from './note-form.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH } from './staff-words.ts';

export interface NoteFormPage {
  /** The page's frame: agency, reader, language (staff-page-handler.ts). */
  readonly chrome: StaffChrome & { readonly staff: StaffMember };
  readonly caseId: string;
  /** A message above the form, e.g. why nothing was saved. */
  readonly message?: string;
}

/** A refused note, shown again with what was typed and each failing field named, to fix and send again. */
export function renderNoteFormPage(page: NoteFormPage, state: NoteFormState): string {
  const { chrome } = page;
  const language = chrome.language ?? ENGLISH;
  const words = language.words('staffNotes');
  const caseHref = `/staff/${chrome.staff.agencyId}/cases/${page.caseId}`;
  const reference = caseReference(page.caseId);
  const title = words.t('page.noteTitle', { reference });
  return staffDocument(title, { ...chrome, current: 'cases' }, html`<p><a href="${caseHref}#notes">${words.t('page.back', { reference })}</a></p>
<h1>${title}</h1>
${page.message ? html`<p>${page.message}</p>` : undefined}
${noteForm(`${caseHref}/notes`, language, state)}`);
}

/** A refused addendum, shown again the same way. */
export function renderAddendumFormPage(page: NoteFormPage & { readonly noteId: string }, state: NoteFormState): string {
  const { chrome } = page;
  const language = chrome.language ?? ENGLISH;
  const words = language.words('staffNotes');
  const caseHref = `/staff/${chrome.staff.agencyId}/cases/${page.caseId}`;
  const reference = caseReference(page.caseId);
  const title = words.t('page.addendumTitle', { reference });
  return staffDocument(title, { ...chrome, current: 'cases' }, html`<p><a href="${caseHref}#note-${page.noteId}">${words.t('page.back', { reference })}</a></p>
<h1>${title}</h1>
${page.message ? html`<p>${page.message}</p>` : undefined}
${addendumForm(`${caseHref}/notes/${page.noteId}/addenda`, words.t('page.theNote'), `addendum-${page.noteId}`, language, state)}`);
}
