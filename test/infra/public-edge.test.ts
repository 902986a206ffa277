import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, type Environment } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, describe, expect, it } from 'vitest';
import { routes, workers, type Route } from '../../functions/contracts/routes.ts';
import { CaseformsStack, type CaseformsStackProps } from '../../infra/caseforms-stack.ts';
import { originVerifyHeader, originVerifyVariables, parseOriginVerifyGeneration } from '../../infra/origin-verify.ts';
import { PUBLIC_REQUESTS_PER_IP as publicRateLimit, RATE_WINDOW_SECONDS as rateWindowSeconds, SUBMISSIONS_PER_IP as submissionRateLimit } from '../../functions/contracts/rate-limits.ts';
import { DEPLOY_PACKS_HANDLER } from '../../infra/pack-deploy.ts';
import { routeFilterCode } from '../../infra/public-edge.ts';
import { viewerAddressHeader } from '../../functions/web/public/client-key.ts';
import { dataKey, publicApi, resourcesWithNested } from '../support/cdk-template.ts';

type Resource = { Type: string; Properties?: any };

const outRoot = mkdtempSync(path.join(os.tmpdir(), 'caseforms-edge-test-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

let apps = 0;
/** Bundling is skipped: these assertions are about resources, not code. */
function stack(props: Partial<CaseformsStackProps> & { env?: Environment } = {}): CaseformsStack {
  const app = new App({ outdir: path.join(outRoot, String(apps++)), context: { 'aws:cdk:bundling-stacks': [] } });
  return new CaseformsStack(app, 'caseforms-dev', { stage: 'dev', ...props });
}
const template = (props: Partial<CaseformsStackProps> & { env?: Environment } = {}): Template => Template.fromStack(stack(props));

const resources = (t: Template, type: string): [string, Resource][] => Object.entries(t.findResources(type)) as [string, Resource][];
const only = (t: Template, type: string): [string, Resource] => {
  const found = resources(t, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

const devStack = stack();
const dev = Template.fromStack(devStack);
const [distributionId, distribution] = only(dev, 'AWS::CloudFront::Distribution');
const config = distribution.Properties.DistributionConfig;
const [webAclId, webAcl] = only(dev, 'AWS::WAFv2::WebACL');
const ruleNamed = (name: string) => webAcl.Properties.Rules.find((rule: any) => rule.Name === name);

// The deploy step is a function of the stack too: alarmed and logged as the others.
const allHandlers = [...new Set(routes.map((route) => route.handler)), ...Object.values(workers), DEPLOY_PACKS_HANDLER];

describe('public edge', () => {
  it('puts a CloudFront distribution with the stack\'s CLOUDFRONT-scope WebACL in front of the public API', () => {
    expect(webAcl.Properties.Scope).toBe('CLOUDFRONT');
    expect(webAcl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    const [apiId] = publicApi(dev);
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0].DomainName).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }] }] });
  });

  it(`blocks a client IP after ${submissionRateLimit} submissions or ${publicRateLimit} requests in ${rateWindowSeconds / 60} minutes`, () => {
    const submissions = ruleNamed('SubmissionsPerIp');
    // 429 with Retry-After, as the local gateway answers, rather than WAF's default 403.
    const tooManyRequests = { Block: { CustomResponse: { ResponseCode: 429, ResponseHeaders: [{ Name: 'retry-after', Value: '300' }] } } };
    expect(submissions.Action).toEqual(tooManyRequests);
    expect(submissions.Statement.RateBasedStatement).toMatchObject({
      Limit: 300,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
      ScopeDownStatement: { ByteMatchStatement: { FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchString: 'POST' } },
    });
    const all = ruleNamed('PublicRequestsPerIp');
    expect(all.Action).toEqual(tooManyRequests);
    expect(all.Statement.RateBasedStatement).toEqual({ Limit: publicRateLimit, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
  });

  it('applies the AWS common and known-bad-inputs rule groups, counting (not blocking) bodies over 8 KB', () => {
    for (const name of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']) {
      const rule = ruleNamed(name);
      expect(rule.OverrideAction, name).toEqual({ None: {} });
      expect(rule.Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: 'AWS', Name: name });
    }
    expect(ruleNamed('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    const priorities = webAcl.Properties.Rules.map((rule: any) => rule.Priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it('redirects HTTP to HTTPS and talks to the API over TLS 1.2 only', () => {
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Origins[0].CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    // No custom domain: the default certificate, whose policy CloudFront fixes (see the CFR4 acknowledgement).
    expect(config.ViewerCertificate).toBeUndefined();
  });

  it('caches nothing, forwards every viewer header but Host, and allows POST', () => {
    const behavior = config.DefaultCacheBehavior;
    expect(behavior.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(behavior.OriginRequestPolicyId).toBe(cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
    expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(config.CacheBehaviors).toBeUndefined();
  });

  it('filters viewer requests to the public routes with a CloudFront Function', () => {
    const [functionId, fn] = only(dev, 'AWS::CloudFront::Function');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    expect(fn.Properties.FunctionCode).toBe(routeFilterCode(routes.filter((route) => route.access === 'public')));
  });

  it('logs WAF requests to an encrypted log group with a retention, URI paths (they carry link tokens) and intake credentials redacted', () => {
    const [logGroupId, logGroup] = resources(dev, 'AWS::Logs::LogGroup').find(([, g]) => String(g.Properties.LogGroupName ?? '').startsWith('aws-waf-logs-'))!;
    expect(logGroup.Properties.RetentionInDays).toBe(30);
    expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [dataKey(dev)[0], 'Arn'] });
    const [, logging] = only(dev, 'AWS::WAFv2::LoggingConfiguration');
    expect(logging.Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).toContain(`:log-group:${logGroup.Properties.LogGroupName}"`);
    expect(logging.Properties.RedactedFields).toEqual([
      { UriPath: {} }, { SingleHeader: { Name: 'x-caseforms-page-token' } }, { SingleHeader: { Name: 'x-caseforms-api-key' } },
    ]);
    expect(dev.toJSON().Resources[Object.keys(dev.findResources('AWS::WAFv2::LoggingConfiguration'))[0]!].DependsOn).toContain(logGroupId);
  });

  it('outputs the distribution URL as PublicUrl', () => {
    dev.hasOutput('PublicUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] } });
  });
});

describe('public edge route filter', () => {
  type Request = { method: string; uri: string; headers: Record<string, { value: string }> };
  type Handler = (event: { request: Request; viewer: { ip: string } }) => Request & { statusCode?: number };
  const filter = new Function(`${routeFilterCode(routes.filter((route) => route.access === 'public'))}\nreturn handler;`)() as Handler;
  const sample = (route: Route) => route.path.replace(/\{\w+\}/g, 'abc-123');
  const passes = (method: string, uri: string) => filter({ request: { method, uri, headers: {} }, viewer: { ip: '203.0.113.9' } }).statusCode === undefined;

  it('hands the origin the viewer\'s address in its own header, over any value the viewer sent', () => {
    const forged = { 'x-caseforms-viewer-address': { value: '198.51.100.1' }, 'content-type': { value: 'application/json' } };
    const passed = filter({ request: { method: 'POST', uri: '/agencies/demo/forms/intake/submissions', headers: forged }, viewer: { ip: '2001:db8::7' } });
    expect(passed.headers[viewerAddressHeader]).toEqual({ value: '2001:db8::7' });
    expect(passed.headers['content-type']).toEqual({ value: 'application/json' });
  });

  it.each(routes.map((route) => [route.access, route.method, route.path, route] as const))('%s route %s %s', (access, method, _, route) => {
    expect(passes(method, sample(route))).toBe(access === 'public');
  });

  it('rejects other methods and shapes of the public paths', () => {
    expect(passes('GET', '/agencies/a/forms/f/submissions')).toBe(false);
    expect(passes('POST', '/agencies/a/forms/f')).toBe(false);
    expect(passes('DELETE', '/agencies/a/links/t')).toBe(false);
    expect(passes('GET', '/agencies/a/links/t/extra')).toBe(false);
    expect(passes('GET', '/agencies/a/cases/c/forms/f')).toBe(false);
    expect(passes('GET', '/')).toBe(false);
  });
});

describe('public edge WAF region', () => {
  const account = '123456789012';
  const externalAcl = `arn:aws:wafv2:us-east-1:${account}:global/webacl/caseforms-public/0d1e2f`;

  it('creates its own WebACL in a us-east-1 stack', () => {
    const t = template({ env: { account, region: 'us-east-1' } });
    only(t, 'AWS::WAFv2::WebACL');
  });

  it('refuses a stack outside us-east-1 without a us-east-1 WebACL, rather than deploy the edge unprotected', () => {
    expect(() => template({ env: { account, region: 'eu-west-1' } })).toThrow(/us-east-1.*publicWebAclArn/s);
  });

  it('attaches a given WebACL instead of creating one', () => {
    const t = template({ env: { account, region: 'eu-west-1' }, publicWebAclArn: externalAcl });
    expect(resources(t, 'AWS::WAFv2::WebACL')).toHaveLength(0);
    t.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: externalAcl }) });
  });
});

