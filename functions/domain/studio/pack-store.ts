import type { PackFiles } from '../forms/pack-files.ts';

/** Where a live pack came from: a deploy of the repository's `form-schemas/<agency>/`, or the studio. */
export type PackSource = 'repository' | 'studio';

/** The version of an agency's pack that its functions serve. */
export interface LivePointer {
  readonly agencyId: string;
  readonly version: string;
  readonly source: PackSource;
  readonly at: string;
  /** Who made it live: a staff subject, or `deploy`. */
  readonly by: string;
}

/** One line of an agency's publishing history: what became live (or was stored), when and by whom. Never changed. */
export interface PackEvent {
  readonly agencyId: string;
  readonly action: 'publish' | 'rollback' | 'deploy' | 'deploy-kept-studio';
  readonly version: string;
  /** What was live before (absent for the first). */
  readonly previous?: string;
  readonly at: string;
  readonly by: string;
}

/** An agency's one draft: its files are stored as a pack by their hash; `revision` makes two editors' saves conflict. */
export interface Draft {
  readonly agencyId: string;
  readonly version: string;
  readonly revision: number;
  /** The live version the draft started from: what a diff of the draft compares against. */
  readonly baseVersion: string;
  readonly at: string;
  readonly by: string;
}

/** How the live version changes: only from what the writer saw, so two publishes never overwrite each other silently. */
export interface LiveChange {
  readonly pointer: LivePointer;
  readonly event: PackEvent;
  /** The live version the change was decided on (undefined: none was live). */
  readonly expectedLive: string | undefined;
  /** A publish also ends the draft it published, if it is still the revision published. */
  readonly endsDraftRevision?: number;
}

export interface PackStore {
  /** The live pointers of these agencies (one round trip); an agency with none serves its repository pack. */
  livePointers(agencyIds: readonly string[]): Promise<LivePointer[]>;
  /** A stored pack by its version (its content hash), or undefined. */
  readPack(agencyId: string, version: string): Promise<PackFiles | undefined>;
  /** Stores a pack under its version; storing the same version again changes nothing. */
  storePack(agencyId: string, version: string, files: PackFiles): Promise<void>;
  /** Makes a version live, with its history line, atomically: 'conflict' when the live version (or the draft) moved. */
  changeLive(change: LiveChange): Promise<'changed' | 'conflict'>;
  /** Adds a history line without changing what is live (a deploy that kept the studio's version). */
  recordEvent(event: PackEvent): Promise<void>;
  /** The history, newest first. */
  history(agencyId: string): Promise<PackEvent[]>;
  readDraft(agencyId: string): Promise<Draft | undefined>;
  /** Saves the draft if its revision is still `expectedRevision` (0: there is no draft yet), else 'conflict'. */
  saveDraft(draft: Draft, expectedRevision: number): Promise<'saved' | 'conflict'>;
  /** Drops the draft if it is still that revision. */
  discardDraft(agencyId: string, revision: number): Promise<'discarded' | 'conflict'>;
}
