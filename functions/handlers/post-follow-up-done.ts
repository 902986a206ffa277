import { markFollowUpDone } from '../domain/cases/follow-up-done.ts';
import { isNoteId } from '../domain/cases/case-note.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { Problem } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { staffHandler } from '../web/staff/staff-handler.ts';
import { noteRequestOf } from '../web/staff/note-requests.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { noteKeeping } from '../composition/note-keeping.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /agencies/{agencyId}/cases/{caseId}/notes/{noteId}/follow-up-done: the note's follow-up is done. It leaves
 * "my follow-ups", its reminder is not sent if it has not been, and the note itself stays as saved. No body: marking
 * it again answers the first marking, unchanged.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => noteKeeping(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler('post-follow-up-done', async (event) => {
    const { catalog, noteStore } = parts();
    const agency = catalog.agency(event.staff.agencyId);
    if (!agency) throw new Problem('notFound', phrase('noSuchResource'));
    const { caseId, noteId } = event.pathParameters ?? {};
    if (!isPlainCaseId(caseId) || !isNoteId(noteId)) throw new Problem('notFound', phrase('noSuchNote'));
    const result = await markFollowUpDone(noteStore, noteRequestOf(event, agency, caseId), noteId);
    logger.info('follow-up done', { agencyId: agency.id, caseId, outcome: result.outcome, actor: event.staff.subject, requestId: event.requestContext.requestId });
    switch (result.outcome) {
      case 'done':
      case 'already-done': {
        const { outcome, ...marked } = result;
        return jsonResponse(200, { ...marked, alreadyDone: outcome === 'already-done' });
      }
      case 'note-not-found':
        throw new Problem('notFound', phrase('noSuchNote'));
      case 'no-follow-up':
        throw new Problem('conflict', phrase('noteHasNoFollowUp'));
    }
  }, { agencies, sessions });
}

export const handler = build();
