import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Form } from '../../functions/domain/forms/catalog.ts';
import { questionnaireResponse, type SubmissionForFhir } from '../../functions/domain/exports/fhir-questionnaire-response.ts';
import type { QuestionnaireResponse, QuestionnaireResponseItem } from '../../functions/domain/exports/fhir-r4.ts';
import { fhirR4Validator, type FhirSchemaValidator } from '../support/fhir-validator.ts';


const root = join(import.meta.dirname, '..', '..');
const catalog = loadCatalog(join(root, 'form-schemas'));
const demoForms = [...catalog.pack('demo')!.forms.values()];
const spanish = catalog.translations('demo', 'es')!.forms!;

const SUBMISSION_ID = '5d3c1f3e-8c1a-4a4e-9d3b-2f1e0a9b8c7d';
const CASE_ID = '0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f';
const RECEIVED_AT = '2026-11-20T14:03:07.123Z';

let validator: FhirSchemaValidator;
beforeAll(() => {
  // Compiling the whole R4 schema takes a couple of seconds: once per file.
  validator = fhirR4Validator();
});

function submission(form: Form, answers: unknown): SubmissionForFhir {
  return {
    schema: form.schema, agencyId: form.agencyId, formId: form.formId, formVersion: form.version,
    submissionId: SUBMISSION_ID, caseId: CASE_ID, receivedAt: RECEIVED_AT, answers,
  };
}

function customForm(schema: Record<string, unknown>): Form {
  return { ...catalog.form('demo', 'review')!, formId: 'custom', schema };
}

/**
 * FHIR rules the R4 JSON schema does not encode: no empty or null values anywhere, every item has a linkId,
 * an item holds answers or items but not both (qrs-1), and an answer holds exactly one value[x].
 */
function fhirRuleViolations(resource: unknown): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (value === null || value === undefined) problems.push(`${path}: ${String(value)}`);
    else if (typeof value === 'string' && value.trim() === '') problems.push(`${path}: blank string`);
    else if (Array.isArray(value)) {
      if (value.length === 0) problems.push(`${path}: empty array`);
      value.forEach((entry, index) => visit(entry, `${path}[${index}]`));
    } else if (typeof value === 'object') {
      if (Object.keys(value).length === 0) problems.push(`${path}: empty object`);
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
    }
  };
  visit(resource, '$');
  const items = (list: readonly QuestionnaireResponseItem[] | undefined, path: string): void => {
    (list ?? []).forEach((item, index) => {
      const at = `${path}[${index}]`;
      if (typeof item.linkId !== 'string' || item.linkId === '') problems.push(`${at}: no linkId`);
      if (item.answer && item.item) problems.push(`${at}: both answer and item`);
      if (!item.answer && !item.item) problems.push(`${at}: neither answer nor item`);
      for (const answer of item.answer ?? []) {
        const values = Object.keys(answer).filter((key) => key.startsWith('value'));
        if (values.length !== 1) problems.push(`${at}: answer with ${values.length} values`);
      }
      items(item.item, `${at}.item`);
    });
  };
  items((resource as QuestionnaireResponse).item, '$.item');
  return problems;
}

function expectValidFhir(resource: unknown): void {
  expect(validator.validate(resource)).toEqual([]);
  expect(fhirRuleViolations(resource)).toEqual([]);
}

/** Every linkId in the resource. */
function linkIds(items: readonly QuestionnaireResponseItem[] | undefined): Set<string> {
  const ids = new Set<string>();
  const visit = (list: readonly QuestionnaireResponseItem[] | undefined) => {
    for (const item of list ?? []) {
      ids.add(item.linkId);
      visit(item.item);
    }
  };
  visit(items);
  return ids;
}

function item(resource: QuestionnaireResponse, linkId: string): QuestionnaireResponseItem {
  const found = (list: readonly QuestionnaireResponseItem[] | undefined): QuestionnaireResponseItem | undefined => {
    for (const entry of list ?? []) {
      if (entry.linkId === linkId) return entry;
      const inner = found(entry.item);
      if (inner) return inner;
    }
    return undefined;
  };
  const result = found(resource.item);
  if (!result) throw new Error(`no item ${linkId}`);
  return result;
}

