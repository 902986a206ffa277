import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { formDataToJson } from '../../functions/web/public-pages/form-data.ts';
import type { Field, FormModel } from '../../functions/web/public-pages/form-model.ts';
import { localizedModel } from '../../functions/web/public-pages/intake-form.ts';
import { fieldId, renderFormPage } from '../../functions/web/public-pages/intake-page-html.ts';
import { INTAKE_SCRIPT } from '../../functions/web/public-pages/intake-script.ts';
import { applyRowAction } from '../../functions/web/public-pages/row-actions.ts';
import { projectRoot } from '../../local/stack.ts';
import { demoExample } from '../support/test-stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const intake = catalog.form('demo', 'intake')!;
const english = localizedModel(intake, undefined);

function find(fields: readonly Field[], pointer: string): Field | undefined {
  for (const field of fields) {
    if (field.pointer === pointer) return field;
    const inner = field.kind === 'group' ? find(field.children, pointer) : field.kind === 'rows' ? find([field.item], pointer) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** What a browser posts for `data`: every field the page shows, as the page names it. */
function posted(model: FormModel, data: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams({ _token: 'a-token-of-sixteen-chars', _lang: 'en' });
  const walk = (field: Field, pointer: string, value: unknown) => {
    switch (field.kind) {
      case 'group':
        for (const child of field.children) {
          const name = child.pointer.slice(child.pointer.lastIndexOf('/') + 1);
          walk(child, `${pointer}/${name}`, (value as Record<string, unknown> | undefined)?.[name]);
        }
        return;
      case 'rows':
        (Array.isArray(value) ? value : []).forEach((row, index) => walk(field.item, `${pointer}/${index}`, row));
        return;
      case 'checkbox':
        if (value === true) params.append(pointer, 'true');
        return;
      case 'checkboxes':
        for (const item of Array.isArray(value) ? value : []) params.append(pointer, String(item));
        return;
      default:
        params.append(pointer, value === undefined ? '' : String(value));
    }
  };
  for (const field of model.fields) walk(field, field.pointer, data[field.pointer.slice(1)]);
  return params;
}

describe('the page model of a form schema', () => {
  it('maps each type and format of the demo intake to its control, in schema order, with required marks', () => {
    expect(english.fields.map((field) => [field.pointer, field.kind, 'control' in field ? field.control : undefined, field.required])).toEqual([
      ['/givenName', 'input', 'text', true],
      ['/familyName', 'input', 'text', true],
      ['/dateOfBirth', 'input', 'date', true],
      ['/preferredLanguage', 'choice', 'select', true],
      ['/contact', 'group', undefined, true],
      ['/household', 'group', undefined, false],
      ['/hasDependents', 'checkbox', undefined, false],
      ['/dependents', 'rows', undefined, false],
      ['/needs', 'checkboxes', undefined, true],
      ['/situation', 'input', 'textarea', false],
      ['/documents', 'upload', undefined, false],
      ['/consentToContact', 'checkbox', undefined, true],
    ]);
    expect(find(english.fields, '/contact/phone')).toMatchObject({ kind: 'input', control: 'tel', required: true });
    expect(find(english.fields, '/contact/email')).toMatchObject({ kind: 'input', control: 'email', required: false });
    expect(find(english.fields, '/contact/emailIsSafe')).toMatchObject({ kind: 'checkbox', help: 'Answer no if someone else reads your email.' });
    expect(find(english.fields, '/household/size')).toMatchObject({ kind: 'input', control: 'number', valueType: 'integer', min: 1, max: 30 });
    expect(find(english.fields, '/dependents')).toMatchObject({ kind: 'rows', minItems: 1, maxItems: 20, item: { kind: 'group' } });
    expect(english.conditions).toEqual([
      { pointer: '/dependents', when: '/hasDependents', values: [true] },
      // dependentRequired: whether email is safe is asked once an email address is given.
      { pointer: '/contact/emailIsSafe', when: '/contact/email' },
    ]);
  });

  it('labels options from oneOf titles, optionTitles, or the humanized value, and translates them', () => {
    const phq9 = localizedModel(catalog.form('demo', 'phq-9')!, undefined);
    expect(find(phq9.fields, '/q1')).toMatchObject({
      kind: 'choice', control: 'radio', valueType: 'integer',
      options: [{ value: 0, label: 'Not at all' }, { value: 1, label: 'Several days' }, { value: 2, label: 'More than half the days' }, { value: 3, label: 'Nearly every day' }],
    });
    expect((find(english.fields, '/needs') as Extract<Field, { kind: 'checkboxes' }>).options[3]).toEqual({ value: 'mental-health', label: 'Mental health' });
    const spanish = localizedModel(intake, catalog.translations('demo', 'es'));
    expect(spanish.title).toBe('Solicitud de servicios');
    expect(find(spanish.fields, '/dependents/-/name')?.label).toBe('Nombre');
    expect((find(spanish.fields, '/needs') as Extract<Field, { kind: 'checkboxes' }>).options[0]).toEqual({ value: 'housing', label: 'Vivienda' });
    expect(find(spanish.fields, '/contact/emailIsSafe')?.help).toBe('Responda que no si otra persona lee su correo.');
  });
});

describe('a posted page as JSON', () => {
  it('gives back each demo example exactly, types and rows included', () => {
    const examples = (intake.schema.examples as Array<Record<string, unknown>>).filter((e) => intake.validate(e).valid);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const json = formDataToJson(english, posted(english, example));
      // An unticked checkbox posts nothing and reads as false: the only difference a page can make.
      const expected = { ...example, hasDependents: example.hasDependents ?? false, contact: { emailIsSafe: false, ...(example.contact as object) } };
      expect(json).toEqual(expected);
      expect(intake.validate(json).valid).toBe(true);
    }
  });

  it('leaves unanswered fields out, keeps numbers that do not parse as typed, and drops blank rows', () => {
    const params = new URLSearchParams([
      ['/givenName', ''], ['/familyName', '  '], ['/household/size', '3 people'], ['/household/monthlyIncome', ''],
      ['/dependents/0/name', ''], ['/dependents/0/relationship', ''], ['/dependents/4/name', 'Ana'], ['/dependents/4/age', '7'],
      ['/needs', 'food'], ['/needs', 'not-an-option'], ['/preferredLanguage', 'es'], ['/contact/phone', '555 0100'],
    ]);

    const json = formDataToJson(english, params);

    expect(json).toEqual({
      preferredLanguage: 'es',
      contact: { phone: '555 0100', emailIsSafe: false },
      household: { size: '3 people' },
      hasDependents: false,
      dependents: [{ name: 'Ana', age: 7 }],
      needs: ['food', 'not-an-option'],
      consentToContact: false,
    });
    const validation = intake.validate(json);
    const errors = validation.valid ? [] : validation.errors.map((e) => e.pointer);
    expect(errors).toEqual(expect.arrayContaining(['/givenName', '/familyName', '/household/size', '/dependents/0/relationship', '/needs/1', '/consentToContact']));
  });

  it('reads only the schema\'s fields: prototype keys and names outside the form are ignored', () => {
    const json = formDataToJson(english, new URLSearchParams([['/__proto__/polluted', 'yes'], ['/constructor', 'x'], ['_hp', ''], ['/givenName', 'Zoë']]));
    expect(json).toEqual({ givenName: 'Zoë', contact: { emailIsSafe: false }, hasDependents: false, consentToContact: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the rendered page', () => {
  const language = { locale: 'en', dir: 'ltr' as const, strings: { required: 'required', errorSummaryTitle: 'There is a problem', errorPrefix: 'Error:', errorTitlePrefix: 'Error: ', rowLabel: '{label} {number}', removeRow: 'Remove {item}', remove: 'Remove', addRow: 'Add another', chooseOne: 'Choose one', honeypot: 'Leave empty', skipLink: 'Skip', conditional: 'Only if yes to: {question}', submit: 'Send', language: 'Language' } };
  const render = (data: Record<string, unknown>, errors: Array<{ pointer: string; message: string }> = []) => renderFormPage({
    agencyName: 'Agency <b>&</b>', model: english, language, languages: [], action: '/intake/demo/intake', token: 'token-1234567890abcdef', data, errors, autocomplete: { '/givenName': 'given-name' },
  });

  it('escapes what a client typed and what the agency wrote, wherever it lands', () => {
    const hostile = '"><script>alert(1)</script>{{constructor}}';
    const page = render({ givenName: hostile, situation: `</textarea><img src=x onerror=alert(1)>`, needs: [hostile] }, [{ pointer: '/givenName', message: hostile }]);
    // The page's own script, and nothing else that could run.
    expect(page.replace(`<script>${INTAKE_SCRIPT}</script>`, '')).not.toMatch(/<script/i);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('Agency <b>');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;{{constructor}}');
  });

  it('marks an invalid field and links the summary to it', () => {
    const page = render({ contact: { phone: '12' } }, [{ pointer: '/contact/phone', message: 'Phone is too short' }, { pointer: '/needs', message: 'Pick one' }]);
    const phone = fieldId('/contact/phone');
    expect(page).toMatch(new RegExp(`<input id="${phone}" name="/contact/phone" type="tel" value="12" aria-describedby="${phone}-error" aria-invalid="true" aria-required="true"`));
    expect(page).toContain(`<a href="#${phone}">Phone is too short</a>`);
    expect(page).toContain(`<a href="#${fieldId('/needs')}-0">Pick one</a>`);
    expect(page).toContain('role="alert"');
    expect(page).toMatch(/<title>Error: /);
  });
});

describe('the page with JavaScript', () => {
  it('computes field ids in the browser exactly as the server does', () => {
    const source = /var fieldId = (function \(pointer\) \{[\s\S]*?\n  \});/.exec(INTAKE_SCRIPT)![1]!;
    const browserFieldId = new Function(`return ${source}`)() as (pointer: string) => string;
    for (const pointer of ['/givenName', '/contact/phone', '/dependents/0/name', '/a b/ü~1', '/x_y-z.1']) expect(browserFieldId(pointer), pointer).toBe(fieldId(pointer));
  });

  it('gives its script what the conditions and the check need, escaped like every attribute', () => {
    const language = { locale: 'en', dir: 'ltr' as const, strings: { required: 'required', errorPrefix: 'Error:', rowLabel: '{label} {number}', removeRow: 'Remove {item}', conditional: 'Only if yes to: {question}', errorCount: 'Answers to correct: {count}' } };
    const page = renderFormPage({ agencyName: 'A', model: english, language, languages: [], action: '/intake/demo/intake', checkUrl: '/intake/demo/intake/check', token: 'token-1234567890abcdef', data: {}, errors: [], autocomplete: {} });
    expect(page).toContain('data-check="/intake/demo/intake/check"');
    // Without a check URL (the staff pages) the script still runs its conditions, and checks only on sending.
    expect(renderFormPage({ agencyName: 'A', model: english, language, languages: [], action: '/x', token: 'token-1234567890abcdef', data: {}, errors: [], autocomplete: {} })).not.toContain(' data-check="');
    expect(page).toContain('data-conditions="[{&quot;pointer&quot;:&quot;/dependents&quot;,&quot;when&quot;:&quot;/hasDependents&quot;,&quot;values&quot;:[true],&quot;label&quot;:&quot;People who depend on you&quot;},');
    expect(page).toContain('data-error-count="Answers to correct: {count}"');
    expect(page).toContain(`<script>${INTAKE_SCRIPT}</script>\n</body>`);
  });
});

describe('rows without JavaScript', () => {
  it('adds a row (two when the page showed one blank) and removes the one named, keeping every other answer', () => {
    const data = { givenName: 'Zoë', dependents: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] };
    expect(applyRowAction(english, data, 'add:/dependents')).toEqual({ ...data, dependents: [...data.dependents, {}] });
    expect(applyRowAction(english, { givenName: 'Zoë' }, 'add:/dependents')).toEqual({ givenName: 'Zoë', dependents: [{}, {}] });
    expect(applyRowAction(english, data, 'remove:/dependents/1')).toEqual({ ...data, dependents: [{ name: 'A' }, { name: 'C' }] });
    expect(applyRowAction(english, data, 'add:/givenName')).toBeUndefined();
    expect(applyRowAction(english, data, 'remove:/__proto__/0')).toBeUndefined();
  });
});
