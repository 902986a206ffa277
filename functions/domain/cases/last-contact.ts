import type { CaseNote, ContactType } from './case-note.ts';
import type { CaseRecord } from './case-record.ts';
import { zonedInstant } from './zoned-time.ts';

/**
 * Note types that record no contact made: a missed appointment is an attempt the client did not answer, so it does
 * not reset "last contact" (a case whose only notes are missed appointments is as unreached as one with none).
 */
export const NOT_CONTACTS: readonly ContactType[] = ['missed-appointment'];

export const isContactMade = (note: Pick<CaseNote, 'contactType'>): boolean => !NOT_CONTACTS.includes(note.contactType);

/** The first instant of a calendar day (YYYY-MM-DD) on the agency's clock: "no contact since" counts from it. */
export const startOfAgencyDay = (day: string, timeZone: string): string => zonedInstant(`${day}T00:00:00`, timeZone).toISOString();

/** No contact at or after `since` (a UTC instant), including a case never contacted. */
export const noContactSince = (record: Pick<CaseRecord, 'lastContactAt'>, since: string): boolean =>
  record.lastContactAt === undefined || record.lastContactAt < since;