type Json = Record<string, unknown>;

/**
 * An answer to every field the schema declares, optional ones included, with values that stress the export:
 * right-to-left and multi-line text, the last option of every choice, two entries in every array. Local refs only.
 * Returns the answer and the pointer (array entries as `-`) of every field it answered.
 */
function answerEverything(schema: Json): { answers: Json; pointers: Set<string> } {
  const pointers = new Set<string>();
  const resolve = (node: Json): Json =>
    typeof node.$ref === 'string' ? { ...resolve(schema.$defs ? ((schema.$defs as Json)[node.$ref.split('/').at(-1)!] as Json) : {}), ...node, $ref: undefined } : node;
  // An array's entries are not items of their own: their answers or fields are.
  const value = (raw: Json, pointer: string, isEntry = false): unknown => {
    const node = resolve(raw);
    if (!isEntry) pointers.add(pointer);
    if (Array.isArray(node.oneOf)) return (node.oneOf.at(-1) as Json).const;
    if (Array.isArray(node.enum)) return node.enum.at(-1);
    if (node.const !== undefined) return node.const;
    if (node.type === 'object' || node.properties) {
      return Object.fromEntries(Object.entries(node.properties as Record<string, Json>).map(([name, child]) => [name, value(child, `${pointer}/${name}`)]));
    }
    if (node.type === 'array') return [value(node.items as Json, `${pointer}/-`, true), value(node.items as Json, `${pointer}/-`, true)];
    if (node.type === 'boolean') return false;
    if (node.type === 'integer') return typeof node.maximum === 'number' ? node.maximum : 3_000_000_000;
    if (node.type === 'number') return typeof node.minimum === 'number' ? node.minimum + 0.25 : -12.5;
    if (node.format === 'date') return '2027-02-28';
    if (node.format === 'date-time') return '2027-02-28t09:30:00+0530';
    if (typeof node.pattern === 'string') return '+961 1 234 567';
    return 'سطر أول\nsecond line, "quoted"';
  };
  return { answers: value(schema, '') as Json, pointers };
}

describe('QuestionnaireResponse: every demo form is valid FHIR R4', () => {
  it('covers every demo form', () => {
    expect(demoForms.map((form) => form.formId)).toEqual(expect.arrayContaining(['intake', 'phq-9', 'gad-7', 'care-plan', 'assessment']));
    expect(demoForms.length).toBeGreaterThanOrEqual(12);
  });

  for (const form of demoForms) {
    it(`${form.formId}: every example, in English and in Spanish`, () => {
      const examples = form.schema.examples as unknown[];
      expect(examples.length).toBeGreaterThan(0);
      for (const answers of examples) {
        const english = questionnaireResponse(submission(form, answers));
        expectValidFhir(english);
        expect(english.item?.length).toBeGreaterThan(0);
        const own = spanish[form.formId];
        const translated = questionnaireResponse(submission(form, answers), { labels: (key) => own?.fields?.[key], language: 'es' });
        expectValidFhir(translated);
      }
    });

    it(`${form.formId}: an answer to every field, with stressful values`, () => {
      const { answers, pointers } = answerEverything(form.schema as Json);
      const resource = questionnaireResponse(submission(form, answers));
      expectValidFhir(resource);
      // Every field answered is an item: nothing the client said is dropped.
      pointers.delete('');
      expect([...linkIds(resource.item)].sort()).toEqual([...pointers].sort());
    });
  }
});

