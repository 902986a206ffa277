import { fieldPointer, type ErrorLanguage } from '../forms/error-language.ts';
import { errorMessagesFor } from '../forms/error-messages/index.ts';
import type { FieldError } from '../forms/validator.ts';
import { MAX_FILES_PER_SUBMISSION, type LinkRefusal } from '../uploads/upload-links.ts';

/** Why files could not be linked, worded as validation errors are: the question's title, then what to do. */
export function uploadLinkErrors(refusals: readonly LinkRefusal[], language: ErrorLanguage): FieldError[] {
  const messages = errorMessagesFor(language.locale);
  return refusals.map(({ pointer, reason }) => {
    const text = reason === 'not-found' ? messages.upload.notFound
      : reason === 'already-sent' ? messages.upload.alreadySent
      : reason === 'infected' ? messages.upload.infected
      : reason === 'twice' ? messages.upload.twice
      : messages.upload.tooManyInForm(MAX_FILES_PER_SUBMISSION);
    const title = language.title(fieldPointer(pointer));
    return { pointer, message: title ? messages.joinTitle(title, text) : text.charAt(0).toLocaleUpperCase() + text.slice(1) };
  });
}
