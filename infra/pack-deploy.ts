import { createHash } from 'node:crypto';
import { CustomResource, Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { repositoryPacks } from '../functions/composition/serving-catalog.ts';
import { packVersion } from '../functions/domain/forms/pack-files.ts';
import { createFunction } from './lambda.ts';
import { grantPackDeploy, type DataResources } from './permissions.ts';
import type { StageSettings } from './stage.ts';

/** The handler module of the deploy step: functions/handlers/deploy-packs.ts. */
export const DEPLOY_PACKS_HANDLER = 'deploy-packs';

/** The custom resource's type, as the template names it. */
export const REPOSITORY_PACKS_TYPE = 'Custom::RepositoryPacks';

/**
 * One hash of every agency's pack version in `formsDir`, the same packs the deploy step reads from its bundle
 * (repositoryPacks): it changes exactly when a pack's files change, or an agency is added or removed.
 */
export function repositoryPacksVersion(formsDir: string): string {
  const versions = [...repositoryPacks(formsDir)].map(([agencyId, files]) => `${agencyId}=${packVersion(files)}`).sort();
  return createHash('sha256').update(versions.join('\n')).digest('hex').slice(0, 16);
}

export interface RepositoryPacksDeploymentProps {
  /** The repository's form-schemas folder, which every bundle ships (infra/environment.ts bundledFolders). */
  readonly formsDir: string;
  readonly resources: DataResources;
  readonly key: kms.IKey;
  readonly settings: StageSettings;
  readonly environment: Record<string, string>;
}

/**
 * Publishes the repository's packs on deploy, as `npm start` does locally: a custom resource whose one property is
 * the hash of all pack versions, so CloudFormation calls the deploy step again only when a pack changed. The step
 * stores each pack (and each of its forms as a form version) and makes it live unless the studio published since
 * (docs/deploy.md). Functions pick a new live pack up within PACK_REFRESH_SECONDS.
 */
export class RepositoryPacksDeployment extends Construct {
  readonly function: NodejsFunction;
  readonly provider: cr.Provider;
  readonly resource: CustomResource;
  /** The hash the custom resource carries (repositoryPacksVersion). */
  readonly packsVersion: string;

  constructor(scope: Construct, id: string, { formsDir, resources, key, settings, environment }: RepositoryPacksDeploymentProps) {
    super(scope, id);
    this.packsVersion = repositoryPacksVersion(formsDir);
    // A few agencies, each a handful of S3 puts and one transaction: well within a minute; the margin is for retries.
    this.function = createFunction(this, { handler: DEPLOY_PACKS_HANDLER, environment, key, settings, timeout: Duration.minutes(2) });
    grantPackDeploy(this.function, resources);

    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        encryptionKey: key,
        removalPolicy: settings.removalPolicy,
      }),
      providerFunctionEnvEncryption: key,
    });
    this.resource = new CustomResource(this, 'RepositoryPacks', {
      serviceToken: this.provider.serviceToken,
      resourceType: REPOSITORY_PACKS_TYPE,
      properties: { PacksVersion: this.packsVersion },
    });
  }
}
