/**
 * LOCAL ONLY — never deployed. Stands in front of the emulator's S3 for browser POST uploads, because moto stores a
 * presigned POST without checking its policy (wrong key, too large, bad signature: all stored). In AWS the browser
 * POSTs straight to S3, which makes these checks itself.
 *
 * The gate takes `POST /<bucket>` (multipart/form-data), checks it as S3 does (post-policy.ts), answers as S3 does
 * (204 by default, success_action_status 200/201, a 303 to success_action_redirect with bucket, key and etag
 * appended; S3's XML errors), answers CORS for the public origin, and only then PutObject's the file into the emulator
 * with the POST's Content-Type and x-amz-meta-* metadata. Each stored object is then handed to `onStored` (the local
 * malware scan stand-in).
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkPost, type AcceptedPost, type S3Refusal, type SigningCredentials } from './post-policy.ts';

export interface StoredUpload {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly size: number;
}

export interface UploadGateOptions {
  /** The buckets the gate takes POSTs for, asked at each request (the uploads bucket the functions are given). */
  readonly buckets: () => readonly (string | undefined)[];
  /** The credentials presigned POSTs are signed with (the stack's local ones). */
  readonly credentials: SigningCredentials;
  /** The origin whose pages may POST (the public intake pages), asked at each request: it is known after the gate starts. */
  readonly allowedOrigin: () => string | undefined;
  readonly onStored: (stored: StoredUpload) => void;
  readonly port?: number;
}

/**
 * The gate reads a whole POST into memory before checking it: it refuses bodies past this (S3 takes up to 5 GB, but the
 * service's own cap is 20 MB a file, functions/domain/uploads/upload-field.ts).
 */
export const GATE_MAX_BODY_BYTES = 64 * 1024 * 1024;
const SUCCESS_STATUSES = new Set(['200', '201', '204']);

