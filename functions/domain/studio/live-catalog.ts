import { catalogOf, loadPack, type Form, type FormCatalog, type LoadedPack, type PackLoading } from '../forms/catalog.ts';
import { packVersion, type PackFiles } from '../forms/pack-files.ts';
import type { PackStore } from './pack-store.ts';

/** A catalog that follows what the studio publishes: `refresh()` before a request makes it at most `everyMs` stale. */
export interface LiveCatalog extends FormCatalog {
  refresh(): Promise<void>;
  /** The version each agency is served at now (its pack's content hash). */
  servedVersion(agencyId: string): string | undefined;
}

export interface LiveCatalogOptions {
  /** The repository's packs (`form-schemas/<agency>/`) by agency: what is served until a version is published. */
  readonly repository: ReadonlyMap<string, PackFiles>;
  /** Where a repository pack's files are, for refusals' file names. */
  readonly repositoryOrigin: (agencyId: string) => string;
  readonly loading: Pick<PackLoading, 'validateAgency' | 'onPackError'>;
  readonly store: Pick<PackStore, 'livePointers' | 'readPack'>;
  /** How stale the catalog may be: the longest a publish takes to reach a function that is serving requests. */
  readonly everyMs: number;
  readonly now: () => number;
  /** A refresh that failed (storage unavailable): the catalog keeps serving what it had and tries again later. */
  readonly onRefreshError: (error: unknown) => void;
}

interface Served {
  readonly version: string;
  readonly loaded: LoadedPack;
}

export function liveCatalog(options: LiveCatalogOptions): LiveCatalog {
  const { repository, store, loading } = options;
  // Forms are compiled once per version, whichever pack version brings them.
  const compiled = new Map<string, Form>();
  const load = (agencyId: string, files: PackFiles, version: string, origin: string): Served =>
    ({ version, loaded: loadPack(agencyId, files, { ...loading, origin, compiled }) });
  const served = new Map<string, Served>(
    [...repository].map(([agencyId, files]) => [agencyId, load(agencyId, files, packVersion(files), options.repositoryOrigin(agencyId))]),
  );
  let catalog = catalogOf([...served.values()].map((entry) => entry.loaded));
  let checkedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  async function update(): Promise<void> {
    const pointers = new Map((await store.livePointers([...repository.keys()])).map((pointer) => [pointer.agencyId, pointer]));
    let changed = false;
    for (const [agencyId, files] of repository) {
      const pointer = pointers.get(agencyId);
      const wanted = pointer?.version ?? packVersion(files);
      if (served.get(agencyId)?.version === wanted) continue;
      const published = pointer ? await store.readPack(agencyId, pointer.version) : files;
      // A pointer to a pack that is not there (yet) keeps what is served; the next refresh looks again.
      if (!published) continue;
      served.set(agencyId, load(agencyId, published, wanted, pointer ? `packs/${agencyId}/${wanted}` : options.repositoryOrigin(agencyId)));
      changed = true;
    }
    if (changed) catalog = catalogOf([...served.values()].map((entry) => entry.loaded));
  }

  return {
    agency: (agencyId) => catalog.agency(agencyId),
    form: (agencyId, formId) => catalog.form(agencyId, formId),
    agencies: () => catalog.agencies(),
    pack: (agencyId) => catalog.pack(agencyId),
    translations: (agencyId, locale) => catalog.translations(agencyId, locale),
    refused: () => catalog.refused(),
    refusedForm: (agencyId, formId) => catalog.refusedForm(agencyId, formId),
    servedVersion: (agencyId) => served.get(agencyId)?.version,
    refresh() {
      if (inFlight) return inFlight;
      if (options.now() - checkedAt < options.everyMs) return Promise.resolve();
      checkedAt = options.now();
      inFlight = update().catch(options.onRefreshError).finally(() => { inFlight = undefined; });
      return inFlight;
    },
  };
}
