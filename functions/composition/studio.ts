import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../contracts/config.ts';
import { lintPack, refusesPack, type LintProblem } from '../domain/forms/lint-pack.ts';
import { packVersion, type PackFiles } from '../domain/forms/pack-files.ts';
import type { PackCheck } from '../domain/studio/publishing.ts';
import type { PackStore } from '../domain/studio/pack-store.ts';
import type { LiveCatalog } from '../domain/studio/live-catalog.ts';
import { packStore } from './pack-store.ts';
import { repositoryPacks, servingCatalog } from './serving-catalog.ts';

/** What the studio's handlers work with: the store, the repository's packs, the linter, and the served catalog. */
export interface StudioParts {
  readonly store: PackStore;
  readonly catalog: LiveCatalog;
  /** The pack an agency was deployed with (`form-schemas/<agency>/`): live until something is published. */
  readonly repository: (agencyId: string) => PackFiles | undefined;
  /** Every problem in a pack, errors and warnings, where it is (the linter `npm run lint:forms` runs). */
  readonly lint: (agencyId: string, files: PackFiles) => readonly LintProblem[];
  /** What refuses a publish: the errors among them. */
  readonly check: PackCheck;
}

const LINTED_VERSIONS_KEPT = 16;

export function studioParts(config: Config): StudioParts {
  const packs = repositoryPacks(config.formsDir);
  const agencySchema = JSON.parse(readFileSync(join(config.formsDir, 'agency.schema.json'), 'utf8')) as object;
  // A pack version is the hash of its files: the home, the editor and the publish of one draft lint it once.
  const linted = new Map<string, readonly LintProblem[]>();
  const lint = (agencyId: string, files: PackFiles) => {
    const key = `${agencyId}/${packVersion(files)}`;
    let problems = linted.get(key);
    if (!problems) {
      problems = lintPack(agencyId, files, { templatesDir: config.templatesDir, agencySchema });
      // The versions an admin is looking at now; an older one is linted again if asked for.
      if (linted.size >= LINTED_VERSIONS_KEPT) linted.delete(linted.keys().next().value!);
      linted.set(key, problems);
    }
    return problems;
  };
  return {
    store: packStore(config),
    catalog: servingCatalog(config),
    repository: (agencyId) => packs.get(agencyId),
    lint,
    check: (agencyId, files) => {
      const problems = lint(agencyId, files);
      return refusesPack(problems) ? problems.filter((problem) => problem.severity === 'error') : [];
    },
  };
}
