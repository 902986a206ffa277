/**
 * `npm run backfill -- [--agency X] [--dry-run]`: files cases stored before the case indexes existed the way an intake
 * files a new one: search terms, possible-match entries and the case item's index keys (caseloads, reviews,
 * follow-ups), and, for a case with no identity on record, the identity its intake's answers give (as its page reads
 * it). Reads each agency's cases by the agency's cases index, a page at a time, never a table scan. Idempotent: a
 * second run writes nothing. Against the running local stack by default (`npm start` writes .local/stack.json);
 * against AWS with `--table <name> --bucket <name>` and the usual AWS credentials.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BlobStore } from '../functions/adapters/aws/blob-store.ts';
import { DynamoIndexBackfillStore } from '../functions/adapters/aws/index-backfill-store.ts';
import { S3FormVersionStore } from '../functions/adapters/aws/s3-form-versions.ts';
import { backfillCaseIndexes, type BackfillCounts } from '../functions/domain/cases/case-index-backfill.ts';
import { loadCatalog } from '../functions/domain/forms/catalog.ts';
import { FormVersions } from '../functions/domain/forms/form-versions.ts';
import { emulatorEnvironment, serviceDefaults } from '../local/aws-environment.ts';
import { localStackFile, type LocalStackFile } from '../local/stack-file.ts';

export interface BackfillOptions {
  readonly tableName: string;
  readonly bucketName: string;
  /** The agencies' packs: which agencies there are, and their current forms (older versions are read from the bucket). */
  readonly formsDir: string;
  /** One agency; every agency of the packs when absent. */
  readonly agencyId?: string;
  /** Count what is missing, write nothing. */
  readonly dryRun?: boolean;
  /** Cases read per query of an agency's index (default 100). */
  readonly pageSize?: number;
}

/** Backfills each agency in turn; the counts are by agency id. */
export async function backfillAgencies(options: BackfillOptions): Promise<Readonly<Record<string, BackfillCounts>>> {
  const catalog = loadCatalog(options.formsDir, (error) => console.error(`${error.formId ? 'form' : 'agency pack'} refused: ${error.message}`));
  const blobs = new BlobStore(options.bucketName);
  const store = new DynamoIndexBackfillStore(options.tableName, blobs, options.pageSize);
  const forms = new FormVersions(catalog, new S3FormVersionStore(options.bucketName, blobs));
  const agencies = options.agencyId ? [options.agencyId] : catalog.agencies().map((pack) => pack.agency.id);
  const counts: Record<string, BackfillCounts> = {};
  const run = { dryRun: options.dryRun === true, at: new Date().toISOString(), runId: `backfill-${randomUUID()}` };
  for (const agencyId of agencies) counts[agencyId] = await backfillCaseIndexes(store, forms, { ...run, agencyId });
  return counts;
}

/** One line per agency: counts only, never a case's data. */
export function report(counts: Readonly<Record<string, BackfillCounts>>, dryRun: boolean): string {
  const verb = dryRun ? 'would write' : 'wrote';
  return Object.entries(counts).map(([agencyId, c]) =>
    `${agencyId}: ${c.cases} case(s) read; ${verb} ${c.identities} identit${c.identities === 1 ? 'y' : 'ies'} from intake answers, ` +
    `${c.searchTerms} search term(s), ${c.matchKeys} match key(s), index keys on ${c.caseIndexKeys} case(s)` +
    (c.stale > 0 ? `; ${c.stale} case(s) changed while read, left for the next run` : '')).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    agency: { type: 'string' }, 'dry-run': { type: 'boolean', default: false },
    table: { type: 'string' }, bucket: { type: 'string' }, 'forms-dir': { type: 'string' },
  } });
  let tableName = values.table ?? process.env.TABLE_NAME;
  let bucketName = values.bucket ?? process.env.BUCKET_NAME;
  if (!tableName || !bucketName) {
    if (!existsSync(localStackFile)) throw new Error(`no local stack is running (${localStackFile} is missing): start one with npm start, or pass --table and --bucket`);
    const local = JSON.parse(readFileSync(localStackFile, 'utf8')) as LocalStackFile;
    Object.assign(process.env, emulatorEnvironment({ ...serviceDefaults(local.emulatorEndpoint), dynamodb: local.dynamodbEndpoint }));
    ({ tableName, bucketName } = local);
  }
  const dryRun = values['dry-run'] === true;
  const formsDir = values['forms-dir'] ?? process.env.FORMS_DIR ?? join(import.meta.dirname, '..', 'form-schemas');
  const counts = await backfillAgencies({ tableName, bucketName, formsDir, dryRun, ...(values.agency ? { agencyId: values.agency } : {}) });
  console.log(report(counts, dryRun));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(`backfill: ${(error as Error).message}`);
    process.exit(1);
  });
}
