import { RemovalPolicy } from 'aws-cdk-lib';

export const stages = ['dev', 'prod'] as const;
export type Stage = (typeof stages)[number];

/** Context values arrive as untyped strings from cdk.json or `-c stage=...`; reject typos rather than deploy a surprise stack. */
export function parseStage(value: unknown): Stage {
  const stage = value ?? 'dev';
  if (typeof stage === 'string' && (stages as readonly string[]).includes(stage)) return stage as Stage;
  throw new Error(`Unknown stage ${JSON.stringify(value)}: expected one of ${stages.join(', ')}`);
}

export interface StageSettings {
  /** Prod keeps case data when the stack or a resource is deleted; dev cleans up after itself. */
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Versioned buckets cannot be deleted while they hold objects, so dev empties the bucket on stack deletion. */
  readonly autoDeleteObjects: boolean;
}

export function stageSettings(stage: Stage): StageSettings {
  return stage === 'prod'
    ? { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true, autoDeleteObjects: false }
    : { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false, autoDeleteObjects: true };
}
