import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { bundledFolders } from './environment.ts';
import { handlerEntry, lockFile, repoRoot } from './paths.ts';
import type { StageSettings } from './stage.ts';

export interface CaseformsFunctionProps {
  /** Module under functions/handlers/ that exports `handler`. */
  readonly handler: string;
  readonly environment: Record<string, string>;
  readonly key: kms.IKey;
  readonly settings: StageSettings;
  readonly architecture?: lambda.Architecture;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /** Packages installed next to the bundle instead of bundled, for those that ship binaries. */
  readonly nodeModules?: string[];
  /** Extra shell commands run after bundling, given the bundle's output directory. */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

// esbuild's ESM output has no `require`; CommonJS dependencies that call it (the AWS SDK among them) need one.
const requireBanner = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** 'document-worker' -> 'DocumentWorkerFunction': stable logical IDs derived from the handler module name. */
export const functionId = (handler: string): string =>
  `${handler.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}Function`;

/** A Node.js function bundled from functions/handlers/<handler>.ts with the settings every caseforms function shares. */
export function createFunction(scope: Construct, props: CaseformsFunctionProps): NodejsFunction {
  const id = functionId(props.handler);
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: logs.RetentionDays.ONE_MONTH,
    encryptionKey: props.key,
    removalPolicy: props.settings.removalPolicy,
  });

  return new NodejsFunction(scope, id, {
    description: `caseforms ${props.handler}`,
    entry: handlerEntry(props.handler),
    handler: 'handler',
    projectRoot: repoRoot,
    depsLockFilePath: lockFile,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: props.architecture ?? lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(10),
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: requireBanner,
      minify: true,
      sourceMap: true,
      // Stack traces need only the mappings; embedding every bundled source would add megabytes per function.
      sourcesContent: false,
      // Bundle the AWS SDK rather than use the runtime's copy, so the version tested is the version deployed.
      externalModules: [],
      nodeModules: props.nodeModules,
      // nodeModules are installed with `npm ci`; reuse the local npm cache so synth works without a network.
      environment: { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' },
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir, outputDir) => [
          ...Object.values(bundledFolders).map((folder) => `cp -R "${inputDir}/${folder}" "${outputDir}/${folder}"`),
          ...(props.afterBundling?.(inputDir, outputDir) ?? []),
        ],
      },
    },
  });
}
