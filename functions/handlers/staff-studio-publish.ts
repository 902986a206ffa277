import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { renderConflictPage, renderRefusedPage } from '../web/staff-pages/studio-editor-page.ts';
import { studioHref } from '../web/staff-pages/studio-problems.ts';
import { isPackVersion, refusedStudioPost, revisionOf } from '../web/staff/studio-request.ts';
import { publishDraft, rollBack, type Publishing } from '../domain/studio/publishing.ts';
import type { LintProblem } from '../domain/forms/lint-pack.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { studioParts } from '../composition/studio.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /staff/{agencyId}/studio/publish: make the draft live (`action=publish`, with the revision reviewed), or an
 * earlier version again (`action=rollback`, with its version). Refused with every problem when the linter finds
 * errors; recorded in the pack's history with who and when.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => studioParts(settings()));
  const agencies = () => parts().catalog;
  return staffPageHandler<FormBodyEvent>('staff-studio-publish', async (event) => {
    const { staff, chrome } = event;
    const words = event.language.words('staffStudio');
    const refused = refusedStudioPost(event, chrome);
    if (refused) return refused;
    const { store, repository, check } = parts();
    const agencyId = staff.agencyId;
    const form = event.formBody.params;
    const action = form.get('action');
    const who = { by: staff.email ?? staff.subject, at: new Date() };
    let result: Publishing;
    if (action === 'publish') {
      const revision = revisionOf(form.get('revision') ?? undefined);
      if (revision === undefined) return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.notForm'));
      result = await publishDraft(store, check, agencyId, repository(agencyId), { ...who, revision });
    } else if (action === 'rollback') {
      const version = form.get('version');
      if (!isPackVersion(version)) return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.unknownVersion'));
      result = await rollBack(store, check, agencyId, repository(agencyId), { ...who, version });
    } else {
      return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.notForm'));
    }
    // The audit line: who changed what clients and staff are served, and to which version (the history item holds it too).
    logger.info('pack publish', {
      agencyId, action, outcome: result.outcome, actor: staff.subject, requestId: event.requestContext.requestId,
      ...(result.outcome === 'live' ? { version: result.version, previous: result.previous } : {}),
    });
    switch (result.outcome) {
      case 'live':
        return redirect(`${studioHref(agencyId)}?${action === 'publish' ? 'published' : 'rolledBack'}=${result.version}`);
      case 'refused':
        return htmlResponse(422, renderRefusedPage({ ...chrome, staff }, agencyId, result.problems as LintProblem[]));
      case 'conflict':
        return htmlResponse(409, renderConflictPage({ ...chrome, staff }, agencyId, undefined, undefined));
      case 'unknown-version':
        return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.unknownVersion'));
    }
  }, staffPageDeps(settings, agencies), [formBody()]);
}

export const handler = build();
