import { App, Stack } from 'aws-cdk-lib';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../functions/contracts/roles.ts';
import { CLAIMS } from '../../functions/contracts/staff-claims.ts';
import { routes, type Route } from '../../functions/contracts/routes.ts';
import { CaseformsApi } from '../../infra/api.ts';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../local/dev-issuer.ts';
import { stageSettings, type Stage } from '../../infra/stage.ts';
import { only, staffApi, resources, stackSynthesizer, stageProps, type Resource } from '../support/cdk-template.ts';

const synthesize = stackSynthesizer('staff-auth');
const synth = (stage: Stage) => synthesize(stage, stageProps(stage));

let dev: Template;
let prod: Template;
beforeAll(() => {
  dev = synth('dev');
  prod = synth('prod');
}, 120_000);


const staffRoutes = routes.filter((route) => route.access === 'staff');
const publicRoutes = routes.filter((route) => route.access === 'public');
const staffPageRoutes = routes.filter((route) => route.access === 'staff-page');
const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

function apiRoute(template: Template, key: string): Resource {
  const found = resources(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === key);
  expect(found, key).toHaveLength(1);
  return found[0]![1];
}

describe('route authorization', () => {
  it('has staff, public and staff page routes in the table, and no other kind', () => {
    expect(staffRoutes.length).toBeGreaterThan(0);
    expect(publicRoutes.length).toBeGreaterThan(0);
    // The staff pages have no authorizer either: test/infra/staff-pages.test.ts checks them.
    expect(staffPageRoutes.length).toBeGreaterThan(0);
    expect(staffRoutes.length + publicRoutes.length + staffPageRoutes.length).toBe(routes.length);
  });

  it.each(staffRoutes.map((route) => [routeKey(route)]))('staff route %s requires the staff JWT authorizer', (key) => {
    const [authorizerId] = only(dev, 'AWS::ApiGatewayV2::Authorizer');
    const route = apiRoute(dev, key);
    expect(route.Properties.AuthorizationType).toBe('JWT');
    expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
  });

  it.each(publicRoutes.map((route) => [routeKey(route)]))('public route %s has no authorizer', (key) => {
    const route = apiRoute(dev, key);
    expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(route.Properties.AuthorizerId).toBeUndefined();
  });

  it('refuses a route whose access is neither public nor staff rather than deploying it open', () => {
    const stack = new Stack(new App(), 'Typo');
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('export const handler = () => {};') });
    const key = new kms.Key(stack, 'Key');
    const api = (access: string) => () => new CaseformsApi(stack, `Api${access}`, {
      apiName: access,
      routes: [{ method: 'GET', path: '/x', handler: 'x', access } as unknown as Route],
      functionFor: () => fn,
      staffAuthorizer: new HttpNoneAuthorizer(),
      throttle: { rateLimit: 1, burstLimit: 1 },
      key,
      settings: stageSettings('dev'),
    });
    expect(api('Staff')).toThrow(/no authorizer for access "Staff"/);
    expect(api('public')).not.toThrow();
  });
});

describe('staff JWT authorizer', () => {
  it('trusts only the user pool as issuer and only its app client as audience', () => {
    const [poolId] = only(dev, 'AWS::Cognito::UserPool');
    const [clientId] = only(dev, 'AWS::Cognito::UserPoolClient');
    const [apiId] = staffApi(dev);
    const [, authorizer] = only(dev, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toEqual(expect.objectContaining({
      ApiId: { Ref: apiId },
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        // Exactly the `iss` Cognito puts in the pool's tokens.
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]] },
        Audience: [{ Ref: clientId }],
      },
    }));
  });

  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
  ] as const)('%s template has no trace of the local dev issuer', (_, get) => {
    const text = JSON.stringify(get().toJSON());
    for (const needle of ['dev-issuer', 'caseforms.local', DEV_ISSUER, DEV_AUDIENCE]) expect(text, needle).not.toContain(needle);
  });
});

