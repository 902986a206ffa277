import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Forwards requests to the emulator one at a time. moto's DynamoDB transactions are not atomic under concurrent
 * requests: a failed transaction restores a snapshot of the whole table, erasing writes that other requests made
 * meanwhile. Serializing DynamoDB traffic gives the local stack the isolation DynamoDB itself guarantees.
 */
/** `onRequest` sees each request as it arrives (the local state keeper notes writes). */
export async function startSerializingProxy(target: string, onRequest: (incoming: IncomingMessage) => void = () => undefined): Promise<Proxy> {
  const targetUrl = new URL(target);
  let tail: Promise<void> = Promise.resolve();
  const server = createServer((incoming, outgoing) => {
    onRequest(incoming);
    const turn = tail.then(() => relay(incoming, outgoing, targetUrl));
    tail = turn.catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** Forwards one request to `target` and resolves when its response has been passed on. */
export function relay(incoming: IncomingMessage, outgoing: ServerResponse, target: URL): Promise<void> {
  return new Promise<void>((resolve) => {
    const upstream = forward(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
        response.on('end', resolve);
        response.on('error', () => { outgoing.destroy(); resolve(); });
      },
    );
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
      resolve();
    });
    incoming.pipe(upstream);
  });
}
