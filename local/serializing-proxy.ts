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
/**
 * `onRequest`, when given, sees each request and its body before the request's turn comes (the local state keeper
 * notes the items a write may change: local/table-mirror.ts).
 */
export async function startSerializingProxy(target: string, onRequest?: (incoming: IncomingMessage, body: Buffer) => void): Promise<Proxy> {
  const targetUrl = new URL(target);
  let tail: Promise<void> = Promise.resolve();
  const server = createServer((incoming, outgoing) => {
    const body = onRequest ? readBody(incoming).then((content) => { onRequest(incoming, content); return content; }) : undefined;
    // A request the client abandoned fails at its turn; until then its rejection is not an unhandled one.
    body?.catch(() => undefined);
    const turn = tail.then(async () => relay(incoming, outgoing, targetUrl, await body));
    tail = turn.catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Forwards one request (its body already read, or still to stream) to `target`; resolves when its response has been passed on. */
export function relay(incoming: IncomingMessage, outgoing: ServerResponse, target: URL, body?: Buffer): Promise<void> {
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
    if (body) upstream.end(body);
    else incoming.pipe(upstream);
  });
}
