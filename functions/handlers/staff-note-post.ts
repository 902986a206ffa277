import { recordNote } from '../domain/cases/record-note.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { NOTE_FIELDS, noteInputOf, noteRequestOf } from '../web/staff/note-requests.ts';
import { notePageErrors, refusedNotePost } from '../web/staff/note-page-post.ts';
import { renderNoteFormPage } from '../web/staff-pages/note-form-page.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { noteKeeping } from '../composition/note-keeping.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /staff/{agencyId}/cases/{caseId}/notes: a note from the case page. Saved: back to the case page at the note.
 * Refused: the form again with what was typed, each failing field named in the staff member's language.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => noteKeeping(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler<FormBodyEvent>('staff-note-post', async (event) => {
    const { staff } = event;
    const chrome = { ...event.chrome, staff };
    const words = event.language.words('staffNotes');
    const general = event.language.words('staff');
    const refused = refusedNotePost(event, chrome);
    if (refused) return refused;
    const { catalog, noteStore, queue } = parts();
    const agency = catalog.agency(staff.agencyId)!;
    const caseId = event.pathParameters?.caseId;
    if (!isPlainCaseId(caseId)) return staffPageMessage(404, chrome, general.t('notFound.title'), general.t('notFound.case'));
    const { params } = event.formBody;
    const values = Object.fromEntries(NOTE_FIELDS.map((field) => [field, params.get(field) ?? '']));
    const page = { chrome, caseId };
    if (event.signedOutForInactivity) return htmlResponse(401, renderNoteFormPage({ ...page, message: words.t('refused.inactivity') }, { values, errors: [] }));

    const result = await recordNote(noteStore, noteRequestOf(event, agency, caseId), noteInputOf(params), queue);
    logger.info('case note', { agencyId: agency.id, caseId, outcome: result.outcome, actor: staff.subject, channel: 'page', requestId: event.requestContext.requestId });
    const caseHref = `/staff/${agency.id}/cases/${caseId}`;
    switch (result.outcome) {
      case 'created':
        return redirect(`${caseHref}?note=saved#note-${result.note.noteId}`);
      case 'already-saved':
        // The same form sent twice: the first one was saved, and it is the one kept.
        return redirect(`${caseHref}?note=already-saved#note-${result.noteId}`);
      case 'case-not-found':
        return staffPageMessage(404, chrome, general.t('notFound.title'), general.t('notFound.case'));
      case 'invalid':
        return htmlResponse(422, renderNoteFormPage(page, { values, errors: notePageErrors(result.refusals, event.language) }));
    }
  }, { ...pageDeps, keepIdlePost: true }, [formBody()]);
}

export const handler = build();
