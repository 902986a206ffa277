import { isPackPath, packVersion, type PackFiles } from '../forms/pack-files.ts';
import { livePack } from './live-pack.ts';
import type { Draft, LivePointer, PackStore } from './pack-store.ts';

/** What the studio works on: the agency's draft if it has one, else the live pack (revision 0: no draft yet). */
export interface Workspace {
  readonly files: PackFiles;
  readonly version: string;
  /** 0 when there is no draft: the first save creates it. */
  readonly revision: number;
  readonly draft?: Draft;
  readonly liveVersion: string;
  readonly liveFiles: PackFiles;
  /** What made the live version live (undefined: the repository's pack, never published). */
  readonly livePointer?: LivePointer;
}

export async function workspace(store: PackStore, agencyId: string, repository: PackFiles | undefined): Promise<Workspace | undefined> {
  const [live, draft] = await Promise.all([livePack(store, agencyId, repository), store.readDraft(agencyId)]);
  if (!live) return undefined;
  if (draft) {
    const files = await store.readPack(agencyId, draft.version);
    if (files) return { files, version: draft.version, revision: draft.revision, draft, liveVersion: live.version, liveFiles: live.files, livePointer: live.pointer };
  }
  return { files: live.files, version: live.version, revision: 0, liveVersion: live.version, liveFiles: live.files, livePointer: live.pointer };
}

/** One change to the draft: a file written (or added), a file removed, or the whole pack replaced (an upload). */
export type DraftChange =
  | { readonly kind: 'write'; readonly path: string; readonly text: string }
  | { readonly kind: 'remove'; readonly path: string }
  | { readonly kind: 'replace'; readonly files: PackFiles };

export type DraftSave =
  | { readonly outcome: 'saved'; readonly draft: Draft }
  | { readonly outcome: 'conflict'; readonly draft: Draft | undefined }
  | { readonly outcome: 'not-a-pack-file'; readonly paths: readonly string[] };

/**
 * Saves a change on top of the revision the editor started from. Another admin's save in between is a conflict,
 * never overwritten: the editor keeps their text and sees who saved first.
 */
export async function saveDraft(
  store: PackStore, agencyId: string, repository: PackFiles | undefined,
  request: { readonly change: DraftChange; readonly expectedRevision: number; readonly by: string; readonly at: Date },
): Promise<DraftSave> {
  const { change } = request;
  const paths = change.kind === 'replace' ? [...change.files.keys()] : [change.path];
  const strange = paths.filter((path) => !isPackPath(path));
  if (strange.length > 0) return { outcome: 'not-a-pack-file', paths: strange };
  const current = await workspace(store, agencyId, repository);
  if (!current) return { outcome: 'not-a-pack-file', paths: [] };
  if (current.revision !== request.expectedRevision) return { outcome: 'conflict', draft: current.draft };
  const files = changed(current.files, change);
  const version = packVersion(files);
  await store.storePack(agencyId, version, files);
  const draft: Draft = {
    agencyId, version, revision: request.expectedRevision + 1, baseVersion: current.draft?.baseVersion ?? current.liveVersion,
    at: request.at.toISOString(), by: request.by,
  };
  return (await store.saveDraft(draft, request.expectedRevision)) === 'saved' ? { outcome: 'saved', draft } : { outcome: 'conflict', draft: await store.readDraft(agencyId) };
}

function changed(files: PackFiles, change: DraftChange): PackFiles {
  if (change.kind === 'replace') return new Map(change.files);
  const next = new Map(files);
  if (change.kind === 'write') next.set(change.path, change.text);
  else next.delete(change.path);
  return next;
}