describe('public edge custom domain', () => {
  const domain = { domainName: 'forms.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f' };
  const t = template({ publicDomain: domain });

  it('holds viewers to TLS 1.2 with the given certificate, and links point at the domain', () => {
    const [, d] = only(t, 'AWS::CloudFront::Distribution');
    expect(d.Properties.DistributionConfig.Aliases).toEqual([domain.domainName]);
    expect(d.Properties.DistributionConfig.ViewerCertificate).toEqual({
      AcmCertificateArn: domain.certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    t.hasOutput('PublicUrl', { Value: 'https://forms.example.org' });
    // The worker's links, and the intake page's Origin check, both name the edge.
    for (const handler of [workers.documentWorker, 'intake-post', 'intake-check']) {
      t.hasResourceProperties('AWS::Lambda::Function', {
        Description: `caseforms ${handler}`,
        Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://forms.example.org' }) },
      });
    }
  });
});

describe('function alarms', () => {
  // The per-function alarms are in a nested stack (infra/alarms.ts FunctionAlarms), read with the parent's names.
  const alarms = resourcesWithNested(devStack, 'AWS::CloudWatch::Alarm');
  const functionIdFor = (handler: string): string => {
    const found = Object.keys(dev.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } }));
    expect(found, handler).toHaveLength(1);
    return found[0]!;
  };

  it.each(allHandlers)('%s has one alarm on its Errors and Throttles that names it', (handler) => {
    const fnId = functionIdFor(handler);
    const metricsOf = (alarm: Resource) => (alarm.Properties.Metrics ?? []) as Array<{ Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown }; Period: number; Stat: string } }>;
    const found = alarms.filter(([, a]) => metricsOf(a).some((m) => JSON.stringify(m.MetricStat?.Metric.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId } }])));
    expect(found, handler).toHaveLength(1);
    const [, alarm] = found[0]!;
    expect(metricsOf(alarm).filter((m) => m.MetricStat).map((m) => [m.MetricStat!.Metric.Namespace, m.MetricStat!.Metric.MetricName, m.MetricStat!.Period, m.MetricStat!.Stat]).sort())
      .toEqual([['AWS/Lambda', 'Errors', 60, 'Sum'], ['AWS/Lambda', 'Throttles', 60, 'Sum']]);
    expect(metricsOf(alarm).find((m) => m.Expression)?.Expression).toBe('FILL(errors, 0) + FILL(throttles, 0)');
    expect(alarm.Properties).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    expect(alarm.Properties.AlarmDescription).toContain(`caseforms ${handler}:`);
  });

  it('alarms on every function, the three dead-letter queues, refused forms and the intake rate, and nothing else', () => {
    const deadLetter = alarms.filter(([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(deadLetter).toHaveLength(3);
    const formRefused = alarms.filter(([, a]) => a.Properties.MetricName === 'FormRefused');
    expect(formRefused).toHaveLength(1);
    const intakeRate = alarms.filter(([, a]) => a.Properties.MetricName === 'Submission');
    expect(intakeRate).toHaveLength(1);
    expect(alarms).toHaveLength(allHandlers.length + deadLetter.length + formRefused.length + intakeRate.length);
  });
});

describe('log retention', () => {
  it('gives every log group the stack creates a retention, function log groups included', () => {
    const groups = resources(dev, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(allHandlers.length);
    for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBeGreaterThan(0);
    for (const handler of allHandlers) {
      const [, fn] = Object.entries(dev.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } }))[0]! as [string, Resource];
      expect(groups.map(([id]) => id), handler).toContain(fn.Properties.LoggingConfig.LogGroup.Ref);
    }
  });
});

