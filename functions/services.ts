import { BlobStore } from './adapters/aws/blob-store.ts';
import { DynamoCaseStore } from './adapters/aws/case-store.ts';
import { DynamoLinkStore } from './adapters/aws/link-store.ts';
import { DynamoIntakeStore } from './adapters/aws/intake-store.ts';
import { SqsJobQueue } from './adapters/aws/job-queue.ts';
import { S3FormVersionStore } from './adapters/aws/s3-form-versions.ts';
import { readConfig, type Config } from './contracts/config.ts';
import { loadCatalog, type FormCatalog } from './domain/forms/catalog.ts';
import { FormVersions } from './domain/forms/form-versions.ts';
import { reportRefusal } from './observability/refusals.ts';

/**
 * What the handlers work with, built once per container on first use (not at import time, so tests can set the
 * environment first). A broken form, or a broken pack, is logged, counted (FormRefused, which infra alarms on) and left
 * out; the other forms and agencies keep serving.
 */
export interface Services {
  readonly config: Config;
  readonly catalog: FormCatalog;
  readonly blobs: BlobStore;
  readonly intakeStore: DynamoIntakeStore;
  readonly jobQueue: SqsJobQueue;
  readonly formVersions: FormVersions;
  readonly caseStore: DynamoCaseStore;
  readonly links: DynamoLinkStore;
}

let services: Services | undefined;

/**
 * Forgets the services, as a new Lambda container would start without them. Only the local stack calls it, when
 * it stops, so that a restart in the same process reads the forms and settings afresh.
 */
export function resetServices(): void {
  services = undefined;
}

export function getServices(): Services {
  if (services) return services;
  const config = readConfig();
  const catalog = loadCatalog(config.formsDir, (_, refusal) => reportRefusal(refusal));
  const blobs = new BlobStore(config.bucketName);
  services = {
    config,
    catalog,
    blobs,
    intakeStore: new DynamoIntakeStore(config.tableName, blobs),
    jobQueue: new SqsJobQueue(config.documentQueueUrl),
    formVersions: new FormVersions(catalog, new S3FormVersionStore(config.bucketName, blobs)),
    caseStore: new DynamoCaseStore(config.tableName, blobs),
    links: new DynamoLinkStore(config.tableName),
  };
  return services;
}
