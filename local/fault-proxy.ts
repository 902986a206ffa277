import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relay } from './serializing-proxy.ts';

export interface FaultProxy {
  readonly endpoint: string;
  /** While failing, every request (or those `failing` picks) is answered with `fault` without reaching the emulator. */
  failing: boolean | ((request: IncomingMessage) => boolean);
  /** What a failing request gets: 503 ServiceUnavailable by default; 429 TooManyRequestsException is SES throttling. */
  fault: { readonly status: number; readonly type: string };
  /** Requests answered with a fault so far. */
  readonly refused: number;
  /** The DynamoDB operations seen (X-Amz-Target), failed or not: tests count queries and scans with it. */
  readonly operations: string[];
  stop(): Promise<void>;
}

/** A DynamoDB request for one operation, e.g. `dynamoOperation('TransactWriteItems')`. */
export const dynamoOperation = (operation: string) => (request: IncomingMessage) =>
  request.headers['x-amz-target'] === `DynamoDB_20120810.${operation}`;

/** Stands in front of one service's emulator endpoint and makes it unavailable on demand. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  let refused = 0;
  const operations: string[] = [];
  const proxy: Pick<FaultProxy, 'failing' | 'fault'> = { failing: false, fault: { status: 503, type: 'ServiceUnavailable' } };
  const server = createServer((incoming, outgoing) => {
    const target = incoming.headers['x-amz-target'];
    if (typeof target === 'string') operations.push(target.split('.').pop()!);
    if (typeof proxy.failing === 'function' ? proxy.failing(incoming) : proxy.failing) {
      refused += 1;
      incoming.resume();
      const { status, type } = proxy.fault;
      outgoing.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
      outgoing.end(JSON.stringify({ __type: type, message: 'injected fault' }));
      return;
    }
    void relay(incoming, outgoing, targetUrl);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.defineProperties(proxy, {
    endpoint: { value: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    refused: { get: () => refused },
    operations: { value: operations },
    stop: { value: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) },
  }) as FaultProxy;
}
