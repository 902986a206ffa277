import type { Agency } from '../../domain/forms/agency.ts';
import type { FormCatalog } from '../../domain/forms/catalog.ts';

/**
 * The agencies a function serves, as the web layer asks for them: the catalog its composition root builds on first
 * use. Error answers and page styles read it too, so it may fail to build (a setting is missing) just when an error
 * is being answered: then there are no agencies, answers are in English and pages keep the default colours.
 */
export type ServedAgencies = () => Pick<FormCatalog, 'agency' | 'agencies'>;

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
