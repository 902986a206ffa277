import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIMS } from '../../functions/contracts/staff-claims.ts';
import { apiHandler } from '../../functions/web/http/api-handler.ts';
import {
  acceptedOriginSecrets, isAcceptedOriginSecret, originVerify, originVerifyHeader, originVerifyVariables,
} from '../../functions/web/http/origin-verify.ts';
import { jsonResponse } from '../../functions/web/http/responses.ts';
import { routes } from '../../functions/contracts/routes.ts';
import { projectRoot } from '../../local/stack.ts';
import { apiEvent } from '../support/api-event.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const secret = 'cUh3dT2m9XcVq8rYz1bLwKpN4sGfA7eJ';
const next = 'Lk2Qw9ErTy6Ui3Op8AsDf5Gh1Jk4Zx7C';

/** A handler behind the shared middy stack and the origin check, answering 200 when it is reached. */
const guarded = (accepted: readonly string[]): Handler =>
  apiHandler(async () => jsonResponse(200, { reached: true }), { middlewares: [originVerify(() => accepted)] }) as unknown as Handler;

const request = (headers: Record<string, string> = {}) => apiEvent('GET', '/agencies/demo/forms/intake', { agencyId: 'demo', formId: 'intake' }, { headers });

function expectOriginProblem(response: APIGatewayProxyStructuredResultV2): void {
  expect(response.statusCode).toBe(403);
  expect(response.headers?.['Content-Type']).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(response.body!)).toMatchObject({ type: 'urn:caseforms:problem:forbidden', title: 'Forbidden', status: 403, errors: [] });
  expect(response.body).not.toContain(secret);
}

describe('the origin-verify check', () => {
  it('accepts exactly the configured values, whatever their length', () => {
    expect(isAcceptedOriginSecret(secret, [secret])).toBe(true);
    expect(isAcceptedOriginSecret(next, [secret, next])).toBe(true);
    expect(isAcceptedOriginSecret(secret, [next])).toBe(false);
    expect(isAcceptedOriginSecret(secret.slice(0, -1), [secret])).toBe(false);
    expect(isAcceptedOriginSecret(`${secret}x`, [secret])).toBe(false);
    expect(isAcceptedOriginSecret(secret.toLowerCase(), [secret])).toBe(false);
    expect(isAcceptedOriginSecret('', [secret])).toBe(false);
    expect(isAcceptedOriginSecret(undefined, [secret])).toBe(false);
  });

  it('accepts nothing when nothing is configured (the middleware then skips the check altogether)', () => {
    expect(isAcceptedOriginSecret('', [])).toBe(false);
    expect(isAcceptedOriginSecret(secret, [])).toBe(false);
  });

  it('reads the current and the next value from the environment, ignoring unset and empty ones', () => {
    expect(acceptedOriginSecrets({})).toEqual([]);
    expect(acceptedOriginSecrets({ [originVerifyVariables.current]: '' })).toEqual([]);
    expect(acceptedOriginSecrets({ [originVerifyVariables.current]: secret })).toEqual([secret]);
    expect(acceptedOriginSecrets({ [originVerifyVariables.current]: secret, [originVerifyVariables.next]: next })).toEqual([secret, next]);
  });
});

describe('the origin-verify middleware', () => {
  it('answers 403 with a problem when the header is missing', async () => {
    expectOriginProblem(await guarded([secret])(request(), {} as Context));
  });

  it('answers 403 with a problem when the header is wrong', async () => {
    expectOriginProblem(await guarded([secret])(request({ [originVerifyHeader]: 'guess' }), {} as Context));
    expectOriginProblem(await guarded([secret])(request({ [originVerifyHeader]: `${secret} ` }), {} as Context));
  });

  it('lets a request with the right header through, in any case of the header name', async () => {
    const handler = guarded([secret, next]);
    const variants: Record<string, string>[] = [{ [originVerifyHeader]: secret }, { 'X-Caseforms-Origin-Verify': secret }, { [originVerifyHeader]: next }];
    for (const headers of variants) {
      const response = await handler(request(headers), {} as Context);
      expect(response.statusCode, JSON.stringify(headers)).toBe(200);
    }
  });

  it('is off when no value is configured, as on the local stack', async () => {
    const response = await guarded([])(request(), {} as Context);
    expect(response.statusCode).toBe(200);
  });

  it('reads the configured values once per container, on the first request', async () => {
    let reads = 0;
    const handler = middy<APIGatewayProxyEventV2>()
      .use(originVerify(() => { reads += 1; return [secret]; }))
      .handler(async () => ({ statusCode: 200 }));
    expect(reads).toBe(0);
    for (let i = 0; i < 3; i++) await handler(request({ [originVerifyHeader]: secret }), {} as Context);
    expect(reads).toBe(1);
  });
});

// The handler modules of the route table, each with the check configured as the stack configures it.
describe('the route handlers, with the origin-verify secret configured', () => {
  const handlers = new Map<string, Handler>();
  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'unit', AWS_SECRET_ACCESS_KEY: 'unit',
      TABLE_NAME: 'table', BUCKET_NAME: 'bucket', DOCUMENT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/documents',
      FORMS_DIR: join(projectRoot, 'form-schemas'), TEMPLATES_DIR: join(projectRoot, 'templates'),
      [originVerifyVariables.current]: secret,
    });
    for (const { handler } of routes) handlers.set(handler, (await import(`../../functions/handlers/${handler}.ts`)).handler as Handler);
  });

  // An agency that does not exist: every public handler answers 404 once past the check, touching no AWS service.
  const eventFor = (route: (typeof routes)[number], headers: Record<string, string>, claims?: Record<string, unknown>) => {
    const pathParameters = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, name === 'agencyId' ? 'no-such-agency' : 'x']));
    const event = apiEvent(route.method, route.path.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name]!), pathParameters, {
      headers, ...(route.method === 'POST' ? { body: '{}' } : {}),
    });
    return claims ? { ...event, requestContext: { ...event.requestContext, authorizer: { jwt: { claims, scopes: [] } } } } as APIGatewayProxyEventV2 : event;
  };

  const publicRoutes = routes.filter((route) => route.access === 'public');
  const staffRoutes = routes.filter((route) => route.access === 'staff');

  it.each(publicRoutes.map((route) => [route.method, route.path, route] as const))('public %s %s refuses a request without the header', async (_, __, route) => {
    expectOriginProblem(await handlers.get(route.handler)!(eventFor(route, {}), {} as Context));
    expectOriginProblem(await handlers.get(route.handler)!(eventFor(route, { [originVerifyHeader]: 'not-the-secret' }), {} as Context));
  });

  it.each(publicRoutes.map((route) => [route.method, route.path, route] as const))('public %s %s serves a request with the header', async (_, __, route) => {
    const response = await handlers.get(route.handler)!(eventFor(route, { [originVerifyHeader]: secret, 'idempotency-key': 'unit-key' }), {} as Context);
    expect(response.statusCode).toBe(404);
  });

  it.each(staffRoutes.map((route) => [route.method, route.path, route] as const))('staff %s %s does not look for the header', async (_, __, route) => {
    // A staff member of another agency: the staff check answers 404 before any storage is touched.
    const claims = { [CLAIMS.subject]: 'staff-1', [CLAIMS.agency]: 'demo', [CLAIMS.roles]: '[supervisor agency-admin]', token_use: 'id' };
    const response = await handlers.get(route.handler)!(eventFor(route, {}, claims), {} as Context);
    expect(response.statusCode).toBe(404);
  });
});