describe('QuestionnaireResponse: the resource', () => {
  const intake = catalog.form('demo', 'intake')!;
  const example = (intake.schema.examples as Json[])[0]!;
  const resource = questionnaireResponse(submission(intake, example));

  it('names the submission, the form version and the case under urn:caseforms', () => {
    expect(resource).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: SUBMISSION_ID,
      identifier: { system: 'urn:caseforms:demo:submission', value: SUBMISSION_ID },
      questionnaire: `urn:caseforms:demo:form:intake|${intake.version}`,
      status: 'completed',
      subject: { identifier: { system: 'urn:caseforms:demo:case', value: CASE_ID } },
      authored: RECEIVED_AT,
    });
    expect(resource.subject).toEqual({ identifier: { system: 'urn:caseforms:demo:case', value: CASE_ID } });
    expect(resource).not.toHaveProperty('language');
  });

  it('keeps the form order and types each answer by the schema', () => {
    expect(resource.item!.map((entry) => entry.linkId)).toEqual([
      '/givenName', '/familyName', '/dateOfBirth', '/preferredLanguage', '/contact', '/household', '/hasDependents',
      '/dependents', '/dependents', '/needs', '/situation', '/consentToContact',
    ]);
    expect(item(resource, '/givenName')).toEqual({ linkId: '/givenName', text: 'Given name', answer: [{ valueString: 'Zoë' }] });
    expect(item(resource, '/dateOfBirth').answer).toEqual([{ valueDate: '1984-03-09' }]);
    expect(item(resource, '/household/size').answer).toEqual([{ valueInteger: 3 }]);
    expect(item(resource, '/household/monthlyIncome').answer).toEqual([{ valueDecimal: 1850.5 }]);
    expect(item(resource, '/contact/emailIsSafe').answer).toEqual([{ valueBoolean: true }]);
    expect(item(resource, '/consentToContact').answer).toEqual([{ valueBoolean: true }]);
  });

  it('codes choices with the field as the code system and the option title as display', () => {
    expect(item(resource, '/preferredLanguage').answer).toEqual([
      { valueCoding: { system: 'urn:caseforms:demo:form:intake:/preferredLanguage', code: 'es', display: 'Español' } },
    ]);
    // An array of choices: one item, one answer per choice, the items' pointer as the system.
    expect(item(resource, '/needs')).toEqual({
      linkId: '/needs', text: 'What do you need help with?', answer: [
        { valueCoding: { system: 'urn:caseforms:demo:form:intake:/needs/-', code: 'housing', display: 'Housing' } },
        { valueCoding: { system: 'urn:caseforms:demo:form:intake:/needs/-', code: 'food', display: 'Food' } },
      ],
    });
    const phq9 = catalog.form('demo', 'phq-9')!;
    const scored = questionnaireResponse(submission(phq9, (phq9.schema.examples as Json[])[0]));
    expect(item(scored, '/q3')).toEqual({
      linkId: '/q3', text: 'Trouble falling or staying asleep, or sleeping too much',
      answer: [{ valueCoding: { system: 'urn:caseforms:demo:form:phq-9:/q3', code: '2', display: 'More than half the days' } }],
    });
    // An enum without titles has a code and no made-up display.
    expect(item(scored, '/difficulty').answer).toEqual([{ valueCoding: { system: 'urn:caseforms:demo:form:phq-9:/difficulty', code: 'somewhat-difficult' } }]);
  });

  it('makes an object a group and each entry of an array of objects a group with the same linkIds', () => {
    expect(item(resource, '/contact')).toEqual({
      linkId: '/contact', text: 'How can we reach you?', item: [
        { linkId: '/contact/phone', text: 'Phone', answer: [{ valueString: '+1 555 0142' }] },
        { linkId: '/contact/email', text: 'Email', answer: [{ valueString: 'zoe@example.org' }] },
        { linkId: '/contact/emailIsSafe', text: 'Is it safe for us to email you?', answer: [{ valueBoolean: true }] },
        { linkId: '/contact/address', text: 'Address', answer: [{ valueString: '12 Elm Court, Springfield' }] },
      ],
    });
    const dependents = resource.item!.filter((entry) => entry.linkId === '/dependents');
    expect(dependents).toEqual([
      { linkId: '/dependents', text: 'People who depend on you', item: [
        { linkId: '/dependents/-/name', text: 'Name', answer: [{ valueString: 'Mateo Núñez' }] },
        { linkId: '/dependents/-/relationship', text: 'Relationship to you', answer: [{ valueString: 'son' }] },
        { linkId: '/dependents/-/age', text: 'Age', answer: [{ valueInteger: 7 }] },
      ] },
      { linkId: '/dependents', text: 'People who depend on you', item: [
        { linkId: '/dependents/-/name', text: 'Name', answer: [{ valueString: 'Lucía Núñez' }] },
        { linkId: '/dependents/-/relationship', text: 'Relationship to you', answer: [{ valueString: 'daughter' }] },
        { linkId: '/dependents/-/age', text: 'Age', answer: [{ valueInteger: 4 }] },
      ] },
    ]);
  });

  it('speaks the reader\'s language with the pack\'s translations', () => {
    const own = spanish.intake!;
    const translated = questionnaireResponse(submission(intake, example), { labels: (key) => own.fields?.[key], language: 'es' });
    expect(translated.language).toBe('es');
    expect(item(translated, '/givenName').text).toBe(own.fields!['/givenName']);
    expect(item(translated, '/needs').answer![0]).toEqual({ valueCoding: { system: 'urn:caseforms:demo:form:intake:/needs/-', code: 'housing', display: 'Vivienda' } });
  });

  it('refuses ids and timestamps FHIR cannot carry instead of writing an invalid resource', () => {
    expect(() => questionnaireResponse({ ...submission(intake, example), submissionId: 'not/an id' })).toThrow(RangeError);
    expect(() => questionnaireResponse({ ...submission(intake, example), submissionId: 'x'.repeat(65) })).toThrow(RangeError);
    expect(() => questionnaireResponse({ ...submission(intake, example), receivedAt: '2026-11-20T14:03:07' })).toThrow(RangeError);
    expect(() => questionnaireResponse({ ...submission(intake, example), caseId: ' ' })).toThrow(RangeError);
    expect(() => questionnaireResponse({ ...submission(intake, example), agencyId: 'Demo' })).toThrow(RangeError);
    expect(() => questionnaireResponse({ ...submission(intake, example), formVersion: '3' })).toThrow(RangeError);
    expect(() => questionnaireResponse(submission(intake, example), { language: 'e s' })).toThrow(RangeError);
  });
});

