import type { FormCatalog } from '../functions/domain/forms/catalog.ts';
import type { FormVersionStore } from '../functions/domain/forms/form-versions.ts';

/**
 * Publishing, as a deploy does (infra/form-versions.ts uploads the same files by their hash): the current version of
 * every form, stored if not seen before. Returns how many were new.
 */
export async function publishFormVersions(catalog: FormCatalog, store: FormVersionStore): Promise<number> {
  let stored = 0;
  for (const pack of catalog.agencies()) {
    for (const form of pack.forms.values()) {
      if ((await store.publish(form.agencyId, form.formId, form.version, form.source)) === 'stored') stored += 1;
    }
  }
  return stored;
}
