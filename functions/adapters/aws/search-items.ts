import type { ClientIdentity } from '../../domain/forms/identity.ts';
import { caseSearchTerms, partitionPrefix } from '../../domain/cases/search-terms.ts';
import { keys } from '../../contracts/table-design.ts';

export interface SearchKey {
  readonly pk: string;
  readonly sk: string;
}

/** The index entries that find a case: one item per term, outside the case's partition so a word is one query. */
export function searchKeys(agencyId: string, caseId: string, identity: ClientIdentity | undefined): SearchKey[] {
  return caseSearchTerms(caseId, identity).map((term) => ({ pk: keys.searchTerms(agencyId, partitionPrefix(term)!), sk: keys.searchTerm(term, caseId) }));
}

export const searchItem = (key: SearchKey, caseId: string): Record<string, unknown> => ({ ...key, type: 'search-term', caseId });

/** What a change of identity does to the index: entries of terms the case no longer has go, new ones come. */
export function searchKeyChanges(
  agencyId: string, caseId: string, before: ClientIdentity | undefined, after: ClientIdentity | undefined,
): { readonly put: SearchKey[]; readonly remove: SearchKey[] } {
  const old = searchKeys(agencyId, caseId, before);
  const now = searchKeys(agencyId, caseId, after);
  const id = (key: SearchKey) => `${key.pk}\n${key.sk}`;
  const oldIds = new Set(old.map(id));
  const nowIds = new Set(now.map(id));
  return { put: now.filter((key) => !oldIds.has(id(key))), remove: old.filter((key) => !nowIds.has(id(key))) };
}
