import { S3FormVersionStore } from '../adapters/aws/s3-form-versions.ts';
import type { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import type { Config } from '../contracts/config.ts';
import type { FormCatalog } from '../domain/forms/catalog.ts';
import { FormVersions } from '../domain/forms/form-versions.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { caseReading } from './case-reading.ts';

/**
 * What the exports that carry answers work with: the cases, and every published form version (a submission is
 * exported against the version it was submitted with, not the current one).
 */
export function submissionExport(config: Config): { readonly catalog: FormCatalog; readonly caseStore: DynamoCaseStore; readonly formVersions: FormVersions } {
  const { catalog, caseStore } = caseReading(config);
  return { catalog, caseStore, formVersions: new FormVersions(catalog, new S3FormVersionStore(config.bucketName, new BlobStore(config.bucketName))) };
}
