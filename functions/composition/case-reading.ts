import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import type { Config } from '../contracts/config.ts';
import type { FormCatalog } from '../domain/forms/catalog.ts';
import { servingCatalog } from './serving-catalog.ts';

/** What the staff functions that read cases work with: the forms, and the case store over the table and the bucket. */
export function caseReading(config: Config): { readonly catalog: FormCatalog; readonly caseStore: DynamoCaseStore } {
  return { catalog: servingCatalog(config), caseStore: new DynamoCaseStore(config.tableName, new BlobStore(config.bucketName)) };
}
