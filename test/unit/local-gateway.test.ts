import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../functions/contracts/routes.ts';
import { LocalGateway } from '../../local/gateway.ts';

const routes = [{ method: 'POST', path: '/things/{thingId}', handler: 'thing', access: 'public' }] as unknown as Route[];
let answer: APIGatewayProxyResultV2 = { statusCode: 200 };
let seen: { event: APIGatewayProxyEventV2; remaining: number } | undefined;
let server: Server;
let url: string;

beforeAll(async () => {
  const gateway = new LocalGateway(routes, async () => async (event, context) => {
    seen = { event, remaining: context.getRemainingTimeInMillis() };
    return answer;
  }, async () => undefined);
  server = createServer((request, response) => void gateway.handle(request, response).then((handled) => { if (!handled) response.writeHead(404).end(); }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the local gateway', () => {
  it('builds a payload 2.0 event: lower-case headers, cookies apart, query joined, path parameters decoded, a live context', async () => {
    await fetch(`${url}/things/a%20b?x=1&x=2&y=3`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: 'a=1; b=2' }, body: '{"k":"é"}' });
    expect(seen!.event).toMatchObject({
      routeKey: 'POST /things/{thingId}', rawPath: '/things/a%20b', rawQueryString: 'x=1&x=2&y=3',
      pathParameters: { thingId: 'a b' }, queryStringParameters: { x: '1,2', y: '3' }, cookies: ['a=1', 'b=2'],
      body: '{"k":"é"}', isBase64Encoded: false,
    });
    expect(seen!.event.headers['content-type']).toBe('application/json');
    expect(seen!.event.headers.cookie).toBeUndefined();
    expect(seen!.remaining).toBeGreaterThan(29_000);
  });

  it('passes bytes that are not UTF-8 as base64', async () => {
    await fetch(`${url}/things/t`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0xff, 0x7d]) });
    expect(seen!.event).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64') });
  });

  it('answers with the result: one header per name whatever its case, empty ones left out, cookies, base64 bodies decoded', async () => {
    answer = {
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'content-type': 'application/json', 'X-Empty': '', 'X-Kept': 'yes' },
      cookies: ['s=1; HttpOnly', 't=2'],
      body: Buffer.from('{"ok":true}').toString('base64'),
      isBase64Encoded: true,
    };
    const response = await fetch(`${url}/things/t`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.has('x-empty')).toBe(false);
    expect(response.headers.get('x-kept')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['s=1; HttpOnly', 't=2']);
    expect(await response.text()).toBe('{"ok":true}');
  });

  it('leaves paths it does not route to its caller', async () => {
    expect((await fetch(`${url}/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${url}/things/t`, { method: 'GET' })).status).toBe(404);
  });
});
