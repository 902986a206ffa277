import { htmlResponse } from '../web/http/page-responses.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { renderEditorPage } from '../web/staff-pages/studio-editor-page.ts';
import { revisionOf } from '../web/staff/studio-request.ts';
import { isPackPath } from '../domain/forms/pack-files.ts';
import { workspace } from '../domain/studio/studio-draft.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { studioParts } from '../composition/studio.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** A new file starts as the smallest thing of its kind that the linter can say something useful about. */
function newFileText(path: string): string {
  if (path.startsWith('forms/')) {
    const id = path.slice('forms/'.length, -'.json'.length);
    return `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: id, type: 'object', properties: {}, 'x-caseforms': { access: 'staff' } }, null, 2)}\n`;
  }
  return '{}\n';
}

/** GET /staff/{agencyId}/studio/file?path=forms/intake.json: one file of the draft in the editor. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => studioParts(settings()));
  const agencies = () => parts().catalog;
  return staffPageHandler('staff-studio-file', async (event) => {
    const { staff, chrome } = event;
    const words = event.language.words('staffStudio');
    const path = event.queryStringParameters?.path ?? '';
    if (!isPackPath(path)) return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.badFile', { file: path }));
    const { store, repository, lint } = parts();
    const current = await workspace(store, staff.agencyId, repository(staff.agencyId));
    if (!current) return staffPageMessage(404, chrome, event.language.words('staff').t('notFound.title'), event.language.words('staff').t('notFound.page'));
    const text = current.files.get(path);
    const saved = revisionOf(event.queryStringParameters?.saved);
    return htmlResponse(200, renderEditorPage({ ...chrome, staff }, {
      agencyId: staff.agencyId, path, text: text ?? newFileText(path), revision: current.revision, exists: text !== undefined,
      problems: lint(staff.agencyId, current.files).filter((problem) => problem.file === path),
      ...(saved === undefined ? {} : { notice: words.t('saved', { revision: saved }) }),
    }));
  }, staffPageDeps(settings, agencies));
}

export const handler = build();
