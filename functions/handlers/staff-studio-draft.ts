import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { renderConflictPage } from '../web/staff-pages/studio-editor-page.ts';
import { agencyClock } from '../web/staff-pages/local-time.ts';
import { editorHref, studioHref } from '../web/staff-pages/studio-problems.ts';
import { refusedStudioPost, revisionOf } from '../web/staff/studio-request.ts';
import { saveDraft, type DraftChange } from '../domain/studio/studio-draft.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { studioParts } from '../composition/studio.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /staff/{agencyId}/studio/draft: save a file to the draft, remove one, or discard the draft. Each names the
 * revision the admin started from: a save on top of someone else's is a conflict, and their text is kept on the page.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => studioParts(settings()));
  const agencies = () => parts().catalog;
  return staffPageHandler<FormBodyEvent>('staff-studio-draft', async (event) => {
    const { staff, chrome } = event;
    const words = event.language.words('staffStudio');
    const refused = refusedStudioPost(event, chrome);
    if (refused) return refused;
    const { store, repository, catalog } = parts();
    const agencyId = staff.agencyId;
    const form = event.formBody.params;
    const revision = revisionOf(form.get('revision') ?? undefined);
    const action = form.get('action');
    if (revision === undefined) return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.notForm'));
    const logIds = { agencyId, actor: staff.subject, requestId: event.requestContext.requestId };

    if (action === 'discard') {
      const outcome = await store.discardDraft(agencyId, revision);
      logger.info('pack draft discarded', { ...logIds, outcome });
      return outcome === 'discarded' ? redirect(`${studioHref(agencyId)}?discarded=1`) : htmlResponse(409, renderConflictPage({ ...chrome, staff }, agencyId, undefined, undefined));
    }
    const path = form.get('path') ?? '';
    // Browsers send a text area's line breaks as CRLF; the pack keeps the repository's LF.
    const change: DraftChange | undefined = action === 'save' ? { kind: 'write', path, text: (form.get('text') ?? '').replace(/\r\n?/g, '\n') }
      : action === 'remove' ? { kind: 'remove', path } : undefined;
    if (!change) return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.notForm'));
    const result = await saveDraft(store, agencyId, repository(agencyId), { change, expectedRevision: revision, by: staff.email ?? staff.subject, at: new Date() });
    logger.info('pack draft saved', { ...logIds, outcome: result.outcome, ...(result.outcome === 'saved' ? { revision: result.draft.revision } : {}) });
    switch (result.outcome) {
      case 'saved':
        return redirect(change.kind === 'write' ? `${editorHref(agencyId, path)}&saved=${result.draft.revision}` : `${studioHref(agencyId)}?saved=${result.draft.revision}`);
      case 'not-a-pack-file':
        return staffPageMessage(422, chrome, words.t('refused.title'), words.t('refused.badFile', { file: path }));
      case 'conflict': {
        const timeZone = catalog.agency(agencyId)?.timeZone ?? 'UTC';
        const by = result.draft ? { who: result.draft.by, when: agencyClock(result.draft.at, timeZone) } : undefined;
        return htmlResponse(409, renderConflictPage({ ...chrome, staff }, agencyId, by, change.kind === 'write' ? change.text : undefined));
      }
    }
  }, staffPageDeps(settings, agencies), [formBody()]);
}

export const handler = build();