describe('staff user pool', () => {
  const pool = () => only(dev, 'AWS::Cognito::UserPool')[1].Properties;
  const client = () => only(dev, 'AWS::Cognito::UserPoolClient')[1].Properties;

  it('allows no self sign-up: only administrators create staff accounts', () => {
    expect(pool().AdminCreateUserConfig?.AllowAdminCreateUserOnly).toBe(true);
  });

  it('signs staff in by email and recovers accounts by email only', () => {
    expect(pool().UsernameAttributes).toEqual(['email']);
    expect(pool().AutoVerifiedAttributes).toEqual(['email']);
    expect(pool().AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
  });

  it('has the custom string attribute the agency claim is read from, at most as long as an agency id', () => {
    const agency = pool().Schema.filter((attribute: any) => `custom:${attribute.Name}` === CLAIMS.agency);
    expect(agency).toEqual([
      { Name: 'agency', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '63' } },
    ]);
  });

  it('has one group per role, named as the role', () => {
    const [poolId] = only(dev, 'AWS::Cognito::UserPool');
    const groups = resources(dev, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.GroupName).sort()).toEqual([...ROLES].sort());
    for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: poolId });
  });

  it('requires TOTP MFA and a strong password', () => {
    expect(pool().MfaConfiguration).toBe('ON');
    expect(pool().EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    const policy = pool().Policies.PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(14);
    expect(policy).toEqual(expect.objectContaining({
      RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, PasswordHistorySize: 24,
    }));
    expect(policy.TemporaryPasswordValidityDays).toBeLessThanOrEqual(3);
  });

  it('enforces threat protection on the Plus feature plan', () => {
    expect(pool().UserPoolTier).toBe('PLUS');
    expect(pool().UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });

  it('has a public SRP client with one-hour tokens that hides whether a user exists', () => {
    expect(client().GenerateSecret ?? false).toBe(false);
    expect([...client().ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(client().PreventUserExistenceErrors).toBe('ENABLED');
    // The staff pages' sign-in: the code grant only, never the implicit one (test/infra/staff-pages.test.ts).
    expect(client().AllowedOAuthFlows).toEqual(['code']);
    expect({ id: client().IdTokenValidity, access: client().AccessTokenValidity }).toEqual({ id: 60, access: 60 });
    expect(client().TokenValidityUnits).toEqual(expect.objectContaining({ IdToken: 'minutes', AccessToken: 'minutes' }));
  });

  it('puts the agency in the ID token but never lets staff write it, or their email', () => {
    expect(client().ReadAttributes).toContain(CLAIMS.agency);
    expect(client().ReadAttributes).toContain(CLAIMS.email);
    // The staff pages start in the language an admin set for the user.
    expect(client().ReadAttributes).toContain(CLAIMS.locale);
    // An empty or missing list means Cognito's default: every attribute writable.
    const writable: string[] = client().WriteAttributes;
    expect(Array.isArray(writable) && writable.length > 0).toBe(true);
    expect(writable).not.toContain(CLAIMS.agency);
    expect(writable).not.toContain(CLAIMS.email);
    expect(writable.filter((name) => name.startsWith('custom:'))).toEqual([]);
  });

  it('outputs the user pool and client ids', () => {
    const [poolId] = only(dev, 'AWS::Cognito::UserPool');
    const [clientId] = only(dev, 'AWS::Cognito::UserPoolClient');
    dev.hasOutput('UserPoolId', { Value: { Ref: poolId } });
    dev.hasOutput('UserPoolClientId', { Value: { Ref: clientId } });
  });

  it('is protected from deletion and retained in prod, removed with the stack in dev', () => {
    const [, prodPool] = only(prod, 'AWS::Cognito::UserPool');
    expect(prodPool.Properties.DeletionProtection).toBe('ACTIVE');
    expect(prodPool.DeletionPolicy).toBe('Retain');
    expect(prodPool.UpdateReplacePolicy).toBe('Retain');

    const [, devPool] = only(dev, 'AWS::Cognito::UserPool');
    expect(devPool.Properties.DeletionProtection ?? 'INACTIVE').toBe('INACTIVE');
    expect(devPool.DeletionPolicy).toBe('Delete');
  });
});

describe('an agency\'s own OIDC provider by configuration', () => {
  it('checks staff tokens against the configured issuer and audience instead of the user pool', () => {
    const template = synthesize('oidc', {
      stage: 'dev',
      externalIssuer: {
        issuer: 'https://login.agency.example/tenant', audience: 'caseforms-staff',
        signInUrl: 'https://login.agency.example/tenant/sign-in', jwksUrl: 'https://login.agency.example/tenant/keys',
      },
    });
    const [, authorizer] = only(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.JwtConfiguration).toEqual({ Issuer: 'https://login.agency.example/tenant', Audience: ['caseforms-staff'] });
  });
});
