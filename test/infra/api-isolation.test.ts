import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/contracts/routes.ts';
import { publicApiThrottle, staffApiThrottle } from '../../infra/api.ts';
import { checkProdEdge } from '../../infra/caseforms-stack.ts';
import { only, prodEdge, resources, stackSynthesizer, stageProps, type Resource } from '../support/cdk-template.ts';

const synthesize = stackSynthesizer('api-isolation');
const dev = synthesize('dev', { stage: 'dev' });
const prod = synthesize('prod', stageProps('prod'));

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const publicKeys = routes.filter((route) => route.access === 'public').map(routeKey).sort();
const staffKeys = routes.filter((route) => route.access !== 'public').map(routeKey).sort();

/** The API (by logical id) whose routes are exactly `keys`. */
function apiServing(template: ReturnType<typeof synthesize>, keys: string[]): [string, Resource] {
  const apis = resources(template, 'AWS::ApiGatewayV2::Api');
  const keysOf = (apiId: string) => resources(template, 'AWS::ApiGatewayV2::Route')
    .filter(([, route]) => route.Properties.ApiId.Ref === apiId).map(([, route]) => route.Properties.RouteKey as string).sort();
  const found = apis.filter(([id]) => JSON.stringify(keysOf(id)) === JSON.stringify(keys));
  expect(found).toHaveLength(1);
  return found[0]!;
}

const stageOf = (template: ReturnType<typeof synthesize>, apiId: string): Resource => {
  const found = resources(template, 'AWS::ApiGatewayV2::Stage').filter(([, stage]) => stage.Properties.ApiId.Ref === apiId);
  expect(found).toHaveLength(1);
  return found[0]![1];
};

describe.each([['dev', dev], ['prod', prod]] as const)('public and staff APIs in %s', (_, template) => {
  const [publicApiId, publicApi] = apiServing(template, publicKeys);
  const [staffApiId, staffApi] = apiServing(template, staffKeys);

  it('are two HTTP APIs: the public routes on one, staff routes and staff pages on the other', () => {
    expect(resources(template, 'AWS::ApiGatewayV2::Api')).toHaveLength(2);
    expect(publicApiId).not.toBe(staffApiId);
    expect(publicApi.Properties.ProtocolType).toBe('HTTP');
    expect(staffApi.Properties.ProtocolType).toBe('HTTP');
  });

  it(`throttles the public API at ${publicApiThrottle.rateLimit}/s (burst ${publicApiThrottle.burstLimit}), on its own stage`, () => {
    expect(stageOf(template, publicApiId).Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: publicApiThrottle.rateLimit, ThrottlingBurstLimit: publicApiThrottle.burstLimit,
    });
  });

  it(`throttles the staff API at ${staffApiThrottle.rateLimit}/s (burst ${staffApiThrottle.burstLimit}), on its own stage`, () => {
    expect(stageOf(template, staffApiId).Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: staffApiThrottle.rateLimit, ThrottlingBurstLimit: staffApiThrottle.burstLimit,
    });
  });

  it('puts the stack\'s WAF WebACL on the CloudFront distribution, the public API\'s entry point', () => {
    const [webAclId, webAcl] = only(template, 'AWS::WAFv2::WebACL');
    expect(webAcl.Properties.Scope).toBe('CLOUDFRONT');
    const [, distribution] = only(template, 'AWS::CloudFront::Distribution');
    expect(distribution.Properties.DistributionConfig.WebACLId).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
  });

  it('keeps the staff API on its execute-api endpoint (staff call it directly; the JWT authorizer and the session guard it)', () => {
    expect(staffApi.Properties.DisableExecuteApiEndpoint ?? false).toBe(false);
  });
});

describe('the public API behind its custom origin domain (prod)', () => {
  const [publicApiId, publicApi] = apiServing(prod, publicKeys);

  it('disables the execute-api endpoint, so the public routes are reachable only through CloudFront and its WAF', () => {
    expect(publicApi.Properties.DisableExecuteApiEndpoint).toBe(true);
  });

  it('serves the public API at the origin domain, TLS 1.2, and CloudFront connects to that domain', () => {
    const [domainId, domain] = only(prod, 'AWS::ApiGatewayV2::DomainName');
    expect(domain.Properties.DomainName).toBe(prodEdge.publicOrigin.domainName);
    expect(domain.Properties.DomainNameConfigurations).toEqual([
      expect.objectContaining({ CertificateArn: prodEdge.publicOrigin.certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }),
    ]);
    const [, mapping] = only(prod, 'AWS::ApiGatewayV2::ApiMapping');
    expect(mapping.Properties.ApiId).toEqual({ Ref: publicApiId });
    expect(mapping.Properties.DomainName).toEqual({ Ref: domainId });
    const [, distribution] = only(prod, 'AWS::CloudFront::Distribution');
    const origins = distribution.Properties.DistributionConfig.Origins;
    expect(origins).toHaveLength(1);
    expect(origins[0].DomainName).toBe(prodEdge.publicOrigin.domainName);
    expect(prod.findOutputs('PublicOriginTarget')).not.toEqual({});
  });

  it('leaves execute-api on in dev without an origin domain (the origin-verify header guards the public functions there)', () => {
    const [, devPublicApi] = apiServing(dev, publicKeys);
    expect(devPublicApi.Properties.DisableExecuteApiEndpoint ?? false).toBe(false);
    expect(resources(dev, 'AWS::ApiGatewayV2::DomainName')).toEqual([]);
  });
});

describe('prod refuses to synthesize without its custom domains', () => {
  it.each([
    ['no domain at all', {}, /publicDomainName.*publicOriginDomainName/s],
    ['no public domain', { publicOrigin: prodEdge.publicOrigin }, /publicDomainName/],
    ['no origin domain', { publicDomain: prodEdge.publicDomain }, /publicOriginDomainName/],
  ])('%s', (_, props, message) => {
    expect(() => synthesize(`prod-refused-${Object.keys(props).join('-')}`, { stage: 'prod', ...props })).toThrow(message);
  });

  it('names only what is missing, and lets dev go without either', () => {
    expect(() => checkProdEdge('prod', prodEdge.publicDomain, undefined)).toThrow(/^(?!.*publicCertificateArn).*publicOriginCertificateArn/s);
    expect(() => checkProdEdge('dev', undefined, undefined)).not.toThrow();
    expect(() => checkProdEdge('prod', prodEdge.publicDomain, prodEdge.publicOrigin)).not.toThrow();
  });

  it('holds prod viewers to TLS 1.2 (2021) at the custom public domain', () => {
    const [, distribution] = only(prod, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    expect(config.Aliases).toEqual([prodEdge.publicDomain.domainName]);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: prodEdge.publicDomain.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only',
    });
  });
});
