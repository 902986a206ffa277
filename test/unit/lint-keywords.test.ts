import { describe, expect, it } from 'vitest';
import { closestWord } from '../../functions/domain/forms/closest-word.ts';
import { unknownKeywords } from '../../functions/domain/forms/lint-keywords.ts';
import { createAjv } from '../../functions/domain/forms/validator.ts';

const known = Object.keys(createAjv().RULES.keywords);

describe('closestWord', () => {
  it('suggests the keyword meant for swaps, slips and other capitals', () => {
    expect(closestWord('titel', known)).toBe('title');
    expect(closestWord('requried', known)).toBe('required');
    expect(closestWord('enmu', known)).toBe('enum');
    expect(closestWord('reviewdue', ['access', 'reviewDue'])).toBe('reviewDue');
  });

  it('suggests nothing when nothing is close', () => {
    expect(closestWord('colour', known)).toBeUndefined();
    expect(closestWord('ab', ['if'])).toBeUndefined();
  });
});

describe('unknownKeywords', () => {
  it('looks in every place a subschema can be, and never at names or data', () => {
    const schema = {
      type: 'object',
      properties: { titel: { type: 'string', enmu: ['a'] } },
      $defs: { choice: { oneOf: [{ const: 'x', titel: 'X' }] } },
      items: { maxItem: 3 },
      if: { properties: { a: { const: 1 } } },
      then: { requried: ['a'] },
      examples: [{ titel: 'data, not a keyword' }],
      enum: [{ enmu: 1 }],
      'x-caseforms': { access: 'staff' },
    };
    expect(unknownKeywords(schema, known).map(({ pointer, message }) => `${pointer} ${message}`)).toEqual([
      '/properties/titel/enmu unknown keyword `enmu`: did you mean `enum`?',
      '/$defs/choice/oneOf/0/titel unknown keyword `titel`: did you mean `title`?',
      '/items/maxItem unknown keyword `maxItem`: did you mean `maxItems`?',
      '/then/requried unknown keyword `requried`: did you mean `required`?',
    ]);
  });
});
