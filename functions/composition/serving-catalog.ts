import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../contracts/config.ts';
import { agencyValidator } from '../domain/forms/catalog.ts';
import { readPackDir, type PackFiles } from '../domain/forms/pack-files.ts';
import { liveCatalog, type LiveCatalog } from '../domain/studio/live-catalog.ts';
import { reportRefusal } from '../observability/refusals.ts';
import { logger } from '../observability/logger.ts';
import { packStore } from './pack-store.ts';

/**
 * The agencies' forms as a function serves them: the repository's packs, then whatever the studio publishes (asked
 * for at most every `packRefreshSeconds`, before a request). A broken form, or a broken pack, is logged, counted
 * (FormRefused, which infra alarms on) and left out; the other forms and agencies keep serving.
 */
export function servingCatalog(config: Pick<Config, 'formsDir' | 'tableName' | 'bucketName' | 'packRefreshSeconds'>): LiveCatalog {
  return liveCatalog({
    repository: repositoryPacks(config.formsDir),
    repositoryOrigin: (agencyId) => join(config.formsDir, agencyId),
    loading: { validateAgency: agencyValidator(config.formsDir), onPackError: (_, refusal) => reportRefusal(refusal) },
    store: packStore(config),
    everyMs: config.packRefreshSeconds * 1000,
    now: Date.now,
    onRefreshError: (error) => logger.warn('published packs not read: serving the versions loaded before', { errorName: (error as Error).name }),
  });
}

/** The packs deployed with the functions: every agency folder under `form-schemas/`. */
export function repositoryPacks(formsDir: string): ReadonlyMap<string, PackFiles> {
  return new Map(readdirSync(formsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => [entry.name, readPackDir(join(formsDir, entry.name))]));
}
