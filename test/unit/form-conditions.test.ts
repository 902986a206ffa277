import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { formConditions, withoutInapplicable } from '../../functions/domain/forms/conditions.ts';
import { localizedModel } from '../../functions/web/public-pages/intake-form.ts';
import { renderFormPage, type PageLanguage } from '../../functions/web/public-pages/intake-page-html.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor, harborPackDir } from '../support/harbor-pack.ts';

type Json = Record<string, unknown>;
const harbor = JSON.parse(readFileSync(join(harborPackDir, 'forms', 'intake.json'), 'utf8')) as Json;
const demo = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'demo', 'forms', 'intake.json'), 'utf8')) as Json;

/** A form of one object with `extra` merged into its root: the smallest schema a rule needs. */
function form(extra: Json, properties: Json = {}): Json {
  return {
    type: 'object',
    properties: {
      kind: { type: 'string', enum: ['a', 'b', 'c'] },
      box: { type: 'boolean' },
      text: { type: 'string' },
      section: { type: 'object', properties: { x: { type: 'string' } } },
      other: { type: 'string' },
      list: { type: 'array', items: { type: 'object', properties: { y: { type: 'string' }, z: { type: 'string' } } } },
      ...properties,
    },
    ...extra,
  };
}

describe('the conditions a form asks fields under', () => {
  it('reads a choice at the root and a nested one inside the section it opens, outer first', () => {
    expect(formConditions(harbor)).toEqual({
      fields: [
        { pointer: '/eviction', when: '/assistanceType', values: ['eviction'] },
        { pointer: '/emailIsSafe', when: '/email' },
        { pointer: '/eviction/hearingDate', when: '/eviction/noticeKind', values: ['court-summons'] },
      ],
      problems: [],
    });
  });

  it('reads a checkbox condition whose else forbids the section, and dependentRequired inside a group', () => {
    expect(formConditions(demo).fields).toEqual([
      { pointer: '/dependents', when: '/hasDependents', values: [true] },
      { pointer: '/contact/emailIsSafe', when: '/contact/email' },
    ]);
  });

  it('merges the values of several conditions on one question, reads allOf items and dependentSchemas, and skips fields required anyway', () => {
    const schema = form({
      required: ['other'],
      allOf: [
        { if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, then: { required: ['section', 'other'] } },
        { if: { properties: { kind: { enum: ['b'] } }, required: ['kind'] }, then: { required: ['section'], properties: { section: { required: ['x'] } } } },
      ],
      dependentSchemas: { text: { required: ['box'] } },
    });
    expect(formConditions(schema)).toEqual({
      fields: [
        { pointer: '/box', when: '/text' },
        { pointer: '/section', when: '/kind', values: ['a', 'b'] },
      ],
      problems: [],
    });
  });

  it('refuses, each with a plain message, every condition the page cannot show', () => {
    const problems = (schema: Json) => formConditions(schema).problems.map((problem) => `${problem.pointer}: ${problem.message}`);
    // Without `required`, the `if` also holds when the question is unanswered.
    expect(problems(form({ if: { properties: { kind: { const: 'a' } } }, then: { required: ['section'] } })))
      .toEqual([expect.stringMatching(/^\/if: the page can show a section only for `if: \{ properties/)]);
    // A range, two questions at once, a test on a group.
    expect(problems(form({ if: { properties: { kind: { not: { const: 'a' } } }, required: ['kind'] }, then: { required: ['section'] } }))).toHaveLength(1);
    expect(problems(form({ if: { properties: { kind: { const: 'a' }, box: { const: true } }, required: ['kind', 'box'] }, then: { required: ['section'] } }))).toHaveLength(1);
    expect(problems(form({ if: { properties: { section: { const: {} } }, required: ['section'] }, then: { required: ['other'] } }))).toHaveLength(1);
    // "Only if not": required in else, forbidden in then.
    expect(problems(form({ if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, else: { required: ['section'] } })))
      .toEqual([expect.stringMatching(/^\/else\/required: the page cannot ask a section "only if not"/)]);
    expect(problems(form({ if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, then: { properties: { section: false } } })))
      .toEqual([expect.stringMatching(/^\/then\/properties\/section: forbidding "section"/)]);
    // A field only a branch defines, a branch that does more than require and constrain.
    expect(problems(form({ if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, then: { required: ['ghost'] } })))
      .toEqual(['/then/required/0: "ghost" is not a property of this object: declare it in "properties" so the page can show it']);
    expect(problems(form({ if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, then: { anyOf: [{ required: ['other'] }] } })))
      .toEqual([expect.stringMatching(/^\/then\/anyOf: "anyOf" under a condition is not shown by the page/)]);
    // A checkbox is always answered: dependentRequired on it would ask the section always.
    expect(problems(form({ dependentRequired: { box: ['other'] } })))
      .toEqual(['/dependentRequired/box: "box" is a checkbox, always answered (true or false): use if/then with { "const": true } instead']);
    // Two questions for one section.
    expect(problems(form({
      allOf: [
        { if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, then: { required: ['other'] } },
        { if: { properties: { box: { const: true } }, required: ['box'] }, then: { required: ['other'] } },
      ],
    }))).toEqual([expect.stringMatching(/"other" is asked under conditions on two questions \("kind" and "box"\)/)]);
    // Conditions in a list's rows, in a oneOf, in a branch.
    expect(problems(form({}, { list: { type: 'array', items: { type: 'object', properties: { y: { type: 'string' }, z: { type: 'string' } }, dependentRequired: { y: ['z'] } } } })))
      .toEqual([expect.stringMatching(/^\/properties\/list\/items: conditions inside a list's rows are not shown by the page/)]);
    expect(problems(form({ oneOf: [{ if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, then: { required: ['other'] } }] })))
      .toEqual([expect.stringMatching(/^\/oneOf\/0\/if: a condition here is enforced by the server but cannot be shown by the page/)]);
  });
});

describe('a field a refused condition also asks for', () => {
  it('is no section at all: always shown, and its answers never dropped, even in a form that skipped lint', () => {
    const kindIsA = { if: { properties: { kind: { const: 'a' } }, required: ['kind'] }, then: { required: ['section'] } };
    const refused = [
      { if: { properties: { text: { const: 'x' } } }, then: { required: ['section'] } }, // no `required`: refused
      { if: { properties: { box: { const: true } }, required: ['box'] }, then: { required: ['section'] } }, // a second question
      { if: { properties: { box: { const: true } }, required: ['box'] }, else: { required: ['section'] } }, // "only if not"
    ];
    for (const other of refused) {
      const schema = form({ allOf: [kindIsA, other] });
      expect(formConditions(schema).problems, JSON.stringify(other)).not.toEqual([]);
      expect(formConditions(schema).fields, JSON.stringify(other)).toEqual([]);
      expect(withoutInapplicable(schema, { kind: 'b', section: { x: '1' } }).dropped).toEqual([]);
    }
    // The same form with only the condition the page can show: a section, dropped when it does not apply.
    expect(withoutInapplicable(form({ allOf: [kindIsA] }), { kind: 'b', section: { x: '1' } }).dropped).toEqual(['/section']);
  });
});

describe('answers to sections that do not apply', () => {
  const evictionAnswers = { noticeReceivedOn: '2026-11-28', noticeKind: 'court-summons', hearingDate: '2027-01-12' };

  it('are dropped when the choice that asks them is another one, or is not given, and only those', () => {
    const answers = { fullName: 'T', assistanceType: 'repairs', eviction: evictionAnswers, consent: true };
    const result = withoutInapplicable(harbor, answers);
    expect(result).toEqual({ answers: { fullName: 'T', assistanceType: 'repairs', consent: true }, dropped: ['/eviction'] });
    // A copy: what the caller holds is left as it was.
    expect(answers.eviction).toBe(evictionAnswers);
    expect(withoutInapplicable(harbor, { fullName: 'T', eviction: evictionAnswers }).answers).toEqual({ fullName: 'T' });
  });

  it('are kept whole when the choice asks them, nested conditions included', () => {
    const answers = { assistanceType: 'eviction', eviction: evictionAnswers, email: 'a@example.org', emailIsSafe: false };
    const result = withoutInapplicable(harbor, answers);
    expect(result.dropped).toEqual([]);
    // Nothing dropped: the very same value, not even a copy.
    expect(result.answers).toBe(answers);
  });

  it('inside a section that applies, drop only the nested part whose own condition fails', () => {
    const answers = { assistanceType: 'eviction', eviction: { ...evictionAnswers, noticeKind: 'no-cause' } };
    expect(withoutInapplicable(harbor, answers)).toEqual({
      answers: { assistanceType: 'eviction', eviction: { noticeReceivedOn: '2026-11-28', noticeKind: 'no-cause' } },
      dropped: ['/eviction/hearingDate'],
    });
  });

  it('follow dependentRequired: asked once the answer it depends on is given', () => {
    expect(withoutInapplicable(harbor, { emailIsSafe: false }).answers).toEqual({});
    expect(withoutInapplicable(harbor, { email: 'a@example.org', emailIsSafe: true }).dropped).toEqual([]);
    expect(withoutInapplicable(demo, { contact: { phone: '1', emailIsSafe: false }, hasDependents: false, dependents: [{ name: 'A' }] }).answers)
      .toEqual({ contact: { phone: '1' }, hasDependents: false });
  });

  it('compare values as JSON does (no "true" for true, no "1" for 1), and leave a body that is no object alone', () => {
    expect(withoutInapplicable(demo, { hasDependents: 'true', dependents: [] }).dropped).toEqual(['/dependents']);
    for (const body of [null, 'text', [1, 2], 7]) expect(withoutInapplicable(harbor, body)).toEqual({ answers: body, dropped: [] });
  });

  it('never drop an answer every valid example of the packs keeps', () => {
    for (const schema of [harbor, demo]) {
      for (const example of schema.examples as Json[]) expect(withoutInapplicable(schema, example).dropped).toEqual([]);
    }
  });
});

describe('a conditional section on the page', () => {
  const catalog = loadCatalog(formsDirWithHarbor());
  const intake = catalog.form('harbor', 'intake')!;
  const english: PageLanguage = {
    locale: 'en', dir: 'ltr',
    strings: JSON.parse(readFileSync(join(projectRoot, 'templates', 'default', 'locales', 'en.json'), 'utf8')).page,
  };
  const render = (language: PageLanguage, model = localizedModel(intake, catalog.translations('harbor', language.locale))) => renderFormPage({
    agencyName: 'Harbor', model, language, languages: [], action: '/intake/harbor/intake', token: 'token-1234567890abcdef', data: {}, errors: [], autocomplete: {},
  });

  it('says which answer it belongs to, with the question\'s and the option\'s own titles, in the page\'s language', () => {
    const page = render(english);
    expect(page).toContain('<span class="condition">Only if you chose “An eviction or notice to leave” for: What do you need help with?</span>');
    expect(page).toContain('<span class="condition">Only if you chose “A court summons” for: What kind of notice?</span>');
    expect(page).toContain('<span class="condition">Only if you answered: Email address</span>');
    // The pack's French titles (the page's own words fall back to the agency's English ones).
    const french = render({ ...english, locale: 'fr' });
    expect(french).toContain('Only if you chose “Une expulsion ou un avis de départ” for: De quoi avez-vous besoin ?');
  });

  it('joins several answers with the language\'s own "or", and says yes or no for a checkbox', () => {
    const model = localizedModel(intake, undefined);
    const page = render(english, { ...model, conditions: [{ pointer: '/eviction', when: '/assistanceType', values: ['eviction', 'deposit'] }, { pointer: '/householdSize', when: '/emailIsSafe', values: [false] }] });
    expect(page).toContain('Only if you chose “An eviction or notice to leave” or “Getting my deposit back” for: What do you need help with?');
    expect(page).toContain('Only if you answered no to: May we email you?');
    const spanish: PageLanguage = { locale: 'es', dir: 'ltr', strings: JSON.parse(readFileSync(join(projectRoot, 'templates', 'default', 'locales', 'es.json'), 'utf8')).page };
    expect(render(spanish, { ...model, conditions: [{ pointer: '/eviction', when: '/assistanceType', values: ['eviction', 'deposit'] }] }))
      .toContain('Solo si eligió «An eviction or notice to leave» o «Getting my deposit back» en: What do you need help with?');
  });
});
