import type { Agency } from '../../domain/forms/agency.ts';
import type { FormCatalog } from '../../domain/forms/catalog.ts';

/**
 * The agencies a function serves, as the web layer asks for them: the catalog its composition root builds on first
 * use. Error answers and page styles read it too, so it may fail to build (a setting is missing) just when an error
 * is being answered: then there are no agencies, answers are in English and pages keep the default colours.
 */
export type ServedAgencies = () => Pick<FormCatalog, 'agency' | 'agencies'> & { refresh?(): Promise<void> };

/**
 * Brings the served agencies up to what the studio last published (domain/studio/live-catalog.ts), before the request
 * reads them. A catalog that cannot be built yet is left to the handler, which answers that failure as a problem.
 */
export async function refreshServedAgencies(agencies: ServedAgencies | undefined): Promise<void> {
  let served;
  try {
    served = agencies?.();
  } catch {
    return;
  }
  await served?.refresh?.();
}

export function servedAgency(agencies: ServedAgencies | undefined, agencyId: string): Agency | undefined {
  try {
    return agencies?.().agency(agencyId);
  } catch {
    return undefined;
  }
}

export function allServedAgencies(agencies: ServedAgencies | undefined): Pick<FormCatalog, 'agencies'> | undefined {
  try {
    return agencies?.();
  } catch {
    return undefined;
  }
}
