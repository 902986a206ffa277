import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, parseGuarded } from '../../functions/http/json-body.ts';
import { Problem } from '../../functions/http/problem.ts';

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
    expect(problem.errors).toEqual([{ pointer: `/list/1/deep/${key}`, message: 'is a forbidden key' }]);
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
