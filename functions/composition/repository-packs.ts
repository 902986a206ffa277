import { deployRepositoryPack, type Deployed } from '../domain/studio/publishing.ts';
import type { PackStore } from '../domain/studio/pack-store.ts';
import type { PackFiles } from '../domain/forms/pack-files.ts';

/**
 * What a deploy (and `npm start`) does with the repository's packs: each is stored by its version and goes live,
 * unless the studio published after the last deploy (domain/studio/publishing.ts deployRepositoryPack).
 */
export async function deployRepositoryPacks(store: PackStore, packs: ReadonlyMap<string, PackFiles>, at: Date): Promise<ReadonlyMap<string, Deployed>> {
  const outcomes = new Map<string, Deployed>();
  for (const [agencyId, files] of packs) outcomes.set(agencyId, await deployRepositoryPack(store, agencyId, files, at));
  return outcomes;
}
