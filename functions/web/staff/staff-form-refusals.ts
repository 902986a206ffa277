import type { Form } from '../../domain/forms/catalog.ts';
import { staffFormRoles } from '../../domain/forms/form-roles.ts';
import type { HttpResponse } from '../http/responses.ts';
import type { StaffChrome } from '../staff-pages/staff-layout.ts';
import { ENGLISH, type WordKey } from '../staff-pages/staff-words.ts';
import { caseWords } from '../staff-pages/case-words.ts';
import { staffPageMessage } from './staff-page-handler.ts';

type FormWord = WordKey<'staffForm'>;

/** A staff form's page refusing the request: a heading and a sentence from `staffForm`, in the reader's language. */
export function staffFormRefusal(status: number, chrome: StaffChrome, title: FormWord, message: FormWord, values?: Readonly<Record<string, string>>): HttpResponse {
  const words = (chrome.language ?? ENGLISH).words('staffForm');
  return staffPageMessage(status, chrome, words.t(title), words.t(message, values));
}

/** What staff see for a form that did not load: not their mistake, and nothing they can fix from the page. */
export const staffFormUnavailable = (chrome: StaffChrome) => staffFormRefusal(503, chrome, 'unavailable.title', 'unavailable.message');

export const noSuchStaffForm = (chrome: StaffChrome) => staffFormRefusal(404, chrome, 'notFound.title', 'notFound.message');

/** A staff form the signed-in roles may not open or send (its `x-caseforms.roles`, or the default for its kind): 403. */
export function formNotAllowed(chrome: StaffChrome, form: Form, formTitle: string): HttpResponse {
  const roles = caseWords(chrome.language ?? ENGLISH, undefined);
  return staffFormRefusal(403, chrome, 'notAllowed.title', 'notAllowed.message', { form: formTitle, roles: staffFormRoles(form).map(roles.role).join(', ') });
}

/** The case's state in words: a form the case cannot take now. */
export function stateRefusal(status: number, chrome: StaffChrome, title: FormWord, message: FormWord, state: string): HttpResponse {
  return staffFormRefusal(status, chrome, title, message, { state: caseWords(chrome.language ?? ENGLISH, undefined).state(state) });
}
