import type { Config } from '../contracts/config.ts';
import { agencyValidator, catalogOf, loadPack, type Form } from '../domain/forms/catalog.ts';
import { workspace } from '../domain/studio/studio-draft.ts';
import { packStore } from './pack-store.ts';
import { repositoryPacks } from './serving-catalog.ts';
import type { PreviewCatalog } from '../web/staff-pages/studio-preview-page.ts';


/**
 * Loads an agency's draft as the serving catalog loads a published pack (same loader, same checks), but for the
 * preview only: nothing here is served to clients. A draft's broken form is refused in its catalog, and the preview
 * says why; it is not reported as a refusal of the live service. Forms compiled once are kept by their version, so
 * reloading a draft with one form changed compiles that form alone.
 */
export function previewCatalogs(config: Pick<Config, 'formsDir' | 'tableName' | 'bucketName'>): (agencyId: string) => Promise<PreviewCatalog | undefined> {
  const store = packStore(config);
  const repository = repositoryPacks(config.formsDir);
  const validateAgency = agencyValidator(config.formsDir);
  const compiled = new Map<string, Form>();
  return async (agencyId) => {
    const current = await workspace(store, agencyId, repository.get(agencyId));
    if (!current) return undefined;
    const loaded = loadPack(agencyId, current.files, { origin: `draft ${current.version}`, validateAgency, onPackError: () => undefined, compiled });
    return { catalog: catalogOf([loaded]), version: current.version, isDraft: current.draft !== undefined };
  };
}
