import { recordAddendum } from '../domain/cases/record-note.ts';
import { isNoteId } from '../domain/cases/case-note.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { jsonBody, type JsonBodyEvent } from '../web/http/json-body.ts';
import type { LocaleEvent } from '../web/http/request-locale.ts';
import { Problem } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { jsonResponse } from '../web/http/responses.ts';
import type { StaffEvent } from '../web/staff/staff-auth.ts';
import { staffHandler } from '../web/staff/staff-handler.ts';
import { addendumFieldErrors } from '../web/staff/note-refusals.ts';
import { addendumInputOf, noteRequestOf } from '../web/staff/note-requests.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { noteKeeping } from '../composition/note-keeping.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** POST /agencies/{agencyId}/cases/{caseId}/notes/{noteId}/addenda: a correction or addition to a saved note, which stays as it was. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => noteKeeping(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler<StaffEvent & JsonBodyEvent & LocaleEvent>('post-note-addendum', async (event) => {
    const { catalog, noteStore } = parts();
    const agency = catalog.agency(event.staff.agencyId);
    if (!agency) throw new Problem('notFound', phrase('noSuchResource'));
    const { caseId, noteId } = event.pathParameters ?? {};
    if (!isPlainCaseId(caseId) || !isNoteId(noteId)) throw new Problem('notFound', phrase('noSuchNote'));
    const result = await recordAddendum(noteStore, noteRequestOf(event, agency, caseId), noteId, addendumInputOf(event.jsonBody));
    logger.info('note addendum', { agencyId: agency.id, caseId, outcome: result.outcome, actor: event.staff.subject, requestId: event.requestContext.requestId });
    switch (result.outcome) {
      case 'created':
        return jsonResponse(201, { addendum: result.addendum });
      case 'note-not-found':
        throw new Problem('notFound', phrase('noSuchNote'));
      case 'invalid':
        throw new Problem('validationFailed', phrase('fieldsNeedAttention', result.refusals.length), addendumFieldErrors(result.refusals), { 'Content-Language': event.locale });
      case 'already-saved':
        throw new Problem('conflict', phrase('addendumAlreadySaved'), [{ pointer: '/addendumId', phrase: phrase('addendumAlreadySaved') }], {}, { addendumId: result.addendumId });
    }
  }, { agencies, sessions, middlewares: [jsonBody()] });
}

export const handler = build();
