import { packVersion, type PackFiles } from '../forms/pack-files.ts';
import { livePack } from './live-pack.ts';
import type { PackEvent, PackStore } from './pack-store.ts';

/** A problem that stops a pack from going live, where it is (the linter's words). */
export interface PackProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** The checks a pack must pass to go live: the linter, which the studio, `npm run lint:forms` and deploy share. */
export type PackCheck = (agencyId: string, files: PackFiles) => readonly PackProblem[];

export type Publishing =
  | { readonly outcome: 'live'; readonly version: string; readonly previous: string }
  | { readonly outcome: 'refused'; readonly problems: readonly PackProblem[] }
  | { readonly outcome: 'conflict' }
  | { readonly outcome: 'unknown-version' };

interface Who {
  readonly by: string;
  readonly at: Date;
}

/**
 * Publishes the draft the admin reviewed (its revision): refused with every problem when it fails the checks, a
 * conflict when the draft or the live version moved since; otherwise live at once, in one transaction with its
 * history line, and the draft is done.
 */
export async function publishDraft(store: PackStore, check: PackCheck, agencyId: string, repository: PackFiles | undefined, request: Who & { readonly revision: number }): Promise<Publishing> {
  const [draft, live] = await Promise.all([store.readDraft(agencyId), livePack(store, agencyId, repository)]);
  if (!draft || draft.revision !== request.revision || !live) return { outcome: 'conflict' };
  const files = await store.readPack(agencyId, draft.version);
  if (!files) return { outcome: 'unknown-version' };
  return makeLive(store, check, agencyId, files, draft.version, live.version, live.pointer?.version, { ...request, action: 'publish', endsDraftRevision: draft.revision });
}

/** Makes an earlier version live again: one the history names, checked as a publish is. */
export async function rollBack(store: PackStore, check: PackCheck, agencyId: string, repository: PackFiles | undefined, request: Who & { readonly version: string }): Promise<Publishing> {
  const [history, live] = await Promise.all([store.history(agencyId), livePack(store, agencyId, repository)]);
  const known = history.some((event) => event.version === request.version) || (repository !== undefined && packVersion(repository) === request.version);
  if (!known || !live) return { outcome: 'unknown-version' };
  if (live.version === request.version) return { outcome: 'live', version: live.version, previous: live.version };
  const files = await store.readPack(agencyId, request.version) ?? (repository && packVersion(repository) === request.version ? repository : undefined);
  if (!files) return { outcome: 'unknown-version' };
  await store.storePack(agencyId, request.version, files);
  return makeLive(store, check, agencyId, files, request.version, live.version, live.pointer?.version, { ...request, action: 'rollback' });
}

async function makeLive(
  store: PackStore, check: PackCheck, agencyId: string, files: PackFiles, version: string, previous: string, expectedLive: string | undefined,
  request: Who & { readonly action: PackEvent['action']; readonly endsDraftRevision?: number },
): Promise<Publishing> {
  const problems = check(agencyId, files);
  if (problems.length > 0) return { outcome: 'refused', problems };
  const at = request.at.toISOString();
  const changed = await store.changeLive({
    pointer: { agencyId, version, source: 'studio', at, by: request.by },
    event: { agencyId, action: request.action, version, previous, at, by: request.by },
    expectedLive,
    ...(request.endsDraftRevision === undefined ? {} : { endsDraftRevision: request.endsDraftRevision }),
  });
  return changed === 'changed' ? { outcome: 'live', version, previous } : { outcome: 'conflict' };
}

export type Deployed = 'live' | 'unchanged' | 'kept-studio';

/**
 * A deploy (or `npm start`) publishes the repository's pack. It goes live unless the studio published since the
 * last deploy: then the repository's version is stored and written in the history, and the studio's stays live, so
 * neither side's work is lost without someone choosing to (the admin can publish the repository's version, or a
 * developer can copy the studio's pack into the repository). See docs/form-studio.md.
 */
export async function deployRepositoryPack(store: PackStore, agencyId: string, files: PackFiles, at: Date): Promise<Deployed> {
  const version = packVersion(files);
  const [pointer] = await store.livePointers([agencyId]);
  if (pointer?.version === version) return 'unchanged';
  await store.storePack(agencyId, version, files);
  const event: PackEvent = { agencyId, action: 'deploy', version, ...(pointer ? { previous: pointer.version } : {}), at: at.toISOString(), by: 'deploy' };
  if (pointer?.source === 'studio') {
    const [last] = await store.history(agencyId);
    if (!(last?.action === 'deploy-kept-studio' && last.version === version)) await store.recordEvent({ ...event, action: 'deploy-kept-studio' });
    return 'kept-studio';
  }
  const changed = await store.changeLive({ pointer: { agencyId, version, source: 'repository', at: event.at, by: 'deploy' }, event, expectedLive: pointer?.version });
  if (changed === 'conflict') return deployRepositoryPack(store, agencyId, files, at);
  return 'live';
}
