import type { ClientIdentity } from '../../domain/forms/identity.ts';
import { matchKeys } from '../../domain/people/possible-match.ts';
import { keys } from '../../contracts/table-design.ts';
import type { SearchKey } from './search-items.ts';

/** The entries under which a case is filed for possible matches (one per hashed fact), outside its partition. */
export function matchEntryKeys(agencyId: string, caseId: string, identity: ClientIdentity | undefined): SearchKey[] {
  return matchKeys(agencyId, identity).map((key) => ({ pk: keys.matchKey(agencyId, key), sk: keys.matchEntry(caseId) }));
}

export const matchItem = (key: SearchKey, agencyId: string, caseId: string, filedAt: string): Record<string, unknown> =>
  ({ ...key, type: 'match-key', agencyId, caseId, filedAt });

/** What a change of identity does to the case's match entries: facts it no longer has go, new ones come. */
export function matchEntryChanges(
  agencyId: string, caseId: string, before: ClientIdentity | undefined, after: ClientIdentity | undefined,
): { readonly put: SearchKey[]; readonly remove: SearchKey[] } {
  const old = matchEntryKeys(agencyId, caseId, before);
  const now = matchEntryKeys(agencyId, caseId, after);
  const oldIds = new Set(old.map((key) => key.pk));
  const nowIds = new Set(now.map((key) => key.pk));
  return { put: now.filter((key) => !oldIds.has(key.pk)), remove: old.filter((key) => !nowIds.has(key.pk)) };
}
