import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A minimal API Gateway HTTP API (payload 2.0) event, for calling a handler directly. */
export function apiEvent(method: string, path: string, pathParameters: Record<string, string>, options: { body?: string; headers?: Record<string, string> } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    pathParameters,
    requestContext: {
      accountId: '000000000000', apiId: 'unit', domainName: 'unit.test', domainPrefix: 'unit',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'unit-request', routeKey: `${method} ${path}`, stage: '$default', time: '', timeEpoch: 0,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
  };
}
