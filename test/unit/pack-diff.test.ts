import { describe, expect, it } from 'vitest';
import { diffPacks, isEmptyDiff } from '../../functions/domain/studio/pack-diff.ts';
import { packVersion } from '../../functions/domain/forms/pack-files.ts';

// A small agency of the test's own: one public form in two versions, and a locale file.
const before = {
  title: 'Request', type: 'object',
  properties: {
    name: { title: 'Name', type: 'string' },
    contact: { title: 'Contact', type: 'object', properties: { phone: { title: 'Phone', type: 'string' }, fax: { title: 'Fax', type: 'string' } } },
    need: { title: 'Need', type: 'string', oneOf: [{ const: 'food', title: 'Food' }, { const: 'rent', title: 'Rent' }] },
  },
};
const after = structuredClone(before) as typeof before & { properties: Record<string, unknown> };
delete (after.properties.contact.properties as Record<string, unknown>).fax;
after.properties.need.oneOf.push({ const: 'heat', title: 'Heating' });
after.properties.name.title = 'Full name';
Object.assign(after.properties, { household: { title: 'People at home', type: 'array', items: { type: 'object', properties: { age: { title: 'Age', type: 'integer' } } } } });

const pack = (form: object, extra: Record<string, string> = {}) => new Map([['agency.json', '{"id":"tarn"}'], ['forms/request.json', JSON.stringify(form)], ...Object.entries(extra)]);

describe('comparing two versions of a pack', () => {
  it('names the questions added, removed and changed, and the files', () => {
    const diff = diffPacks(pack(before), pack(after, { 'locales/cy.json': '{}' }));
    expect(diff.addedFiles).toEqual(['locales/cy.json']);
    expect(diff.changedFiles).toEqual(['forms/request.json']);
    expect(diff.removedFiles).toEqual([]);
    expect(diff.forms).toEqual([{
      formId: 'request',
      added: [{ pointer: '/household', title: 'People at home' }, { pointer: '/household/-', title: undefined }, { pointer: '/household/-/age', title: 'Age' }],
      removed: [{ pointer: '/contact/fax', title: 'Fax' }],
      changed: [{ pointer: '/name', title: 'Full name' }, { pointer: '/need', title: 'Need' }],
    }]);
  });

  it('says a form removed whole, and nothing for the same files', () => {
    const diff = diffPacks(pack(before), new Map([['agency.json', '{"id":"tarn"}']]));
    expect(diff.removedFiles).toEqual(['forms/request.json']);
    expect(diff.forms[0]!.removed.map((field) => field.pointer)).toEqual(['/name', '/contact', '/contact/phone', '/contact/fax', '/need']);
    expect(isEmptyDiff(diffPacks(pack(before), pack(before)))).toBe(true);
  });

  it('versions a pack by its paths and contents, whatever order they were added in', () => {
    const a = new Map([['agency.json', '1'], ['forms/a.json', '2']]);
    const b = new Map([['forms/a.json', '2'], ['agency.json', '1']]);
    expect(packVersion(a)).toBe(packVersion(b));
    expect(packVersion(a)).not.toBe(packVersion(new Map([['agency.json', '1'], ['forms/b.json', '2']])));
    expect(packVersion(a)).toMatch(/^[0-9a-f]{16}$/);
  });
});