describe('QuestionnaireResponse: values FHIR is strict about', () => {
  const schema = {
    type: 'object',
    properties: {
      note: { title: 'Note', type: 'string' },
      blank: { title: 'Blank', type: 'string' },
      at: { title: 'Seen at', type: 'string', format: 'date-time' },
      on: { title: 'Seen on', type: 'string', format: 'date' },
      count: { title: 'Count', type: 'integer' },
      amount: { title: 'Amount', type: 'number' },
      tags: { title: 'Tags', type: 'array', items: { type: 'string' } },
      nothing: { title: 'Nothing', type: 'array', items: { type: 'string' } },
      empty: { title: 'Empty', type: 'object', properties: { a: { title: 'A', type: 'string' } } },
      missing: { title: 'Missing', type: 'string' },
      'odd name?#%': { title: 'Odd', enum: ['x y'] },
      extra: { title: 'Free-form', type: 'object' },
      tree: { $ref: '#/$defs/node' },
      matrix: { title: 'Matrix', type: 'array', items: { type: 'array', items: { type: 'integer' } } },
    },
    if: { properties: { count: { const: 1 } } },
    then: { properties: { followUp: { title: 'Follow-up', type: 'string' } } },
    $defs: { node: { title: 'Node', type: 'object', properties: { label: { title: 'Label', type: 'string' }, child: { $ref: '#/$defs/node' } } } },
  };
  const answers = {
    note: ' مرحبا\r\nبالعالم ', blank: ' \n\t ', at: '2026-11-20t10:00:00+0530', on: '2026-02-28', count: 3_000_000_000, amount: 2,
    tags: ['a', '', '-1', 'b'], nothing: [], empty: {}, missing: null, 'odd name?#%': 'x y',
    extra: { free: 'text', deeper: { n: -4 } }, tree: { label: 'root', child: { label: 'leaf', child: { label: 'deeper' } } },
    matrix: [[1, 2], []], followUp: 'next week',
  };
  const resource = questionnaireResponse(submission(customForm(schema), answers));

  it('is valid FHIR', () => {
    expectValidFhir(resource);
  });

  it('leaves out what FHIR cannot hold empty', () => {
    const ids = linkIds(resource.item);
    for (const absent of ['/blank', '/nothing', '/empty', '/empty/a', '/missing']) expect(ids).not.toContain(absent);
    // A blank entry of an array is dropped, the others kept in order.
    expect(item(resource, '/tags').answer).toEqual([{ valueString: 'a' }, { valueString: '-1' }, { valueString: 'b' }]);
    // Text keeps its own spaces and line breaks.
    expect(item(resource, '/note').answer).toEqual([{ valueString: ' مرحبا\r\nبالعالم ' }]);
  });

  it('writes date-times as FHIR spells them and numbers by FHIR\'s ranges', () => {
    expect(item(resource, '/at').answer).toEqual([{ valueDateTime: '2026-11-20T10:00:00+05:30' }]);
    expect(item(resource, '/on').answer).toEqual([{ valueDate: '2026-02-28' }]);
    expect(item(resource, '/count').answer).toEqual([{ valueDecimal: 3_000_000_000 }]);
    expect(item(resource, '/amount').answer).toEqual([{ valueDecimal: 2 }]);
  });

  it('percent-encodes a property name in the code system, keeps it as is in the linkId', () => {
    expect(item(resource, '/odd name?#%').answer).toEqual([{ valueCoding: { system: 'urn:caseforms:demo:form:custom:/odd%20name%3F%23%25', code: 'x y' } }]);
  });

  it('exports fields only a conditional branch declares, free-form objects, recursive and nested arrays', () => {
    expect(item(resource, '/followUp').answer).toEqual([{ valueString: 'next week' }]);
    expect(item(resource, '/extra')).toEqual({ linkId: '/extra', text: 'Free-form', item: [
      { linkId: '/extra/free', answer: [{ valueString: 'text' }] },
      { linkId: '/extra/deeper', item: [{ linkId: '/extra/deeper/n', answer: [{ valueInteger: -4 }] }] },
    ] });
    // A schema that refers to itself stops being followed where it recurses: from there on it is free-form.
    expect(item(resource, '/tree/child')).toEqual({ linkId: '/tree/child', text: 'Node', item: [
      { linkId: '/tree/child/label', answer: [{ valueString: 'leaf' }] },
      { linkId: '/tree/child/child', item: [{ linkId: '/tree/child/child/label', answer: [{ valueString: 'deeper' }] }] },
    ] });
    expect(item(resource, '/tree/label')).toEqual({ linkId: '/tree/label', text: 'Label', answer: [{ valueString: 'root' }] });
    expect(item(resource, '/matrix').answer).toEqual([{ valueString: '[1,2]' }]);
  });

  it('has no items at all when nothing was answered', () => {
    const empty = questionnaireResponse(submission(customForm(schema), { blank: '', nothing: [] }));
    expect(empty).not.toHaveProperty('item');
    expectValidFhir(empty);
  });
});

