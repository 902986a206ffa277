import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { packStore } from '../composition/pack-store.ts';
import { deployRepositoryPacks } from '../composition/repository-packs.ts';
import { repositoryPacks } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { logger } from '../observability/logger.ts';

/** What the custom resource framework (aws-cdk-lib/custom-resources Provider) expects back from its onEvent handler. */
export interface DeployPacksResponse {
  readonly PhysicalResourceId: string;
  /** Each agency's outcome (`live`, `unchanged`, `kept-studio`): ids and words only, readable with Fn::GetAtt. */
  readonly Data?: Readonly<Record<string, string>>;
}

/**
 * One id for good: an update that returned another would make CloudFormation delete the "old" resource, and a
 * delete must never take packs with it.
 */
export const REPOSITORY_PACKS_ID = 'caseforms-repository-packs';

/**
 * The deploy step (infra/pack-deploy.ts): on create and on every update (CloudFormation sends one only when the
 * repository's pack versions changed) the bundled `form-schemas/` packs are stored and go live, unless the studio
 * published since (composition/repository-packs.ts). A delete keeps everything: submissions made with a pack's forms
 * still need them, and the studio's work is not the deploy's to remove.
 */
export function build(settings: () => Config = readConfig, now: () => Date = () => new Date()) {
  return async function handler(event: CloudFormationCustomResourceEvent): Promise<DeployPacksResponse> {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
    const config = settings();
    const outcomes = Object.fromEntries(await deployRepositoryPacks(packStore(config), repositoryPacks(config.formsDir), now()));
    logger.info('repository packs deployed', { requestType: event.RequestType, outcomes });
    return { PhysicalResourceId: REPOSITORY_PACKS_ID, Data: outcomes };
  };
}

export const handler = build();
