import { multipartBody, type MultipartBodyEvent } from '../web/http/multipart-body.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { readPackUpload, refusedPackJson } from '../web/staff/studio-upload-request.ts';
import { studioHref } from '../web/staff-pages/studio-problems.ts';
import { saveDraft } from '../domain/studio/studio-draft.ts';
import { readPackJson } from '../domain/studio/pack-json.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { studioParts } from '../composition/studio.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * POST /staff/{agencyId}/studio/upload: a whole pack file (as downloaded, or made by `npm run pack -- bundle`) replaces
 * the draft's files, on top of the revision the page was opened at, as a file save does. Nothing goes live here.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => studioParts(settings()));
  const agencies = () => parts().catalog;
  return staffPageHandler<MultipartBodyEvent>('staff-studio-upload', async (event) => {
    const { staff, chrome } = event;
    const words = event.language.words('staffStudio');
    const agencyId = staff.agencyId;
    const upload = await readPackUpload(event, chrome);
    if (upload.refused) return upload.refused;
    const pack = readPackJson(upload.text, agencyId);
    if (pack.refusal) return refusedPackJson(chrome, pack);
    const { store, repository } = parts();
    const change = { kind: 'replace', files: pack.files } as const;
    const result = await saveDraft(store, agencyId, repository(agencyId), { change, expectedRevision: upload.revision, by: staff.email ?? staff.subject, at: new Date() });
    // Counts and outcome only: the files are the agency's words, not for the logs.
    logger.info('pack uploaded to draft', { agencyId, actor: staff.subject, requestId: event.requestContext.requestId, outcome: result.outcome, files: pack.files.size });
    switch (result.outcome) {
      case 'saved':
        return redirect(`${studioHref(agencyId)}?uploaded=${result.draft.revision}`);
      case 'not-a-pack-file':
        return refusedPackJson(chrome, { refusal: 'not-pack-files', paths: result.paths });
      case 'conflict':
        return staffPageMessage(409, chrome, words.t('conflict.title'), words.t('upload.conflict'));
    }
  }, staffPageDeps(settings, agencies), [multipartBody()]);
}

export const handler = build();