describe('the FHIR validator is live', () => {
  const intake = catalog.form('demo', 'intake')!;
  const valid = questionnaireResponse(submission(intake, (intake.schema.examples as Json[])[0]));
  const broken = (change: (resource: Json) => void): Json => {
    const copy = structuredClone(valid) as unknown as Json;
    change(copy);
    return copy;
  };
  const firstAnswer = (resource: Json) => ((resource.item as Json[])[0]!.answer as Json[])[0]!;

  it('refuses an empty string value', () => {
    const resource = broken((r) => { firstAnswer(r).valueString = ''; });
    expect(JSON.stringify(validator.validate(resource))).toContain('valueString');
  });

  it('refuses an impossible date, an unknown property and a bad id', () => {
    expect(validator.validate(broken((r) => { delete firstAnswer(r).valueString; firstAnswer(r).valueDate = '2026-13-01'; }))).not.toEqual([]);
    expect(validator.validate(broken((r) => { r.answers = []; }))).not.toEqual([]);
    expect(validator.validate(broken((r) => { r.id = 'has space'; }))).not.toEqual([]);
  });

  it('our own rule check catches what the schema lets through', () => {
    const emptyItems = broken((r) => { r.item = []; });
    expect(validator.validate(emptyItems)).toEqual([]);
    expect(fhirRuleViolations(emptyItems)).toEqual(['$.item: empty array']);
    expect(fhirRuleViolations(broken((r) => { firstAnswer(r).valueBoolean = true; }))).toEqual(['$.item[0]: answer with 2 values']);
  });
});
