import { markFollowUpDone } from '../domain/cases/follow-up-done.ts';
import { isNoteId } from '../domain/cases/case-note.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { followUpsPageAfter, refusedFollowUpDonePost } from '../web/staff/follow-up-done-post.ts';
import { noteRequestOf } from '../web/staff/note-requests.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { noteKeeping } from '../composition/note-keeping.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /staff/{agencyId}/cases/{caseId}/notes/{noteId}/follow-up-done: "Mark done" on the My follow-ups page, as the
 * API's POST …/follow-up-done. Back to the list, where the follow-up no longer shows.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => noteKeeping(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler<FormBodyEvent>('staff-follow-up-done', async (event) => {
    const { staff } = event;
    const { chrome } = event;
    const words = event.language.words('staffFollowUps');
    const common = event.language.words('staff');
    const refused = refusedFollowUpDonePost(event, chrome);
    if (refused) return refused;
    const { catalog, noteStore } = parts();
    const agency = catalog.agency(staff.agencyId)!;
    const { caseId, noteId } = event.pathParameters ?? {};
    if (!isPlainCaseId(caseId) || !isNoteId(noteId)) return staffPageMessage(404, chrome, common.t('notFound.title'), words.t('noSuchNote'));
    const result = await markFollowUpDone(noteStore, noteRequestOf(event, agency, caseId), noteId);
    logger.info('follow-up done', { agencyId: agency.id, caseId, outcome: result.outcome, actor: staff.subject, channel: 'page', requestId: event.requestContext.requestId });
    switch (result.outcome) {
      case 'done':
      case 'already-done':
        return redirect(followUpsPageAfter(agency.id, result.outcome));
      case 'note-not-found':
        return staffPageMessage(404, chrome, common.t('notFound.title'), words.t('noSuchNote'));
      case 'no-follow-up':
        return staffPageMessage(409, chrome, words.t('noFollowUp.title'), words.t('noFollowUp'));
    }
  }, { ...pageDeps }, [formBody()]);
}

export const handler = build();
