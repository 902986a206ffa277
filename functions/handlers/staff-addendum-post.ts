import { recordAddendum } from '../domain/cases/record-note.ts';
import { isNoteId } from '../domain/cases/case-note.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { addendumInputOf, noteRequestOf } from '../web/staff/note-requests.ts';
import { addendumPageErrors, refusedNotePost } from '../web/staff/note-page-post.ts';
import { renderAddendumFormPage } from '../web/staff-pages/note-form-page.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { noteKeeping } from '../composition/note-keeping.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** POST /staff/{agencyId}/cases/{caseId}/notes/{noteId}/addenda: an addendum from the case page; the note stays as it was. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => noteKeeping(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler<FormBodyEvent>('staff-addendum-post', async (event) => {
    const { staff } = event;
    const chrome = { ...event.chrome, staff };
    const words = event.language.words('staffNotes');
    const general = event.language.words('staff');
    const refused = refusedNotePost(event, chrome);
    if (refused) return refused;
    const { catalog, noteStore } = parts();
    const agency = catalog.agency(staff.agencyId)!;
    const { caseId, noteId } = event.pathParameters ?? {};
    if (!isPlainCaseId(caseId) || !isNoteId(noteId)) return staffPageMessage(404, chrome, general.t('notFound.title'), words.t('noSuchNote'));
    const { params } = event.formBody;
    const values = { addendumId: params.get('addendumId') ?? '', text: params.get('text') ?? '' };
    const page = { chrome, caseId, noteId };
    if (event.signedOutForInactivity) return htmlResponse(401, renderAddendumFormPage({ ...page, message: words.t('refused.inactivity') }, { values, errors: [] }));

    const result = await recordAddendum(noteStore, noteRequestOf(event, agency, caseId), noteId, addendumInputOf(params));
    logger.info('note addendum', { agencyId: agency.id, caseId, outcome: result.outcome, actor: staff.subject, channel: 'page', requestId: event.requestContext.requestId });
    const noteHref = `/staff/${agency.id}/cases/${caseId}?note=`;
    switch (result.outcome) {
      case 'created':
        return redirect(`${noteHref}addendum-saved#note-${noteId}`);
      case 'already-saved':
        return redirect(`${noteHref}already-saved#note-${noteId}`);
      case 'note-not-found':
        return staffPageMessage(404, chrome, general.t('notFound.title'), words.t('noSuchNote'));
      case 'invalid':
        return htmlResponse(422, renderAddendumFormPage(page, { values, errors: addendumPageErrors(result.refusals, event.language) }));
    }
  }, { ...pageDeps, keepIdlePost: true }, [formBody()]);
}

export const handler = build();
