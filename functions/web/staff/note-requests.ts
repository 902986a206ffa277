import type { AddendumInput } from '../../domain/cases/addendum.ts';
import type { NoteInput } from '../../domain/cases/case-note.ts';
import type { NoteRequest } from '../../domain/cases/record-note.ts';
import type { Agency } from '../../domain/forms/agency.ts';
import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The fields of a note, as a page's form or an API body names them. */
export const NOTE_FIELDS = ['noteId', 'contactType', 'contactedAt', 'durationMinutes', 'contactedPerson', 'narrative', 'followUpOn'] as const;

export function noteInputOf(source: URLSearchParams | Readonly<Record<string, unknown>>): NoteInput {
  const get = (field: string) => (source instanceof URLSearchParams ? source.get(field) ?? undefined : source[field]);
  return Object.fromEntries(NOTE_FIELDS.map((field) => [field, get(field)])) as NoteInput;
}

export function addendumInputOf(source: URLSearchParams | Readonly<Record<string, unknown>>): AddendumInput {
  const get = (field: string) => (source instanceof URLSearchParams ? source.get(field) ?? undefined : source[field]);
  return { addendumId: get('addendumId'), text: get('text') };
}

/** A note request for this staff member on this case of their agency, now. */
export function noteRequestOf(event: APIGatewayProxyEventV2 & { readonly staff: StaffMember }, agency: Agency, caseId: string): NoteRequest {
  return { agency: { id: agency.id, timeZone: agency.timeZone }, caseId, staff: event.staff, now: new Date(), requestId: event.requestContext.requestId };
}
