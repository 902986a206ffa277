import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { signOutUrl, startSignIn } from '../../functions/web/staff/oidc.ts';
import { signInVariables, type SignInConfig } from '../../functions/contracts/sign-in-config.ts';
import { routes, workers } from '../../functions/contracts/routes.ts';
import { StaffIdentity } from '../../infra/auth.ts';
import { auditKeyPattern, casePartitionPattern, formVersionsPattern, packKeyPattern, packObjectPattern, rawSubmissionPattern, sessionKeyPattern, uploadKeyPattern } from '../../infra/permissions.ts';
import { parseSignInDomainPrefix } from '../../infra/sign-in-domain.ts';
import { stageSettings } from '../../infra/stage.ts';
import { only, staffApi, resources, stackSynthesizer, type Resource, type StackProps } from '../support/cdk-template.ts';

const synthesize = stackSynthesizer('staff-pages');

const agencyIssuer = {
  issuer: 'https://login.agency.example/tenant',
  audience: 'caseforms-staff',
  signInUrl: 'https://login.agency.example/tenant/sign-in',
  jwksUrl: 'https://login.agency.example/tenant/keys',
};

const synth = (name: string, props: Partial<StackProps> = {}): Template => synthesize(name, { stage: 'dev', ...props });

let dev: Template;
let external: Template;
beforeAll(() => {
  dev = synth('dev');
  external = synth('external', { externalIssuer: agencyIssuer });
}, 120_000);


/** A CloudFormation value as text, each reference written `${LogicalId}` or `${LogicalId.Attribute}`. */
function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref !== undefined) return `\${${v.Ref}}`;
  if (v['Fn::GetAtt'] !== undefined) return `\${${v['Fn::GetAtt'].join('.')}}`;
  if (v['Fn::Join'] !== undefined) return (v['Fn::Join'][1] as unknown[]).map(rendered).join(v['Fn::Join'][0]);
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

const staffPageRoutes = routes.filter((route) => route.access === 'staff-page');
const staffPageHandlers = [...new Set(staffPageRoutes.map((route) => route.handler))];
const otherHandlers = [...new Set(routes.filter((route) => route.access !== 'staff-page').map((route) => route.handler)), ...Object.values(workers)];
const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

function lambdaFor(template: Template, handler: string): [string, Resource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } })) as [string, Resource][];
  expect(found, handler).toHaveLength(1);
  return found[0]!;
}

const variablesOf = (template: Template, handler: string): Record<string, unknown> => lambdaFor(template, handler)[1].Properties.Environment.Variables;

const apiEndpoint = (template: Template) => `\${${staffApi(template)[0]}.ApiEndpoint}`;

describe('staff sign-in domain', () => {
  it('gives the user pool a managed login (version 2) domain named after the stack and account', () => {
    const [poolId] = only(dev, 'AWS::Cognito::UserPool');
    const [, domain] = only(dev, 'AWS::Cognito::UserPoolDomain');
    expect(rendered(domain.Properties.Domain)).toBe('caseforms-dev-${AWS::AccountId}');
    expect(domain.Properties.UserPoolId).toEqual({ Ref: poolId });
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(domain.Properties.CustomDomainConfig).toBeUndefined();
  });

  it('gives the staff client Cognito\'s default branding style, without which managed login shows an error page', () => {
    const [poolId] = only(dev, 'AWS::Cognito::UserPool');
    const [clientId] = only(dev, 'AWS::Cognito::UserPoolClient');
    const [, branding] = only(dev, 'AWS::Cognito::ManagedLoginBranding');
    expect(branding.Properties).toEqual({ UserPoolId: { Ref: poolId }, ClientId: { Ref: clientId }, UseCognitoProvidedValues: true });
  });

  it('takes a prefix from configuration, and a concrete account in the default one', () => {
    const stack = new Stack(new App(), 'caseforms-prod', { env: { account: '123456789012', region: 'eu-west-1' } });
    const settings = stageSettings('prod');
    const custom = new StaffIdentity(stack, 'Custom', { settings, pagesBaseUrl: 'https://pages.example', signInDomainPrefix: 'agency-caseforms' });
    const derived = new StaffIdentity(stack, 'Derived', { settings, pagesBaseUrl: 'https://pages.example' });
    expect(stack.resolve(custom.signIn.signInBaseUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: stack.getLogicalId(custom.domain!.node.defaultChild as never) }, '.auth.eu-west-1.amazoncognito.com']],
    });
    const domains = Template.fromStack(stack).findResources('AWS::Cognito::UserPoolDomain');
    expect(Object.values(domains).map((d: any) => d.Properties.Domain).sort()).toEqual(['agency-caseforms', 'caseforms-prod-123456789012']);
  });

  it.each(['agency-caseforms', 'a', 'x1-2y'])('accepts the prefix %s', (prefix) => {
    expect(parseSignInDomainPrefix(prefix)).toBe(prefix);
  });

  it.each([undefined, null, ''])('uses the default prefix for %s', (value) => {
    expect(parseSignInDomainPrefix(value)).toBeUndefined();
  });

  it.each(['Agency', '-agency', 'agency-', 'agency.example', 'my-cognito-login', 'aws-staff', 'amazonstaff', 'a'.repeat(64), 42])(
    'refuses the prefix %s, as Cognito would mid-deploy',
    (value) => {
      expect(() => parseSignInDomainPrefix(value)).toThrow(/staffSignInDomainPrefix/);
    },
  );
});