export class UploadGate {
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(options: UploadGateOptions): Promise<UploadGate> {
    const s3 = new S3Client({ forcePathStyle: true });
    const server = createServer((request, response) => {
      handle(request, response, options, s3).catch((error: unknown) => {
        console.error('upload gate:', (error as Error).name);
        if (!response.headersSent) sendError(response, { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' }, corsHeaders(request, options));
        else response.end();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, '127.0.0.1', resolveListen));
    return new UploadGate(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolveClose) => {
      this.server.close(() => resolveClose());
      this.server.closeAllConnections();
    });
  }
}

async function handle(request: IncomingMessage, response: ServerResponse, options: UploadGateOptions, s3: S3Client): Promise<void> {
  const cors = corsHeaders(request, options);
  const bucket = decodeURIComponent(new URL(request.url ?? '/', 'http://gate').pathname.replace(/^\/+|\/+$/g, ''));
  if (request.method === 'OPTIONS') return preflight(request, response, cors);
  if (request.method !== 'POST') {
    return sendError(response, { status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.' }, cors);
  }
  if (!options.buckets().includes(bucket)) {
    return sendError(response, { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', details: { BucketName: bucket } }, cors);
  }
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return sendError(response, { status: 412, code: 'PreconditionFailed', message: 'Bucket POST must be of the enclosure-type multipart/form-data', details: { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' } }, cors);
  }
  const body = await readBody(request);
  if (!body) {
    return sendError(response, { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size', details: { MaxSizeAllowed: String(GATE_MAX_BODY_BYTES) } }, cors);
  }
  const parsed = await parseForm(body, contentType);
  if ('refused' in parsed) return sendError(response, parsed.refused, cors);
  const verdict = checkPost({ bucket, fields: parsed.fields, fileName: parsed.file.name, fileSize: parsed.file.size }, options.credentials, new Date());
  if ('refused' in verdict) return sendError(response, verdict.refused, cors);

  const stored = await store(s3, bucket, verdict.accepted, parsed.file);
  options.onStored(stored);
  answer(response, verdict.accepted, stored, cors);
}

type ParsedForm = { readonly fields: Map<string, string>; readonly file: File } | { readonly refused: S3Refusal };

/**
 * The form as S3 reads it: text fields up to the file (whatever follows the file is ignored), names compared without
 * case; exactly one file. A field sent twice is refused: which of the two a policy check saw would be a guess.
 */
async function parseForm(body: Buffer, contentType: string): Promise<ParsedForm> {
  let form: FormData;
  try {
    form = await new Request('http://gate/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch {
    return { refused: { status: 400, code: 'MalformedPOSTRequest', message: 'The body of your POST request is not well-formed multipart/form-data.' } };
  }
  const fields = new Map<string, string>();
  for (const [name, value] of form) {
    const lower = name.toLowerCase();
    if (lower === 'file') {
      if (typeof value === 'string') break;
      return { fields, file: value };
    }
    if (typeof value !== 'string') continue;
    if (fields.has(lower)) return { refused: { status: 400, code: 'InvalidArgument', message: `The form field ${lower} is given more than once.`, details: { ArgumentName: lower } } };
    fields.set(lower, value);
  }
  return { refused: { status: 400, code: 'InvalidArgument', message: 'POST requires exactly one file upload per request.', details: { ArgumentName: 'file', ArgumentValue: '0' } } };
}

async function store(s3: S3Client, bucket: string, accepted: AcceptedPost, file: File): Promise<StoredUpload> {
  const bytes = Buffer.from(await file.arrayBuffer());
  const { ETag } = await s3.send(new PutObjectCommand({
    Bucket: bucket, Key: accepted.key, Body: bytes, ContentType: accepted.contentType, Metadata: { ...accepted.metadata },
  }));
  return { bucket, key: accepted.key, etag: ETag ?? '', size: bytes.length };
}

function answer(response: ServerResponse, accepted: AcceptedPost, stored: StoredUpload, cors: Record<string, string>): void {
  const location = `/${encodeURIComponent(stored.bucket)}/${stored.key.split('/').map(encodeURIComponent).join('/')}`;
  const headers = { ...cors, etag: stored.etag, location };
  const redirect = accepted.successActionRedirect ? safeRedirect(accepted.successActionRedirect) : undefined;
  if (redirect) {
    redirect.searchParams.append('bucket', stored.bucket);
    redirect.searchParams.append('key', stored.key);
    redirect.searchParams.append('etag', stored.etag);
    response.writeHead(303, { ...headers, location: redirect.toString() });
    response.end();
    return;
  }
  const status = SUCCESS_STATUSES.has(accepted.successActionStatus ?? '') ? Number(accepted.successActionStatus) : 204;
  if (status !== 201) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  response.writeHead(201, { ...headers, 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${xml(location)}</Location><Bucket>${xml(stored.bucket)}</Bucket>`
    + `<Key>${xml(stored.key)}</Key><ETag>${xml(stored.etag)}</ETag></PostResponse>`);
}

/** S3 redirects only to an absolute http(s) URL; anything else gets the default answer. */
function safeRedirect(target: string): URL | undefined {
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function preflight(request: IncomingMessage, response: ServerResponse, cors: Record<string, string>): void {
  if (!cors['access-control-allow-origin'] || request.headers['access-control-request-method'] !== 'POST') {
    return sendError(response, { status: 403, code: 'AccessForbidden', message: 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.' }, {});
  }
  response.writeHead(200, {
    ...cors,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': String(request.headers['access-control-request-headers'] ?? ''),
    'access-control-max-age': '3000',
  });
  response.end();
}

/** The CORS headers S3 sends for a request from the allowed origin (the bucket's CORS rule in infra/), none otherwise. */
function corsHeaders(request: IncomingMessage, options: UploadGateOptions): Record<string, string> {
  const origin = request.headers.origin;
  const allowed = options.allowedOrigin();
  if (!origin || !allowed || origin !== allowed) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'ETag, Location', vary: 'Origin' };
}

function sendError(response: ServerResponse, refusal: S3Refusal, cors: Record<string, string>): void {
  const details = Object.entries(refusal.details ?? {}).map(([name, value]) => `<${name}>${xml(value)}</${name}>`).join('');
  response.writeHead(refusal.status, { ...cors, 'content-type': 'application/xml', connection: 'close' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${xml(refusal.message)}</Message>${details}</Error>`);
}

/** The whole body, or undefined past GATE_MAX_BODY_BYTES (then the rest is not read). */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > GATE_MAX_BODY_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > GATE_MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
