import { localDate } from './notice-period.ts';
import { zonedInstant } from './zoned-time.ts';

/** The kinds of contact staff record, a fixed list (issue 20): a note names one. */
export const CONTACT_TYPES = ['phone', 'home-visit', 'office-visit', 'email', 'letter', 'collateral-contact', 'missed-appointment'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export const MAX_DURATION_MINUTES = 1440;
export const MAX_CONTACTED_LENGTH = 200;
export const MAX_NARRATIVE_LENGTH = 10_000;

/**
 * A case note or contact, final once saved: a correction is an addendum (addendum.ts), never an edit. The narrative
 * and who was contacted are client data: they are stored and shown to staff, and never logged or put in an audit record.
 */
export interface CaseNote {
  readonly noteId: string;
  readonly agencyId: string;
  readonly caseId: string;
  readonly contactType: ContactType;
  /** When the contact happened (UTC instant). */
  readonly contactedAt: string;
  readonly durationMinutes?: number;
  readonly contactedPerson?: string;
  readonly narrative: string;
  /** A calendar day (YYYY-MM-DD, the agency's) to follow up on: it joins the owner's follow-ups (follow-ups.ts). */
  readonly followUpOn?: string;
  /** Whose follow-up it is: the case's manager when the note was saved, else its author. */
  readonly followUpOwner?: string;
  /** Where the follow-up's reminder goes (follow-up-reminders.ts): the owner's address when the note was saved. */
  readonly followUpOwnerEmail?: string;
  /**
   * Marked done (follow-up-done.ts): when, and by whom. Recorded beside the note, which stays as saved; a done
   * follow-up leaves "my follow-ups" and its reminder is not sent.
   */
  readonly followUpDoneAt?: string;
  readonly followUpDoneBy?: string;
  readonly author: string;
  readonly authorEmail?: string;
  /** When it was saved (UTC instant): from then on it does not change. */
  readonly recordedAt: string;
}

/** What a staff member sends: strings from a page's fields or values from JSON, checked here. */
export interface NoteInput {
  readonly noteId?: unknown;
  readonly contactType?: unknown;
  readonly contactedAt?: unknown;
  readonly durationMinutes?: unknown;
  readonly contactedPerson?: unknown;
  readonly narrative?: unknown;
  readonly followUpOn?: unknown;
}

export type NoteField = 'noteId' | 'contactType' | 'contactedAt' | 'durationMinutes' | 'contactedPerson' | 'narrative' | 'followUpOn';

/** One field's refusal, as the web layer words it in the staff member's language (problem phrases). */
export type NoteRefusal =
  | { readonly field: 'noteId'; readonly problem: 'invalid' }
  | { readonly field: 'contactType'; readonly problem: 'invalid'; readonly types: readonly string[] }
  | { readonly field: 'contactedAt'; readonly problem: 'invalid' }
  | { readonly field: 'contactedAt'; readonly problem: 'future' }
  | { readonly field: 'durationMinutes'; readonly problem: 'invalid'; readonly max: number }
  | { readonly field: 'contactedPerson'; readonly problem: 'too-long'; readonly max: number }
  | { readonly field: 'narrative'; readonly problem: 'missing' }
  | { readonly field: 'narrative'; readonly problem: 'too-long'; readonly max: number }
  | { readonly field: 'followUpOn'; readonly problem: 'invalid' }
  | { readonly field: 'followUpOn'; readonly problem: 'past'; readonly today: string };

/** The fields a note is made of, in the order its refusals are listed. */
export type CheckedNote = Pick<CaseNote, 'contactType' | 'contactedAt' | 'durationMinutes' | 'contactedPerson' | 'narrative' | 'followUpOn'> & { readonly noteId?: string };

/** Ids a client may choose for its note (so that sending it twice is refused, not saved twice): 8–64 letters, digits, hyphens. */
const NOTE_ID = /^[A-Za-z0-9-]{8,64}$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date and time with an offset (API clients), or without one: then on the agency's clock (a page's datetime-local field). */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

export const isNoteId = (value: unknown): value is string => typeof value === 'string' && NOTE_ID.test(value);