describe('staff client', () => {
  const client = () => only(dev, 'AWS::Cognito::UserPoolClient')[1].Properties;

  it('allows only the authorization-code grant, with the Cognito user directory, and keeps SRP for API clients', () => {
    expect(client().AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client().AllowedOAuthFlows).toEqual(['code']);
    expect(client().SupportedIdentityProviders).toEqual(['COGNITO']);
    expect([...client().AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile']);
    expect([...client().ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    // A public client: PKCE, not a secret, protects the code.
    expect(client().GenerateSecret ?? false).toBe(false);
  });

  it('returns only to the staff pages on the API endpoint: the callback after sign-in, the sign-in page after sign-out', () => {
    expect(client().CallbackURLs.map(rendered)).toEqual([`${apiEndpoint(dev)}/staff/callback`]);
    expect(client().LogoutURLs.map(rendered)).toEqual([`${apiEndpoint(dev)}/staff/sign-in`]);
    expect(client().DefaultRedirectURI).toBeUndefined();
  });

  it('agrees with what the functions send: redirect and logout URIs, grant, and scopes', () => {
    const pages = 'https://pages.example';
    const config: SignInConfig = { issuer: 'https://issuer.example', clientId: 'client', signInBaseUrl: 'https://login.example', jwksUrl: 'https://issuer.example/keys', pagesBaseUrl: pages };
    const asDeployed = (value: unknown) => rendered(value).replace(apiEndpoint(dev), pages);
    const authorize = new URL(startSignIn(config).url).searchParams;
    expect(client().CallbackURLs.map(asDeployed)).toEqual([authorize.get('redirect_uri')]);
    expect(authorize.get('response_type')).toBe('code');
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(client().AllowedOAuthScopes).toEqual(expect.arrayContaining(authorize.get('scope')!.split(' ')));
    expect(client().LogoutURLs.map(asDeployed)).toEqual([new URL(signOutUrl(config)).searchParams.get('logout_uri')]);
  });

  it('outputs where staff sign in', () => {
    expect(rendered(dev.toJSON().Outputs.StaffSignInUrl.Value)).toBe(`${apiEndpoint(dev)}/staff/sign-in`);
  });
});

describe('staff page routes', () => {
  const apiRoute = (template: Template, key: string): [string, Resource] => {
    const found = resources(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === key);
    expect(found, key).toHaveLength(1);
    return found[0]!;
  };

  it('are in the route table, under /staff/', () => {
    expect(staffPageRoutes.length).toBeGreaterThan(0);
    for (const route of staffPageRoutes) expect(route.path).toMatch(/^\/staff\//);
  });

  it.each(staffPageRoutes.map((route) => [routeKey(route)]))('%s has no API authorizer, with a reviewed cdk-nag acknowledgement', (key) => {
    const [, route] = apiRoute(dev, key);
    expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(route.Properties.AuthorizerId).toBeUndefined();
    const acknowledged = route.Metadata?.cdk_nag?.rules_to_suppress ?? [];
    expect(acknowledged.map((rule: { id: string }) => rule.id)).toEqual(['AwsSolutions-APIG4']);
    expect(acknowledged[0].reason).toMatch(/session|sign-in/);
  });

  it.each(routes.filter((route) => route.access === 'staff').map((route) => [routeKey(route)]))('staff route %s keeps the JWT authorizer and no acknowledgement', (key) => {
    const [authorizerId] = only(dev, 'AWS::ApiGatewayV2::Authorizer');
    const [, route] = apiRoute(dev, key);
    expect(route.Properties.AuthorizationType).toBe('JWT');
    expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    expect(route.Metadata?.cdk_nag).toBeUndefined();
  });
});

describe('export timeouts', () => {
  it('gives the exports that read a whole agency the 29 s an HTTP API waits, and other staff pages the 10 s default', () => {
    for (const handler of ['staff-exports', 'staff-csv-export', 'staff-case-list-export']) expect(lambdaFor(dev, handler)[1].Properties.Timeout, handler).toBe(29);
    expect(lambdaFor(dev, 'staff-case-list')[1].Properties.Timeout).toBe(10);
    expect(lambdaFor(dev, 'staff-case-fhir-export')[1].Properties.Timeout).toBe(10);
  });
});

describe('staff page environment', () => {
  const signInNames = Object.values(signInVariables);

  it.each(staffPageHandlers)('%s knows the pool, its client, the sign-in domain, the keys and the pages\' URL', (handler) => {
    const [poolId] = only(dev, 'AWS::Cognito::UserPool');
    const [clientId] = only(dev, 'AWS::Cognito::UserPoolClient');
    const [domainId] = only(dev, 'AWS::Cognito::UserPoolDomain');
    const env = variablesOf(dev, handler);
    const issuer = `https://cognito-idp.\${AWS::Region}.amazonaws.com/\${${poolId}}`;
    expect(Object.fromEntries(signInNames.map((name) => [name, rendered(env[name])]))).toEqual({
      STAFF_ISSUER: issuer,
      STAFF_CLIENT_ID: `\${${clientId}}`,
      STAFF_SIGN_IN_URL: `https://\${${domainId}}.auth.\${AWS::Region}.amazoncognito.com`,
      STAFF_JWKS_URL: `${issuer}/.well-known/jwks.json`,
      STAFF_PAGES_URL: apiEndpoint(dev),
    });
    // The session is checked against exactly what the API's authorizer checks bearer tokens against.
    const [, authorizer] = only(dev, 'AWS::ApiGatewayV2::Authorizer');
    expect(rendered(authorizer.Properties.JwtConfiguration.Issuer)).toBe(issuer);
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([env.STAFF_CLIENT_ID]);
  });

  it.each(otherHandlers)('%s gets none of the sign-in variables', (handler) => {
    const env = variablesOf(dev, handler);
    for (const name of signInNames) expect(env, name).not.toHaveProperty([name]);
  });
});

describe('an agency\'s own OIDC provider', () => {
  it('signs the staff pages in there, from configuration', () => {
    for (const handler of staffPageHandlers) {
      const env = variablesOf(external, handler);
      expect(Object.fromEntries(Object.values(signInVariables).map((name) => [name, rendered(env[name])])), handler).toEqual({
        STAFF_ISSUER: agencyIssuer.issuer,
        STAFF_CLIENT_ID: agencyIssuer.audience,
        STAFF_SIGN_IN_URL: agencyIssuer.signInUrl,
        STAFF_JWKS_URL: agencyIssuer.jwksUrl,
        STAFF_PAGES_URL: apiEndpoint(external),
      });
    }
  });

  it('leaves the unused pool without a sign-in domain, and its client without OAuth', () => {
    expect(resources(external, 'AWS::Cognito::UserPoolDomain')).toEqual([]);
    expect(resources(external, 'AWS::Cognito::ManagedLoginBranding')).toEqual([]);
    const [, client] = only(external, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties.CallbackURLs).toBeUndefined();
  });
});

describe('staff page permissions', () => {
  const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

  /**
   * The pack access every function serving forms shares (reading the live packs, the Deny of pack writes), checked
   * in test/infra/pack-permissions.test.ts; left out here, where each function's own grants are.
   */
  const packShared = (statement: any): boolean =>
    statement.Effect === 'Deny' || [packKeyPattern, packObjectPattern].some((pattern) => JSON.stringify(statement).includes(pattern));

  function statementsFor(handler: string): any[] {
    const [, fn] = lambdaFor(dev, handler);
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    return resources(dev, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((role: any) => role.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((statement: any) => !packShared(statement));
  }
  const actionsOf = (statements: any[]): string[] => statements.flatMap((s) => asArray<string>(s.Action));
  const dataActions = (handler: string) => actionsOf(statementsFor(handler)).filter((a) => /^(dynamodb|s3|sqs|ses|kms):/.test(a));
  /** Object patterns a function may read, from its s3:GetObject* statements. */
  const objectReads = (handler: string) => statementsFor(handler)
    .filter((s) => actionsOf([s]).includes('s3:GetObject*'))
    .flatMap((s) => asArray<any>(s.Resource))
    .filter((r) => r['Fn::Join'])
    .map((r) => r['Fn::Join'][1][1] as string)
    .sort();

  const onSessions = (statement: any) => JSON.stringify(statement.Condition ?? {}) === JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [sessionKeyPattern] } });
  /** The statements besides the session records' (and the key use they bring, which the table's other grants need anyway). */
  const beyondSessions = (handler: string) => statementsFor(handler).filter((s) => !onSessions(s));

  it('gives staff-callback no data access beyond the live packs (and the key use reading them needs)', () => {
    expect(dataActions('staff-callback').filter((a) => !a.startsWith('kms:'))).toEqual([]);
    expect(dataActions('staff-callback').filter((a) => a.startsWith('kms:'))).toEqual(['kms:Decrypt']);
  });

  it.each(['staff-sign-in', 'staff-sign-out'])('gives %s the session records (get and update, session partitions only) and no other data', (handler) => {
    const data = (statements: any[]) => actionsOf(statements).filter((a) => /^(dynamodb|s3|sqs|ses):/.test(a));
    expect(data(statementsFor(handler).filter(onSessions)).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(data(beyondSessions(handler))).toEqual([]);
  });

  it.each(routes.filter((route) => route.roles).map((route) => [route.handler]))('lets %s read and update session records, on session partitions only', (handler) => {
    expect(actionsOf(statementsFor(handler).filter(onSessions)).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
  });

  it.each([
    ['staff-case-list', 'list-cases'],
    ['staff-exports', 'list-cases'],
  ])('gives %s exactly what its API counterpart %s has', (page, api) => {
    expect(statementsFor(page)).toEqual(statementsFor(api));
  });

  it('gives staff-case-page what get-case has, what intake-upload has (the signing page takes a paper signature\'s scan), and besides them the signing page\'s writes: records and audit in one transaction, the seal job\'s message', () => {
    const sorted = (list: any[]) => list.map((statement) => JSON.stringify(statement)).sort();
    const read = sorted(statementsFor('get-case'));
    // intake-upload's grants are exactly the upload steps' (presign, receive, release): a staff form's file question has the same.
    const upload = sorted(statementsFor('intake-upload')).filter((statement) => !actionsOf([JSON.parse(statement)]).every((action) => action.startsWith('kms:')));
    const own = sorted(statementsFor('staff-case-page'));
    expect(upload.filter((statement) => !own.includes(statement))).toEqual([]);
    const extra = own.filter((statement) => !read.includes(statement) && !upload.includes(statement)).map((statement) => JSON.parse(statement));
    expect(actionsOf(extra).sort()).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:SendMessage']));
    expect(actionsOf(extra).filter((action) => /^dynamodb:/.test(action)).sort()).toEqual(['dynamodb:PutItem']);
    expect(JSON.stringify(extra.find((statement) => actionsOf([statement]).includes('dynamodb:PutItem')).Condition)).toContain('TransactWriteItems');
  });

  it('gives staff-document what get-document has, and besides it the released files of the uploads bucket (files/ only)', () => {
    const [uploadsId] = resources(dev, 'AWS::S3::Bucket').find(([id]) => id.startsWith('UploadsBucket'))!;
    const onUploads = (statement: any) => JSON.stringify(statement.Resource).includes(`"${uploadsId}"`);
    const statements = statementsFor('staff-document');
    // In any order: the uploads bucket's key grant comes before the sessions' here (one key: the same statement).
    const sorted = (list: any[]) => list.map((statement) => JSON.stringify(statement)).sort();
    expect(sorted(statements.filter((statement) => !onUploads(statement)))).toEqual(sorted(statementsFor('get-document')));
    expect(statements.filter(onUploads)).toEqual([{
      Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [uploadsId, 'Arn'] }, '/files/*']] },
    }]);
  });

  /** A presigned POST's rights: PutObject under quarantine/ of the uploads bucket, and nothing else there. */
  const quarantinePut = () => {
    const [uploadsId] = resources(dev, 'AWS::S3::Bucket').find(([id]) => id.startsWith('UploadsBucket'))!;
    return { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [uploadsId, 'Arn'] }, '/quarantine/*']] } };
  };

  it('gives staff-form-post what submit-staff-form has, and besides it presigned POSTs to quarantine/ (a refused page\'s fresh upload forms)', () => {
    const sorted = (list: any[]) => list.map((statement) => JSON.stringify(statement)).sort();
    const statements = statementsFor('staff-form-post');
    const put = JSON.stringify(quarantinePut());
    expect(statements.filter((statement) => JSON.stringify(statement) === put)).toHaveLength(1);
    expect(sorted(statements.filter((statement) => JSON.stringify(statement) !== put && !actionsOf([statement]).every((a) => a.startsWith('kms:')))))
      .toEqual(sorted(statementsFor('submit-staff-form').filter((statement) => !actionsOf([statement]).every((a) => a.startsWith('kms:')))));
  });

  it('lets staff-form-page get case records and upload records, presign POSTs to quarantine/, and nothing more', () => {
    const statements = beyondSessions('staff-form-page').filter((s) => actionsOf([s]).some((a) => /^(dynamodb|s3|sqs|ses):/.test(a)));
    const table = { 'Fn::GetAtt': [only(dev, 'AWS::DynamoDB::Table')[0], 'Arn'] };
    expect(statements).toEqual([
      expect.objectContaining({ Action: 'dynamodb:GetItem', Resource: table, Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [casePartitionPattern] } } }),
      quarantinePut(),
      expect.objectContaining({ Action: 'dynamodb:GetItem', Resource: table, Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [uploadKeyPattern] } } }),
    ]);
    expect(dataActions('staff-form-page')).toContain('kms:Decrypt');
  });

  it.each(['post-case-note', 'staff-note-post'])('lets %s update case records only inside its note\'s transaction (last contact), and delete nothing', (handler) => {
    const updates = beyondSessions(handler).filter((s) => actionsOf([s]).includes('dynamodb:UpdateItem'));
    expect(updates).toEqual([expect.objectContaining({
      Action: 'dynamodb:UpdateItem',
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [casePartitionPattern] },
        'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] },
      },
    })]);
    expect(dataActions(handler).filter((a) => /^dynamodb:(Delete|BatchWrite|Query|Scan)/.test(a))).toEqual([]);
  });

  it.each(['post-note-addendum', 'staff-addendum-post'])('gives %s no update beyond the session records: an addendum changes no case record', (handler) => {
    expect(actionsOf(beyondSessions(handler))).not.toContain('dynamodb:UpdateItem');
    expect(actionsOf(beyondSessions(handler))).toContain('dynamodb:PutItem');
  });

  it.each(['staff-fhir-export', 'staff-csv-export', 'staff-case-fhir-export'])(
    'lets %s read the cases, raw submissions and form versions and append audit records, but write or enqueue nothing',
    (handler) => {
      const actions = dataActions(handler);
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 's3:GetObject*', 'kms:Decrypt']));
      expect(actions.filter((a) => /^(sqs|ses):/.test(a) || /^s3:(Put|Delete|Abort)/.test(a))).toEqual([]);
      const writes = beyondSessions(handler).filter((s) => actionsOf([s]).some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)));
      expect(writes.map((s) => s.Condition)).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [auditKeyPattern] } }]);
      // Answers and form versions only: generated documents, and the bucket as a whole, stay out of reach.
      expect(objectReads(handler)).toEqual([`/${rawSubmissionPattern}`, `/${formVersionsPattern}`].sort());
    },
  );
});
