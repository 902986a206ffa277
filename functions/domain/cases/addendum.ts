import { isNoteId, MAX_NARRATIVE_LENGTH } from './case-note.ts';

/**
 * A correction or later word on a saved note: its own record, pointing at the note, with its author and time. The
 * note it adds to is never changed (clinical documentation practice: the original stays readable as it was).
 */
export interface NoteAddendum {
  readonly addendumId: string;
  readonly noteId: string;
  readonly agencyId: string;
  readonly caseId: string;
  readonly text: string;
  readonly author: string;
  readonly authorEmail?: string;
  readonly recordedAt: string;
}

export interface AddendumInput {
  readonly addendumId?: unknown;
  readonly text?: unknown;
}

export type AddendumRefusal =
  | { readonly field: 'addendumId'; readonly problem: 'invalid' }
  | { readonly field: 'text'; readonly problem: 'missing' }
  | { readonly field: 'text'; readonly problem: 'too-long'; readonly max: number };

export function checkAddendum(input: AddendumInput): { readonly addendum: { readonly addendumId?: string; readonly text: string } } | { readonly refusals: readonly AddendumRefusal[] } {
  const refusals: AddendumRefusal[] = [];
  const addendumId = typeof input.addendumId === 'string' && input.addendumId.trim() === '' ? undefined : input.addendumId;
  if (addendumId !== undefined && !isNoteId(addendumId)) refusals.push({ field: 'addendumId', problem: 'invalid' });
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (text === '') refusals.push({ field: 'text', problem: 'missing' });
  else if (text.length > MAX_NARRATIVE_LENGTH) refusals.push({ field: 'text', problem: 'too-long', max: MAX_NARRATIVE_LENGTH });
  if (refusals.length > 0) return { refusals };
  return { addendum: { ...(typeof addendumId === 'string' ? { addendumId } : {}), text } };
}
