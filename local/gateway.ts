import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Route } from '../functions/contracts/routes.ts';
import { lambdaContext } from './lambda-context.ts';
import type { RateLimiter } from './rate-limiter.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/** API Gateway's own payload limit; the handlers enforce caseforms' smaller one. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/**
 * Serves the route table the way an API Gateway HTTP API does: it matches the route, builds a payload-format 2.0
 * event and invokes the route's handler module, the same module Lambda runs.
 */
export class LocalGateway {
  private readonly compiled: CompiledRoute[];
  private readonly handlers = new Map<string, Promise<HttpHandler>>();

  constructor(
    routes: readonly Route[],
    private readonly loadHandler: (name: string) => Promise<HttpHandler>,
    /** What API Gateway's JWT authorizer does: verified claims, or undefined (→ 401 before any function runs). */
    private readonly verifyStaffToken: (token: string) => Promise<Record<string, unknown> | undefined>,
    /** What WAF's submissions-per-IP rule does in front of the public routes: POSTs beyond it get 429. */
    private readonly submissionLimiter?: RateLimiter,
  ) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => { names.push(name); return '([^/]+)'; });
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  /** Returns false when no route matches, so the caller can serve its own local-only paths. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = this.match(request.method ?? 'GET', url.pathname);
    if (!match) return false;

    if (this.submissionLimiter && match.route.access === 'public' && match.route.method === 'POST') {
      const retryAfter = this.submissionLimiter.take(request.socket.remoteAddress ?? 'unknown');
      if (retryAfter > 0) {
        request.resume();
        send(response, {
          statusCode: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': String(retryAfter) },
          body: JSON.stringify({ type: 'urn:caseforms:problem:too-many-requests', title: 'Too many requests', status: 429, detail: `Too many submissions from this address; try again in ${retryAfter} s.`, errors: [] }),
        });
        return true;
      }
    }
    const body = await readBody(request);
    if (body === 'too-large') {
      send(response, { statusCode: 413, headers: { 'content-type': 'application/json' }, body: '{"message":"Request Entity Too Large"}' });
      return true;
    }
    const event = toEvent(request, url, match.route, match.pathParameters, body);
    if (match.route.access === 'staff') {
      const bearer = /^Bearer (\S+)$/i.exec(event.headers.authorization ?? '')?.[1];
      const claims = bearer ? await this.verifyStaffToken(bearer) : undefined;
      if (!claims) {
        send(response, { statusCode: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }, body: '{"message":"Unauthorized"}' });
        return true;
      }
      (event.requestContext as unknown as { authorizer: unknown }).authorizer = { jwt: { claims: asAuthorizerClaims(claims), scopes: null } };
    }
    const handler = await this.handler(match.route.handler);
    const result = await handler(event, lambdaContext(match.route.handler)).catch((error: unknown) => {
      // What API Gateway answers when the function itself fails.
      console.error(`handler ${match.route.handler} threw`, (error as Error).name);
      return { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}' };
    });
    send(response, result);
    return true;
  }

  private match(method: string, path: string) {
    for (const { route, pattern, names } of this.compiled) {
      if (route.method !== method) continue;
      const found = pattern.exec(path);
      if (!found) continue;
      const pathParameters: Record<string, string> = {};
      names.forEach((name, index) => { pathParameters[name] = safeDecode(found[index + 1]!); });
      return { route, pathParameters };
    }
    return undefined;
  }

  private handler(name: string): Promise<HttpHandler> {
    let handler = this.handlers.get(name);
    if (!handler) {
      handler = this.loadHandler(name);
      this.handlers.set(name, handler);
    }
    return handler;
  }
}

/** API Gateway passes every claim as a string, and an array as "[a b]": the functions see the same here. */
function asAuthorizerClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml))/i;

function toEvent(request: IncomingMessage, url: URL, route: Route, pathParameters: Record<string, string>, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // Payload 2.0 moves the Cookie header into `cookies`, one `name=value` per entry.
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim()).filter(Boolean);
  delete headers.cookie;
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = queryStringParameters[name] === undefined ? value : `${queryStringParameters[name]},${value}`;
  }
  // API Gateway passes text bodies as strings and everything else (binary types, bytes that are not UTF-8)
  // base64-encoded, so a handler can still see the bytes a client really sent.
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '') && isUtf8(body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(cookies?.length ? { cookies } : {}),
    pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  const structured = typeof result === 'string' ? { statusCode: 200, body: result } : result;
  const headers: Record<string, string | string[]> = {};
  // Names are case-insensitive: a later `content-type` replaces an earlier `Content-Type`, as API Gateway does.
  // middy's security headers unset Server and X-Powered-By by giving them no value.
  for (const name in structured.headers) {
    const value = structured.headers[name];
    if (value !== undefined && value !== '') headers[name.toLowerCase()] = String(value);
  }
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body ?? '';
  response.writeHead(structured.statusCode ?? 200, headers).end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
