import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../contracts/config.ts';
import { lintPack, refusesPack, type LintProblem } from '../domain/forms/lint-pack.ts';
import type { PackFiles } from '../domain/forms/pack-files.ts';
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
  readonly lint: (agencyId: string, files: PackFiles) => LintProblem[];
  /** What refuses a publish: the errors among them. */
  readonly check: PackCheck;
}

export function studioParts(config: Config): StudioParts {
  const packs = repositoryPacks(config.formsDir);
  const agencySchema = JSON.parse(readFileSync(join(config.formsDir, 'agency.schema.json'), 'utf8')) as object;
  const lint = (agencyId: string, files: PackFiles) => lintPack(agencyId, files, { templatesDir: config.templatesDir, agencySchema });
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
