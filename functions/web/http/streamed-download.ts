import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { HttpResponse } from './responses.ts';

/**
 * What is left of a Lambda's 6 MB synchronous response once base64 has grown the body by a third, with room for the
 * headers. A buffered API Gateway route can answer no more than this, however the body is made.
 */
export const MAX_DOWNLOAD_BYTES = 4_250_000;

export interface DownloadOptions {
  /** The request's Accept-Encoding: gzip is used when it is accepted (every browser does). */
  readonly acceptEncoding?: string;
  readonly maxBytes?: number;
}

/**
 * A file made of `chunks` as an attachment. With gzip the chunks are compressed as they arrive, so the function
 * holds the compressed file only (a CSV shrinks about tenfold), never the file itself; without it, the file.
 * Either way, past `maxBytes` it stops pulling chunks (which stops whatever reads storage behind them) and
 * answers 'too-large' for the caller to say so in words.
 */
export async function streamedDownload(chunks: AsyncIterable<string>, headers: Record<string, string>, options: DownloadOptions = {}): Promise<HttpResponse | 'too-large'> {
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const gzip = /\bgzip\b/i.test(options.acceptEncoding ?? '');
  const body = gzip ? await gzipped(chunks, maxBytes) : await plain(chunks, maxBytes);
  if (body === undefined) return 'too-large';
  return {
    statusCode: 200,
    headers: { ...headers, 'Cache-Control': 'no-store', Vary: 'Accept-Encoding', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

/** Records are small; zlib works per write, so they are handed over in batches of about this many characters. */
const BATCH = 64 * 1024;

async function gzipped(chunks: AsyncIterable<string>, maxBytes: number): Promise<Buffer | undefined> {
  const compressor = createGzip();
  const parts: Buffer[] = [];
  let size = 0;
  compressor.on('data', (part: Buffer) => {
    parts.push(part);
    size += part.length;
  });
  const done = once(compressor, 'end');
  let batch = '';
  for await (const chunk of chunks) {
    batch += chunk;
    if (batch.length < BATCH) continue;
    if (!compressor.write(batch)) await once(compressor, 'drain');
    batch = '';
    if (size > maxBytes) {
      compressor.destroy();
      return undefined;
    }
  }
  compressor.end(batch);
  await done;
  return size > maxBytes ? undefined : Buffer.concat(parts, size);
}

async function plain(chunks: AsyncIterable<string>, maxBytes: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const part = Buffer.from(chunk, 'utf8');
    parts.push(part);
    size += part.length;
    if (size > maxBytes) return undefined;
  }
  return Buffer.concat(parts, size);
}
