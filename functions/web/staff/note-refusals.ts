import type { AddendumRefusal } from '../../domain/cases/addendum.ts';
import type { NoteRefusal } from '../../domain/cases/case-note.ts';
import { phrase, type Phrase } from '../http/problem-phrases/index.ts';

/** A refused note field as a problem's field error: its JSON pointer, and the sentence naming it in plain words. */
export interface NoteFieldError {
  readonly pointer: string;
  readonly phrase: Phrase;
}

export function noteFieldErrors(refusals: readonly NoteRefusal[]): NoteFieldError[] {
  return refusals.map((refusal) => ({ pointer: `/${refusal.field}`, phrase: notePhrase(refusal) }));
}

export function addendumFieldErrors(refusals: readonly AddendumRefusal[]): NoteFieldError[] {
  return refusals.map((refusal) => ({
    pointer: `/${refusal.field}`,
    phrase: refusal.field === 'addendumId' ? phrase('noteIdInvalid') : refusal.problem === 'missing' ? phrase('addendumTextMissing') : phrase('addendumTextTooLong', refusal.max),
  }));
}

function notePhrase(refusal: NoteRefusal): Phrase {
  switch (refusal.field) {
    case 'noteId': return phrase('noteIdInvalid');
    case 'contactType': return phrase('noteTypeInvalid');
    case 'contactedAt': return refusal.problem === 'future' ? phrase('noteWhenFuture') : phrase('noteWhenInvalid');
    case 'durationMinutes': return phrase('noteDurationInvalid', refusal.max);
    case 'contactedPerson': return phrase('noteContactedTooLong', refusal.max);
    case 'narrative': return refusal.problem === 'missing' ? phrase('noteNarrativeMissing') : phrase('noteNarrativeTooLong', refusal.max);
    case 'followUpOn': return refusal.problem === 'past' ? phrase('noteFollowUpPast', refusal.today) : phrase('noteFollowUpInvalid');
  }
}
