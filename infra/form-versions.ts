import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { loadCatalog } from '../functions/domain/forms/catalog.ts';
import { formVersionKey, VERSION_PATTERN } from '../functions/domain/forms/form-versions.ts';
import { isPlainId } from '../functions/contracts/ids.ts';
import type { StageSettings } from './stage.ts';

/** The key prefix every published form version lives under: formVersionKey(a, f, v) minus `<a>/<f>/<v>.json`. */
export const formVersionsPrefix = formVersionKey('a', 'f', 'v').slice(0, -'a/f/v.json'.length);

export const formVersionContentType = 'application/schema+json';

export interface StagedFormVersion {
  /** `<agencyId>/<formId>/<version>.json`: the key under formVersionsPrefix. */
  readonly relativePath: string;
  readonly agencyId: string;
  readonly formId: string;
  readonly version: string;
}

/**
 * Writes the current version of every form under `formsDir` to `stagingDir` as `<agency>/<form>/<version>.json`,
 * the bytes being exactly the schema text the version hashes. The directory is emptied first, so a form removed
 * from the repo is not carried over from an earlier synth. A broken pack throws its PackError: deploying the
 * other agencies' forms while one pack is broken would hide the mistake until runtime.
 */
export function stageFormVersions(formsDir: string, stagingDir: string): StagedFormVersion[] {
  const catalog = loadCatalog(formsDir);
  rmSync(stagingDir, { recursive: true, force: true });
  const staged: StagedFormVersion[] = [];
  for (const pack of catalog.agencies()) {
    for (const { agencyId, formId, version, source } of pack.forms.values()) {
      // The catalog checks these already; checked again because they become paths on disk and keys in S3.
      if (!isPlainId(agencyId) || !isPlainId(formId) || !VERSION_PATTERN.test(version)) {
        throw new Error(`form-versions: refusing to stage ${JSON.stringify({ agencyId, formId, version })}`);
      }
      const relativePath = `${agencyId}/${formId}/${version}.json`;
      mkdirSync(path.join(stagingDir, agencyId, formId), { recursive: true });
      writeFileSync(path.join(stagingDir, relativePath), source, 'utf8');
      staged.push({ relativePath, agencyId, formId, version });
    }
  }
  return staged.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
}

export interface FormVersionsDeploymentProps {
  /** The repo's form-schemas folder. */
  readonly formsDir: string;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
  readonly settings: StageSettings;
}

/**
 * Publishes the current version of every form to the data bucket at deploy time, as the local stack does at start:
 * old submissions validate and render against the version they recorded, so versions are added, never removed.
 */
export class FormVersionsDeployment extends Construct {
  readonly deployment: s3deploy.BucketDeployment;
  readonly staged: readonly StagedFormVersion[];
  /** Where the versions were staged; the deployed asset is a copy of it inside the cloud assembly. */
  readonly stagingDir: string;

  constructor(scope: Construct, id: string, { formsDir, bucket, key, settings }: FormVersionsDeploymentProps) {
    super(scope, id);
    const stage = Stage.of(this);
    if (!stage) throw new Error('FormVersionsDeployment must be defined inside an App or Stage');
    // Inside this synth's own assembly directory: private to it, and removed with it.
    this.stagingDir = path.join(stage.assetOutdir, `form-versions-staging-${this.node.addr}`);
    this.staged = stageFormVersions(formsDir, this.stagingDir);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: key,
      removalPolicy: settings.removalPolicy,
    });

    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [s3deploy.Source.asset(this.stagingDir)],
      destinationBucket: bucket,
      destinationKeyPrefix: formVersionsPrefix,
      // Versions no longer in the repo stay: submissions made against them still need them.
      prune: false,
      // Without this, deleting or replacing the custom resource runs `aws s3 rm --recursive` on the prefix.
      retainOnDelete: true,
      contentType: formVersionContentType,
      serverSideEncryption: s3deploy.ServerSideEncryption.AWS_KMS,
      serverSideEncryptionAwsKmsKeyId: key.keyArn,
      // A handful of small JSON files: the 1024 MB default is for large sites.
      memoryLimit: 256,
      // The response would list every key; CloudFormation caps it at 4 KB and nothing reads it.
      outputObjectKeys: false,
      logGroup,
    });

    // BucketDeployment grants its handler read/write on the whole bucket, deletes included. With prune off and
    // retain on it never deletes; the deny makes that hold for case documents and versions whatever it is given.
    this.deployment.handlerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
  }
}
