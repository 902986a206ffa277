import { recordNote } from '../domain/cases/record-note.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { jsonBody, type JsonBodyEvent } from '../web/http/json-body.ts';
import type { LocaleEvent } from '../web/http/request-locale.ts';
import { Problem } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { jsonResponse } from '../web/http/responses.ts';
import type { StaffEvent } from '../web/staff/staff-auth.ts';
import { staffHandler } from '../web/staff/staff-handler.ts';
import { noteFieldErrors } from '../web/staff/note-refusals.ts';
import { noteInputOf, noteRequestOf } from '../web/staff/note-requests.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { noteKeeping } from '../composition/note-keeping.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /agencies/{agencyId}/cases/{caseId}/notes: a note or contact, saved once and final. A client may name the note
 * (`noteId`) so that sending it again is refused (409) rather than saved twice.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => noteKeeping(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler<StaffEvent & JsonBodyEvent & LocaleEvent>('post-case-note', async (event) => {
    const { catalog, noteStore, queue } = parts();
    const agency = catalog.agency(event.staff.agencyId);
    if (!agency) throw new Problem('notFound', phrase('noSuchResource'));
    const caseId = event.pathParameters?.caseId;
    if (!isPlainCaseId(caseId)) throw new Problem('notFound', phrase('noSuchCase'));
    const result = await recordNote(noteStore, noteRequestOf(event, agency, caseId), noteInputOf(event.jsonBody), queue);
    // Ids and the outcome only: a note's words are client data.
    logger.info('case note', { agencyId: agency.id, caseId, outcome: result.outcome, actor: event.staff.subject, requestId: event.requestContext.requestId });
    switch (result.outcome) {
      case 'created':
        return jsonResponse(201, { note: { ...result.note, addenda: [] } }, { Location: `/agencies/${agency.id}/cases/${caseId}/notes#${result.note.noteId}` });
      case 'case-not-found':
        throw new Problem('notFound', phrase('noSuchCase'));
      case 'invalid':
        throw new Problem('validationFailed', phrase('fieldsNeedAttention', result.refusals.length), noteFieldErrors(result.refusals), { 'Content-Language': event.locale });
      case 'already-saved':
        throw new Problem('conflict', phrase('noteAlreadySaved'), [{ pointer: '/noteId', phrase: phrase('noteAlreadySaved') }], {}, { noteId: result.noteId });
    }
  }, { agencies, sessions, middlewares: [jsonBody()] });
}

export const handler = build();
