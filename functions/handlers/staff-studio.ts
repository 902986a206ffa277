import { htmlResponse } from '../web/http/page-responses.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { renderStudioPage, publicFormIds } from '../web/staff-pages/studio-page.ts';
import { isPackVersion, revisionOf } from '../web/staff/studio-request.ts';
import { UPLOAD_LIMIT_KB } from '../web/staff/studio-upload-request.ts';
import { workspace } from '../domain/studio/studio-draft.ts';
import { diffPacks } from '../domain/studio/pack-diff.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { studioParts } from '../composition/studio.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** GET /staff/{agencyId}/studio: the form studio's home, for agency admins. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => studioParts(settings()));
  const agencies = () => parts().catalog;
  return staffPageHandler('staff-studio', async (event) => {
    const { staff, chrome } = event;
    const words = event.language.words('staffStudio');
    const { store, repository, lint, catalog } = parts();
    const agencyId = staff.agencyId;
    const [current, pointers, history] = await Promise.all([workspace(store, agencyId, repository(agencyId)), store.livePointers([agencyId]), store.history(agencyId)]);
    if (!current) return staffPageMessage(404, chrome, event.language.words('staff').t('notFound.title'), event.language.words('staff').t('notFound.page'));
    const query = event.queryStringParameters ?? {};
    const saved = revisionOf(query.saved);
    const uploaded = revisionOf(query.uploaded);
    const notice = isPackVersion(query.published) ? words.t('published', { version: query.published })
      : isPackVersion(query.rolledBack) ? words.t('rolledBack', { version: query.rolledBack })
        : query.discarded === '1' ? words.t('discarded')
          : saved !== undefined ? words.t('saved', { revision: saved })
            : uploaded !== undefined ? words.t('uploaded', { revision: uploaded }) : undefined;
    const agency = catalog.agency(agencyId)!;
    return htmlResponse(200, renderStudioPage({ ...chrome, staff }, {
      agencyId, timeZone: agency.timeZone, liveVersion: current.liveVersion, pointer: pointers[0], draft: current.draft, files: current.files,
      changes: current.draft ? diffPacks(current.liveFiles, current.files) : undefined,
      problems: lint(agencyId, current.files), history, publicForms: publicFormIds(current.files), locales: agency.locales, notice,
      refused: catalog.refused().filter((refusal) => refusal.agencyId === agencyId), uploadLimitKb: UPLOAD_LIMIT_KB,
    }));
  }, staffPageDeps(settings, agencies));
}

export const handler = build();