/** A real calendar day (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The instant a date and time names, with no offset read on the agency's clock; undefined for anything else. */
export function contactInstant(value: string, timeZone: string): Date | undefined {
  const match = DATE_TIME.exec(value);
  if (!match || !isCalendarDate(match[1]!)) return undefined;
  const [, date, hourMinute, seconds, offset] = match;
  const [hour, minute] = hourMinute!.split(':').map(Number) as [number, number];
  if (hour > 23 || minute > 59) return undefined;
  if (offset) {
    const instant = new Date(value);
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  return zonedInstant(`${date}T${hourMinute}${(seconds ?? ':00').slice(0, 3)}`, timeZone);
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * Checks a note as sent: the type from the fixed list; when it happened, not after `now`; a duration of whole minutes
 * from 0 to a day; who was contacted, free text; a narrative; a follow-up day not before today on the agency's clock.
 * Every failing field is named, so the staff member can fix them all at once.
 */
export function checkNote(input: NoteInput, now: Date, timeZone: string): { readonly note: CheckedNote } | { readonly refusals: readonly NoteRefusal[] } {
  const refusals: NoteRefusal[] = [];
  const noteId = blankToUndefined(input.noteId);
  if (noteId !== undefined && !isNoteId(noteId)) refusals.push({ field: 'noteId', problem: 'invalid' });

  const contactType = input.contactType;
  if (!(CONTACT_TYPES as readonly unknown[]).includes(contactType)) refusals.push({ field: 'contactType', problem: 'invalid', types: CONTACT_TYPES });

  const contactedAt = typeof input.contactedAt === 'string' ? contactInstant(input.contactedAt.trim(), timeZone) : undefined;
  if (!contactedAt) refusals.push({ field: 'contactedAt', problem: 'invalid' });
  else if (contactedAt.getTime() > now.getTime()) refusals.push({ field: 'contactedAt', problem: 'future' });

  const durationText = blankToUndefined(input.durationMinutes);
  const duration = typeof durationText === 'string' && /^\d{1,4}$/.test(durationText.trim()) ? Number(durationText) : durationText;
  const durationOk = duration === undefined || (typeof duration === 'number' && Number.isInteger(duration) && duration >= 0 && duration <= MAX_DURATION_MINUTES);
  if (!durationOk) refusals.push({ field: 'durationMinutes', problem: 'invalid', max: MAX_DURATION_MINUTES });

  const contactedPerson = blankToUndefined(input.contactedPerson);
  if (contactedPerson !== undefined && (typeof contactedPerson !== 'string' || contactedPerson.length > MAX_CONTACTED_LENGTH)) {
    refusals.push({ field: 'contactedPerson', problem: 'too-long', max: MAX_CONTACTED_LENGTH });
  }

  const narrative = typeof input.narrative === 'string' ? input.narrative.trim() : '';
  if (narrative === '') refusals.push({ field: 'narrative', problem: 'missing' });
  else if (narrative.length > MAX_NARRATIVE_LENGTH) refusals.push({ field: 'narrative', problem: 'too-long', max: MAX_NARRATIVE_LENGTH });

  const followUpOn = blankToUndefined(input.followUpOn);
  const today = localDate(now, timeZone);
  if (followUpOn !== undefined && (typeof followUpOn !== 'string' || !isCalendarDate(followUpOn))) refusals.push({ field: 'followUpOn', problem: 'invalid' });
  else if (typeof followUpOn === 'string' && followUpOn < today) refusals.push({ field: 'followUpOn', problem: 'past', today });

  if (refusals.length > 0) return { refusals };
  return {
    note: {
      ...(typeof noteId === 'string' ? { noteId } : {}),
      contactType: contactType as ContactType,
      contactedAt: contactedAt!.toISOString(),
      ...(typeof duration === 'number' ? { durationMinutes: duration } : {}),
      ...(typeof contactedPerson === 'string' ? { contactedPerson: contactedPerson.trim() } : {}),
      narrative,
      ...(typeof followUpOn === 'string' ? { followUpOn } : {}),
    },
  };
}
