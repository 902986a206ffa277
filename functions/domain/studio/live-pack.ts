import { packVersion, type PackFiles } from '../forms/pack-files.ts';
import type { LivePointer, PackStore } from './pack-store.ts';

/** What an agency's functions serve now: the published version the pointer names, else the repository's pack. */
export interface LivePack {
  readonly version: string;
  readonly files: PackFiles;
  readonly pointer?: LivePointer;
}

export async function livePack(store: PackStore, agencyId: string, repository: PackFiles | undefined): Promise<LivePack | undefined> {
  const [pointer] = await store.livePointers([agencyId]);
  if (pointer) {
    const files = await store.readPack(agencyId, pointer.version);
    if (files) return { version: pointer.version, files, pointer };
  }
  return repository ? { version: packVersion(repository), files: repository } : undefined;
}
