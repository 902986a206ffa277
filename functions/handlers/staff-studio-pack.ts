import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { isPackVersion } from '../web/staff/studio-request.ts';
import type { HttpResponse } from '../web/http/responses.ts';
import { workspace } from '../domain/studio/studio-draft.ts';
import { packJsonText } from '../domain/studio/pack-json.ts';
import { packVersion, type PackFiles } from '../domain/forms/pack-files.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { studioParts } from '../composition/studio.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** The pack as a download: the file the studio's upload and `npm run pack -- unpack` take back. */
function packDownload(agencyId: string, files: PackFiles): HttpResponse {
  return {
    statusCode: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${agencyId}-pack-${packVersion(files)}.json"`,
      'Cache-Control': 'no-store',
    },
    body: packJsonText(agencyId, files),
  };
}

/** GET /staff/{agencyId}/studio/pack?version=<version|draft|live>: the whole pack as one JSON file, to download. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => studioParts(settings()));
  const agencies = () => parts().catalog;
  return staffPageHandler('staff-studio-pack', async (event) => {
    const { staff, chrome } = event;
    const words = event.language.words('staffStudio');
    const { store, repository } = parts();
    const agencyId = staff.agencyId;
    const own = repository(agencyId);
    const name = event.queryStringParameters?.version;
    const pack = async (): Promise<PackFiles | undefined> => {
      if (name === 'draft' || name === 'live') {
        const current = await workspace(store, agencyId, own);
        return name === 'live' ? current?.liveFiles : current?.draft ? current.files : undefined;
      }
      if (!isPackVersion(name)) return undefined;
      return (await store.readPack(agencyId, name)) ?? (own && packVersion(own) === name ? own : undefined);
    };
    const files = await pack();
    if (!files) return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.unknownVersion'));
    return packDownload(agencyId, files);
  }, staffPageDeps(settings, agencies));
}

export const handler = build();
