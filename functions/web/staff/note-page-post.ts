import type { FormBodyEvent } from '../http/form-body.ts';
import type { HttpResponse } from '../http/responses.ts';
import { sameOrigin } from '../http/same-origin.ts';
import { wordPhrase } from '../http/problem-phrases/index.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import type { StaffChrome } from '../staff-pages/staff-layout.ts';
import type { PageFieldError } from '../staff-pages/note-form.ts';
import { staffPageMessage } from './staff-page-handler.ts';
import type { NoteFieldError } from './note-refusals.ts';

/**
 * What every notes post refuses before reading it, as the staff form post does: a body that is not the page's form,
 * one too large, and one another site's page made a signed-in browser send (the session cookie is SameSite=Lax too).
 */
export function refusedNotePost(event: FormBodyEvent, chrome: StaffChrome): HttpResponse | undefined {
  const { isForm, tooLarge } = event.formBody;
  if (!isForm) return staffPageMessage(415, chrome, 'Not saved', 'The note must be sent from its page.');
  if (tooLarge) return staffPageMessage(413, chrome, 'Not saved', 'The note is larger than the service accepts.');
  if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
    return staffPageMessage(403, chrome, 'Not saved', 'The request did not come from a caseforms page.');
  }
  return undefined;
}

/** Field errors worded in the staff member's language, for the page. */
export const pageErrors = (errors: readonly NoteFieldError[], locale: string): PageFieldError[] =>
  errors.map((error) => ({ pointer: error.pointer, message: wordPhrase(error.phrase, locale) }));

export const INACTIVITY_MESSAGE = 'You were signed out for inactivity, so this was not saved. What you wrote is below: sign in again in another tab, then send it again.';
