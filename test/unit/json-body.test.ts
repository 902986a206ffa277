import { describe, expect, it } from 'vitest';
import { jsonBody, MAX_DEPTH, parseGuarded, type JsonBodyEvent } from '../../functions/web/http/json-body.ts';
import { Problem } from '../../functions/web/http/problem.ts';

const parse = (text: string) => parseGuarded(Buffer.from(text));
function problemOf(text: string): Problem {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof Problem) return error;
    throw error;
  }
  throw new Error('expected a Problem');
}
const nestedObject = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('the JSON body guard', () => {
  it(`accepts nesting of exactly ${MAX_DEPTH} levels and refuses ${MAX_DEPTH + 1}`, () => {
    expect(() => parse(nestedObject(MAX_DEPTH))).not.toThrow();
    const problem = problemOf(nestedObject(MAX_DEPTH + 1));
    expect(problem.status).toBe(400);
    expect(problem.errors[0]!.pointer).toBe('/a'.repeat(MAX_DEPTH));
  });

  it('survives nesting far beyond the stack of a recursive walk', () => {
    expect(problemOf('['.repeat(100_000) + ']'.repeat(100_000)).status).toBe(400);
    expect(problemOf('{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}').status).toBe(400);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key anywhere, naming its pointer', (key) => {
    const problem = problemOf(`{"list":[{"ok":1},{"deep":{"${key}":{}}}]}`);
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([{ pointer: `/list/1/deep/${key}`, message: 'this key is not allowed' }]);
  });

  it('leaves values that merely contain those words alone', () => {
    expect(parse('{"note":"__proto__ constructor prototype","list":["__proto__"]}')).toEqual({
      note: '__proto__ constructor prototype', list: ['__proto__'],
    });
  });

  it('escapes pointer tokens as RFC 6901 says', () => {
    expect(problemOf('{"a/b":{"c~d":{"__proto__":1}}}').errors[0]!.pointer).toBe('/a~1b/c~0d/__proto__');
  });

  it('refuses bytes that are not UTF-8 and bodies that are not objects', () => {
    expect(() => parseGuarded(Buffer.from([0x7b, 0xff, 0x7d]))).toThrow(Problem);
    for (const text of ['[]', '1', '"x"', 'null', 'true', '']) expect(problemOf(text).status).toBe(400);
  });
});

describe('the JSON body middleware', () => {
  const run = (body: string | undefined, isBase64Encoded: boolean) => {
    const event = { headers: { 'content-type': 'application/json' }, body, isBase64Encoded } as unknown as JsonBodyEvent;
    jsonBody().before!({ event } as unknown as Parameters<NonNullable<ReturnType<typeof jsonBody>['before']>>[0]);
    return event;
  };
  const text = '\uFEFF{"name":"Zoë 李","nested":{"list":[1,{"x":"\u{1F600}"}]}}';

  it('reads a text body and the same bytes sent as base64 alike, byte order mark and all', () => {
    const asText = run(text, false);
    const asBytes = run(Buffer.from(text).toString('base64'), true);
    expect(asText.jsonBody).toEqual({ name: 'Zoë 李', nested: { list: [1, { x: '\u{1F600}' }] } });
    expect(asBytes.jsonBody).toEqual(asText.jsonBody);
    expect(asBytes.rawBody.equals(asText.rawBody)).toBe(true);
  });

  it('guards a text body as it guards bytes', () => {
    expect(() => run('{"a":{"__proto__":{}}}', false)).toThrow(Problem);
    expect(() => run('{"a":', false)).toThrow(Problem);
    expect(() => run(nestedObject(MAX_DEPTH + 1), false)).toThrow(Problem);
    expect(() => run(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), true)).toThrow(Problem);
  });
});

describe('a Problem', () => {
  it('carries no stack frames, and leaves stack capture on for every other error', () => {
    const limit = Error.stackTraceLimit;
    const problem = new Problem('malformedRequest', 'no');
    expect(problem.stack?.split('\n').filter((line) => line.trim().startsWith('at '))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('real').stack?.split('\n').some((line) => line.trim().startsWith('at '))).toBe(true);
    expect(problem).toBeInstanceOf(Error);
    expect(problem.message).toBe('no');
  });
});
