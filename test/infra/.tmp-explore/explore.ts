import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { CaseformsStack } from '../../../infra/caseforms-stack.ts';
const stage = (process.argv[2] ?? 'dev') as 'dev' | 'prod';
const t0 = Date.now();
const app = new App({ outdir: `/tmp/nag/out-${stage}`, context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new CaseformsStack(app, `caseforms-${stage}`, { stage });
Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: false }));
Aspects.of(stack).add(new HIPAASecurityChecks({ verbose: false }));
const a = Annotations.fromStack(stack);
const pat = Match.stringLikeRegexp('AwsSolutions-.*|HIPAA.Security-.*');
for (const [kind, list] of [['ERR', a.findError('*', pat)], ['WARN', a.findWarning('*', pat)]] as const)
  for (const m of list) console.log(kind, m.id, String(m.entry.data).split('\n')[0]);
console.error('ms', Date.now() - t0);
