import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { DynamoSigningStore } from '../adapters/aws/signing-store.ts';
import { S3FormVersionStore } from '../adapters/aws/s3-form-versions.ts';
import type { Config } from '../contracts/config.ts';
import type { FormCatalog } from '../domain/forms/catalog.ts';
import { FormVersions } from '../domain/forms/form-versions.ts';
import { servingCatalog } from './serving-catalog.ts';

/**
 * What the staff functions that read cases work with: the forms, the case store over the table and the bucket, and
 * the signing records (a sealed document is served only when its bytes hash to its record's: sealed-copy.ts).
 */
export function caseReading(config: Config): { readonly catalog: FormCatalog; readonly caseStore: DynamoCaseStore; readonly signings: DynamoSigningStore } {
  return { catalog: servingCatalog(config), caseStore: new DynamoCaseStore(config.tableName, new BlobStore(config.bucketName)), signings: new DynamoSigningStore(config.tableName) };
}

/** Case reading and every published form version: what shows old submissions' answers under the form they were sent on. */
export function caseReadingWithVersions(config: Config): { readonly catalog: FormCatalog; readonly caseStore: DynamoCaseStore; readonly formVersions: FormVersions } {
  const blobs = new BlobStore(config.bucketName);
  const catalog = servingCatalog(config);
  return { catalog, caseStore: new DynamoCaseStore(config.tableName, blobs), formVersions: new FormVersions(catalog, new S3FormVersionStore(config.bucketName, blobs)) };
}
