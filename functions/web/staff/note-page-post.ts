import type { AddendumRefusal } from '../../domain/cases/addendum.ts';
import type { NoteRefusal } from '../../domain/cases/case-note.ts';
import { calendarDate } from '../../domain/forms/calendar-date.ts';
import type { FormBodyEvent } from '../http/form-body.ts';
import type { HttpResponse } from '../http/responses.ts';
import { sameOrigin } from '../http/same-origin.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import type { StaffChrome } from '../staff-pages/staff-layout.ts';
import type { PageFieldError } from '../staff-pages/note-form.ts';
import { ENGLISH, type StaffLanguage } from '../staff-pages/staff-words.ts';
import { staffPageMessage } from './staff-page-handler.ts';

/**
 * What every notes post refuses before reading it, as the staff form post does: a body that is not the page's form,
 * one too large, and one another site's page made a signed-in browser send (the session cookie is SameSite=Lax too).
 */
export function refusedNotePost(event: FormBodyEvent, chrome: StaffChrome): HttpResponse | undefined {
  const words = (chrome.language ?? ENGLISH).words('staffNotes');
  const { isForm, tooLarge } = event.formBody;
  if (!isForm) return staffPageMessage(415, chrome, words.t('refused.title'), words.t('refused.notForm'));
  if (tooLarge) return staffPageMessage(413, chrome, words.t('refused.title'), words.t('refused.tooLarge'));
  if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
    return staffPageMessage(403, chrome, words.t('refused.title'), words.t('refused.otherSite'));
  }
  return undefined;
}

/**
 * A refused note's fields in the page's words (the JSON API words the same refusals as problem phrases, in
 * note-refusals.ts). The hidden id is not something staff typed: its refusal asks for a fresh form instead.
 */
export function notePageErrors(refusals: readonly NoteRefusal[], language: StaffLanguage): PageFieldError[] {
  const words = language.words('staffNotes');
  const message = (refusal: NoteRefusal): string => {
    switch (refusal.field) {
      case 'noteId': return words.t('error.formId');
      case 'contactType': return words.t('error.contactType');
      case 'contactedAt': return refusal.problem === 'future' ? words.t('error.whenFuture') : words.t('error.when');
      case 'durationMinutes': return words.t('error.duration', { max: refusal.max });
      case 'contactedPerson': return words.t('error.contactedPerson', { max: refusal.max });
      case 'narrative': return refusal.problem === 'missing' ? words.t('error.narrativeMissing') : words.t('error.narrativeTooLong', { max: refusal.max });
      case 'followUpOn': return refusal.problem === 'past' ? words.t('error.followUpPast', { today: calendarDate(refusal.today, language.locale) }) : words.t('error.followUpInvalid');
    }
  };
  return refusals.map((refusal) => ({ pointer: `/${refusal.field}`, message: message(refusal) }));
}

export function addendumPageErrors(refusals: readonly AddendumRefusal[], language: StaffLanguage): PageFieldError[] {
  const words = language.words('staffNotes');
  return refusals.map((refusal) => ({
    pointer: `/${refusal.field}`,
    message: refusal.field === 'addendumId' ? words.t('error.formId') : refusal.problem === 'missing' ? words.t('error.addendumMissing') : words.t('error.addendumTooLong', { max: refusal.max }),
  }));
}
