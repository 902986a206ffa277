import { App, Tags } from 'aws-cdk-lib';
import { precompileValidators } from '../scripts/precompile-validators.ts';
import { CaseformsStack } from './caseforms-stack.ts';
import { parseStage } from './stage.ts';

// Every function bundles functions/forms/generated/: write it before the stack (and so esbuild) is constructed.
for (const problem of precompileValidators().problems) console.warn(`precompile-validators: warning: ${problem}`);

const app = new App();
const stage = parseStage(app.node.tryGetContext('stage'));

// Environment-agnostic unless the CLI knows the target, so `cdk synth` runs offline without credentials.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new CaseformsStack(app, `caseforms-${stage}`, {
  stage,
  env: account && region ? { account, region } : undefined,
});

Tags.of(app).add('project', 'caseforms');
Tags.of(app).add('stage', stage);
