import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appendPointer } from '../../contracts/json-pointer.ts';
import { Problem } from './problem.ts';
import { phrase } from './problem-phrases/index.ts';

export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_DEPTH = 32;
/** Keys that reach an object's prototype when user data is merged or templated. Refused before validation. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonObject = Record<string, unknown>;

export interface JsonBodyEvent extends APIGatewayProxyEventV2 {
  /** The body exactly as received: what gets stored. */
  rawBody: Buffer;
  /** The parsed, guarded body: what gets validated. */
  jsonBody: JsonObject;
}

/** Parses and guards a JSON request body: media type, size, UTF-8, syntax, shape, depth and forbidden keys. */
export function jsonBody(): MiddlewareObj<JsonBodyEvent> {
  return { before: (request) => readJsonBody(request.event) };
}

/** The guard itself, for a handler that reads a body on some requests only, and only once it knows who asks. */
export function readJsonBody(event: JsonBodyEvent): void {
  const contentType = event.headers['content-type'];
  if (!isJsonMediaType(contentType)) {
    throw new Problem('unsupportedMediaType', phrase('sendJson', contentType?.slice(0, 100)));
  }
  const raw = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.length > MAX_BODY_BYTES) {
    throw new Problem('payloadTooLarge', phrase('tooLarge', MAX_BODY_BYTES, raw.length));
  }
  event.rawBody = raw;
  // A text body arrives as a string, already text: only bytes API Gateway passed as base64 need decoding.
  event.jsonBody = event.isBase64Encoded || event.body === undefined ? parseGuarded(raw) : parseGuardedText(event.body);
}

function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  const charset = parameters.find((p) => p.startsWith('charset='));
  return charset === undefined || ['charset=utf-8', 'charset="utf-8"'].includes(charset);
}

/** Stateless between calls (no streaming), so one decoder serves every request. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function parseGuarded(raw: Buffer): JsonObject {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new Problem('malformedRequest', phrase('notUtf8'));
  }
  return parseGuardedText(text);
}

function parseGuardedText(decoded: string): JsonObject {
  // As the decoder does for bytes: a leading byte order mark is not part of the JSON text.
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Problem('malformedRequest', phrase('notJson', (error as Error).message));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Problem('malformedRequest', phrase('notAnObject'), [{ pointer: '', phrase: phrase('notAnObject') }]);
  }
  guardStructure(value as JsonObject);
  return value as JsonObject;
}

/** Where a value sits: its key and its parent's place. The pointer is spelled out only for an error. */
interface Place {
  readonly key: string;
  readonly parent: Place | undefined;
}

function pointerOf(place: Place | undefined): string {
  const keys: string[] = [];
  for (let at = place; at; at = at.parent) keys.push(at.key);
  return keys.reduceRight(appendPointer, '');
}

/** Iterative walk: a recursive one could be made to overflow the stack by the very input it guards against. */
function guardStructure(root: JsonObject): void {
  const stack: Array<{ value: object; place: Place | undefined; depth: number }> = [{ value: root, place: undefined, depth: 1 }];
  while (stack.length > 0) {
    const { value, place, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      const pointer = pointerOf(place);
      throw new Problem('malformedRequest', phrase('tooDeep', MAX_DEPTH), [{ pointer, phrase: phrase('tooDeep', MAX_DEPTH) }]);
    }
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      if (!isArray && FORBIDDEN_KEYS.has(key)) {
        throw new Problem('malformedRequest', phrase('forbiddenKey', key), [{ pointer: pointerOf({ key, parent: place }), phrase: phrase('forbiddenKeyField') }]);
      }
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, place: { key, parent: place }, depth: depth + 1 });
    }
  }
}
