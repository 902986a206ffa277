import { App, Tags } from 'aws-cdk-lib';
import { precompileValidators } from '../functions/domain/forms/validator-codegen.ts';
import { parseAlarmEmail, parseIntakeRateThreshold } from './alarms.ts';
import { CaseformsStack } from './caseforms-stack.ts';
import { addNagChecks } from './nag.ts';
import { parseOriginVerifyGeneration } from './origin-verify.ts';
import { parseSignInDomainPrefix } from './sign-in-domain.ts';
import { parseStage } from './stage.ts';

// Every function bundles functions/domain/forms/generated/: write it before the stack (and so esbuild) is constructed.
for (const problem of precompileValidators().problems) console.warn(`precompile-validators: warning: ${problem}`);

const app = new App();
const stage = parseStage(app.node.tryGetContext('stage'));

// Environment-agnostic unless the CLI knows the target, so `cdk synth` runs offline without credentials.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
// `-c staffTokenIssuer=https://login.example.org -c staffTokenAudience=<client id>`: any OIDC provider whose ID
// tokens carry sub, custom:agency, cognito:groups and email; without them, the stack's own Cognito user pool.
const issuer = app.node.tryGetContext('staffTokenIssuer') as string | undefined;
const audience = app.node.tryGetContext('staffTokenAudience') as string | undefined;
if (Boolean(issuer) !== Boolean(audience)) throw new Error('Set both staffTokenIssuer and staffTokenAudience, or neither.');
// The staff pages sign in at that provider too: `-c staffSignInUrl=<base of its /oauth2/authorize, /oauth2/token and
// /logout> -c staffJwksUrl=<its jwks_uri>` (see ExternalIssuer in infra/auth.ts). Without them the pages could not work.
const signInUrl = app.node.tryGetContext('staffSignInUrl') as string | undefined;
const jwksUrl = app.node.tryGetContext('staffJwksUrl') as string | undefined;
if ((issuer && !(signInUrl && jwksUrl)) || (!issuer && (signInUrl || jwksUrl))) {
  throw new Error('Set staffSignInUrl and staffJwksUrl with staffTokenIssuer, and only with it.');
}
// `-c staffSignInDomainPrefix=<prefix>`: the Cognito sign-in domain's prefix; by default `<stack name>-<account id>`.
const staffSignInDomainPrefix = parseSignInDomainPrefix(app.node.tryGetContext('staffSignInDomainPrefix'));
// The public edge's WAF must live in us-east-1: outside it, `-c publicWebAclArn=<us-east-1 CLOUDFRONT WebACL>`.
// `-c publicDomainName=forms.example.org -c publicCertificateArn=<us-east-1 ACM ARN>` holds viewers to TLS 1.2.
const publicWebAclArn = app.node.tryGetContext('publicWebAclArn') as string | undefined;
const publicDomainName = app.node.tryGetContext('publicDomainName') as string | undefined;
const publicCertificateArn = app.node.tryGetContext('publicCertificateArn') as string | undefined;
if (Boolean(publicDomainName) !== Boolean(publicCertificateArn)) throw new Error('Set both publicDomainName and publicCertificateArn, or neither.');
// `-c publicOriginDomainName=origin.forms.example.org -c publicOriginCertificateArn=<ACM ARN in the stack's region>`:
// CloudFront reaches the public API there, and the API's execute-api endpoint is disabled. Prod requires both pairs.
const publicOriginDomainName = app.node.tryGetContext('publicOriginDomainName') as string | undefined;
const publicOriginCertificateArn = app.node.tryGetContext('publicOriginCertificateArn') as string | undefined;
if (Boolean(publicOriginDomainName) !== Boolean(publicOriginCertificateArn)) {
  throw new Error('Set both publicOriginDomainName and publicOriginCertificateArn, or neither.');
}
// `-c originVerifyGeneration=<n+1>` (or cdk.json) rotates the public edge's origin-verify secret: see infra/origin-verify.ts.
const originVerifyGeneration = parseOriginVerifyGeneration(app.node.tryGetContext('originVerifyGeneration'));
// `-c alarmEmail=oncall@agency.example`: subscribes that address to the alarm topic (SNS mails it a confirmation link
// first). Every alarm notifies the topic either way; its ARN is the AlarmTopicArn output, for any other subscriber.
const alarmEmail = parseAlarmEmail(app.node.tryGetContext('alarmEmail'));
// `-c intakeRateThreshold=<n>`: stored intakes per 5 minutes, all agencies, above which the intake-rate alarm fires.
const intakeRateThreshold = parseIntakeRateThreshold(app.node.tryGetContext('intakeRateThreshold'));
new CaseformsStack(app, `caseforms-${stage}`, {
  stage,
  ...(issuer && audience && signInUrl && jwksUrl ? { externalIssuer: { issuer, audience, signInUrl, jwksUrl } } : {}),
  ...(staffSignInDomainPrefix ? { staffSignInDomainPrefix } : {}),
  ...(publicWebAclArn ? { publicWebAclArn } : {}),
  ...(publicDomainName && publicCertificateArn ? { publicDomain: { domainName: publicDomainName, certificateArn: publicCertificateArn } } : {}),
  ...(publicOriginDomainName && publicOriginCertificateArn
    ? { publicOrigin: { domainName: publicOriginDomainName, certificateArn: publicOriginCertificateArn } } : {}),
  originVerifyGeneration,
  ...(alarmEmail ? { alarmEmail } : {}),
  intakeRateThreshold,
  env: account && region ? { account, region } : undefined,
});

// AwsSolutions and HIPAA.Security: an unacknowledged finding is an error annotation, so `cdk synth` fails on it
// (acknowledgements live in infra/nag-suppressions.ts). Reports go to the cloud assembly for audit.
addNagChecks(app, { reports: true });

Tags.of(app).add('project', 'caseforms');
Tags.of(app).add('stage', stage);