describe('public edge origin-verify header', () => {
  const publicHandlers = [...new Set(routes.filter((route) => route.access === 'public').map((route) => route.handler))];
  const otherHandlers = allHandlers.filter((handler) => !publicHandlers.includes(handler));
  const lambdaFor = (t: Template, handler: string): [string, Resource] => {
    const found = Object.entries(t.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } })) as [string, Resource][];
    expect(found, handler).toHaveLength(1);
    return found[0]!;
  };
  /** What CDK writes for a secret's value: a dynamic reference CloudFormation resolves at deploy time. */
  const reference = (secretId: string) => ({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] });
  const secretIds = (t: Template) => resources(t, 'AWS::SecretsManager::Secret').map(([id]) => id);
  const originHeaders = (t: Template) => only(t, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig.Origins[0].OriginCustomHeaders;
  const roleStatements = (t: Template): any[] => resources(t, 'AWS::IAM::Policy').flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
  const actionsOf = (statement: any): string[] => [statement.Action].flat();

  /** The secret of generation n in a template: its logical id starts with the construct path. */
  const generation = (t: Template, n: number): string => {
    const found = secretIds(t).filter((id) => id.startsWith(`OriginVerifyGeneration${n}`) && /^[0-9A-F]{8}$/.test(id.slice(`OriginVerifyGeneration${n}`.length)));
    expect(found, `generation ${n}`).toHaveLength(1);
    return found[0]!;
  };

  it('keeps two generated secrets (the one sent and the next), encrypted with the stack key, values never in the template', () => {
    const originVerifySecrets = secretIds(dev).filter((id) => id.startsWith('OriginVerify'));
    expect(originVerifySecrets.sort()).toEqual([generation(dev, 1), generation(dev, 2)].sort());
    for (const [secretId, secret] of resources(dev, 'AWS::SecretsManager::Secret').filter(([id]) => originVerifySecrets.includes(id))) {
      expect(secret.Properties.KmsKeyId, secretId).toEqual({ 'Fn::GetAtt': [dataKey(dev)[0], 'Arn'] });
      expect(secret.Properties.GenerateSecretString, secretId).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
      expect(secret.Properties.SecretString, secretId).toBeUndefined();
      expect(dev.toJSON().Resources[secretId].DeletionPolicy, secretId).toBe('Delete');
    }
  });

  it('has CloudFront send the current secret to the API as a custom origin header', () => {
    expect(originHeaders(dev)).toEqual([{ HeaderName: originVerifyHeader, HeaderValue: reference(generation(dev, 1)) }]);
  });

  it.each(publicHandlers)('gives public function %s the current and the next secret, by dynamic reference', (handler) => {
    const env = lambdaFor(dev, handler)[1].Properties.Environment.Variables;
    expect(env[originVerifyVariables.current]).toEqual(reference(generation(dev, 1)));
    expect(env[originVerifyVariables.next]).toEqual(reference(generation(dev, 2)));
  });

  it.each(otherHandlers)('leaves %s (a staff or background function) without it', (handler) => {
    const env = lambdaFor(dev, handler)[1].Properties.Environment.Variables;
    for (const name of Object.values(originVerifyVariables)) expect(env, name).not.toHaveProperty([name]);
    expect(JSON.stringify(env)).not.toContain('secretsmanager');
  });

  it('grants no role any Secrets Manager access: CloudFormation resolves the value, no function reads the secret', () => {
    const statements = roleStatements(dev);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => actionsOf(s).some((action) => /^secretsmanager:|^\*$/.test(action)))).toEqual([]);
    for (const secretId of secretIds(dev)) expect(JSON.stringify(statements)).not.toContain(`"${secretId}"`);
  });

  it('updates the public functions only after the distribution, so edges send a new value before the old one is refused', () => {
    for (const handler of publicHandlers) {
      const [fnId] = lambdaFor(dev, handler);
      expect(dev.toJSON().Resources[fnId].DependsOn, handler).toContain(distributionId);
    }
    expect(dev.toJSON().Resources[distributionId].DependsOn ?? []).not.toEqual(expect.arrayContaining(publicHandlers.map((h) => lambdaFor(dev, h)[0])));
  });

  describe('after rotations', () => {
    const rotated = template({ originVerifyGeneration: 3 });

    it('keeps generations 3 (sent) and 4 (next), the same secrets as before the rotation, and no older one', () => {
      expect(secretIds(rotated).filter((id) => id.startsWith('OriginVerify')).sort()).toEqual([generation(rotated, 3), generation(rotated, 4)].sort());
      // Generation 3 was the next one of the generation-2 template: kept, not replaced, so its value is the one the
      // functions already accept.
      const before = template({ originVerifyGeneration: 2 });
      expect(generation(before, 3)).toBe(generation(rotated, 3));
    });

    it('has CloudFront send the new value, and the public functions accept it and the next', () => {
      expect(originHeaders(rotated)).toEqual([{ HeaderName: originVerifyHeader, HeaderValue: reference(generation(rotated, 3)) }]);
      for (const handler of publicHandlers) {
        const env = lambdaFor(rotated, handler)[1].Properties.Environment.Variables;
        expect(env[originVerifyVariables.current], handler).toEqual(reference(generation(rotated, 3)));
        expect(env[originVerifyVariables.next], handler).toEqual(reference(generation(rotated, 4)));
      }
      for (const handler of otherHandlers) {
        expect(JSON.stringify(lambdaFor(rotated, handler)[1].Properties.Environment.Variables), handler).not.toContain('secretsmanager');
      }
    });
  });

  it('takes the generation from context as a whole number from 1 up', () => {
    expect(parseOriginVerifyGeneration(undefined)).toBe(1);
    expect(parseOriginVerifyGeneration('2')).toBe(2);
    expect(parseOriginVerifyGeneration(7)).toBe(7);
    for (const bad of [0, -1, 1.5, '', 'two', '2a', '0x2', null, {}]) expect(() => parseOriginVerifyGeneration(bad), JSON.stringify(bad)).toThrow(/originVerifyGeneration/);
  });
});
