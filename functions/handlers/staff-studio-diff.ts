import { htmlResponse } from '../web/http/page-responses.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { renderDiffPage } from '../web/staff-pages/studio-diff-page.ts';
import { isPackVersion } from '../web/staff/studio-request.ts';
import { diffPacks } from '../domain/studio/pack-diff.ts';
import { workspace } from '../domain/studio/studio-draft.ts';
import { packVersion, type PackFiles } from '../domain/forms/pack-files.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { studioParts } from '../composition/studio.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** GET /staff/{agencyId}/studio/diff?from=<version|draft>&to=<version|draft>: what changed between two versions. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => studioParts(settings()));
  const agencies = () => parts().catalog;
  return staffPageHandler('staff-studio-diff', async (event) => {
    const { staff, chrome } = event;
    const words = event.language.words('staffStudio');
    const { store, repository } = parts();
    const agencyId = staff.agencyId;
    const current = await workspace(store, agencyId, repository(agencyId));
    const pack = async (name: string | undefined): Promise<PackFiles | undefined> => {
      if (name === 'draft') return current?.draft ? current.files : undefined;
      if (!isPackVersion(name)) return undefined;
      const own = repository(agencyId);
      return (await store.readPack(agencyId, name)) ?? (own && packVersion(own) === name ? own : undefined);
    };
    const { from, to } = event.queryStringParameters ?? {};
    const [before, after] = await Promise.all([pack(from), pack(to)]);
    if (!before || !after) return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.unknownVersion'));
    const name = (version: string) => (version === 'draft' ? words.t('diff.draft') : version === current?.liveVersion ? `${version} ${words.t('current')}` : version);
    return htmlResponse(200, renderDiffPage({ ...chrome, staff }, agencyId, { from: name(from!), to: name(to!) }, diffPacks(before, after)));
  }, staffPageDeps(settings, agencies));
}

export const handler = build();
