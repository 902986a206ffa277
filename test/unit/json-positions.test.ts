import { describe, expect, it } from 'vitest';
import { jsonPositions } from '../../functions/domain/forms/json-positions.ts';

const text = [
  '{',
  '  "title": "Visit",',
  '  "a/b~c": { "x\\"y": [1, {"z": null}] },',
  '  "list": [',
  '    "one",',
  '    true',
  '  ]',
  '}',
].join('\n');

describe('jsonPositions', () => {
  const at = jsonPositions(text);

  it('puts the root at its opening brace and a member at its key', () => {
    expect(at('')).toEqual({ line: 1, column: 1 });
    expect(at('/title')).toEqual({ line: 2, column: 3 });
    expect(at('/list')).toEqual({ line: 4, column: 3 });
  });

  it('puts an array item at its value', () => {
    expect(at('/list/0')).toEqual({ line: 5, column: 5 });
    expect(at('/list/1')).toEqual({ line: 6, column: 5 });
  });

  it('reads escaped pointer tokens and escaped quotes in keys', () => {
    expect(at('/a~1b~0c')).toEqual({ line: 3, column: 3 });
    expect(at('/a~1b~0c/x"y')).toEqual({ line: 3, column: 14 });
    expect(at('/a~1b~0c/x"y/1/z')).toEqual({ line: 3, column: 27 });
  });

  it('shows a pointer to nothing at its nearest present ancestor', () => {
    expect(at('/list/7')).toEqual({ line: 4, column: 3 });
    expect(at('/missing/deeper')).toEqual({ line: 1, column: 1 });
  });

  it('counts lines of a file written with CRLF', () => {
    expect(jsonPositions(text.replaceAll('\n', '\r\n'))('/list/1')).toEqual({ line: 6, column: 5 });
  });
});
