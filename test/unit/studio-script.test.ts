import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { STUDIO_SCRIPT } from '../../functions/web/staff-pages/studio-script.ts';

/** Runs the editor's script against a stand-in for its two elements, and says what its status line reads for `text`. */
function statusFor(text: string): { said: string; invalid: boolean } {
  const attributes = new Map<string, string>();
  const area = { value: text, addEventListener: () => {}, setAttribute: (name: string, value: string) => attributes.set(name, value), removeAttribute: (name: string) => attributes.delete(name) };
  const out = { textContent: '', dataset: { ok: 'ok', error: 'Line {line}, column {column}' } };
  runInNewContext(STUDIO_SCRIPT, { document: { getElementById: (id: string) => (id === 'text' ? area : id === 'text-syntax' ? out : null) }, setTimeout, clearTimeout });
  return { said: out.textContent, invalid: attributes.get('aria-invalid') === 'true' };
}

describe('the studio editor\'s JSON check', () => {
  it('says the JSON is well formed, and marks nothing', () => {
    expect(statusFor('{\n  "title": "Intake",\n  "n": [1, -2.5e3, true, null, "a\\"b"]\n}\n')).toEqual({ said: 'ok', invalid: false });
  });

  it.each([
    ['a stray comma', '{\n  "oneOf": [,\n    1\n  ]\n}', 'Line 2, column 13'],
    ['a missing comma between keys', '{\n  "a": 1\n  "b": 2\n}', 'Line 3, column 3'],
    ['a key without quotes', '{\n  title: "x"\n}', 'Line 2, column 3'],
    ['an unclosed string', '{\n  "a": "never closed\n}', 'Line 2, column 21'],
    ['text after the value', '{}\n}', 'Line 2, column 1'],
    ['an empty file', '', 'Line 1, column 1'],
    ['a cut-off file', '{\n  "a": [1, 2', 'Line 2, column 13'],
  ])('places %s where JSON stops reading', (_, text, place) => {
    expect(statusFor(text)).toEqual({ said: place, invalid: true });
  });
});
