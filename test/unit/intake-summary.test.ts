import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answeredFields } from '../../functions/domain/documents/answered-fields.ts';
import { documentTitle, renderDocumentHtml } from '../../functions/domain/documents/document-view.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { packLabels } from '../../functions/domain/forms/pack-labels.ts';
import { projectRoot } from '../../local/stack.ts';
import { demoExample } from '../support/test-stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const labels = { locale: 'en', yes: 'Yes', no: 'No', writtenIn: 'en' };

function render(data: Record<string, unknown>): string {
  return renderDocumentHtml(templates, {
    documentType: 'intake-summary', locale: 'en',
    agency: catalog.agency('demo')!, form: catalog.form('demo', 'intake')!, caseId: 'case-1', submissionId: 'sub-1',
    receivedAt: '2026-11-23T05:30:00.000Z', data, assessment: { scores: [], flags: [] },
  });
}

describe('the intake summary', () => {
  it('lists every answered field under its title, in schema order, nested objects as sections', () => {
    const fields = answeredFields(catalog.form('demo', 'intake')!.schema, demoExample(), labels);
    expect(fields.map((field) => field.label)).toEqual([
      'Given name', 'Family name', 'Date of birth', 'Preferred language', 'How can we reach you?', 'Household',
      'Do children or other people depend on you for care?', 'People who depend on you', 'What do you need help with?', 'Tell us about your situation', 'I agree that the agency may contact me about my request',
    ]);
    expect(fields[4]!.fields).toContainEqual({ label: 'Is it safe for us to email you?', value: 'Yes' });
    expect(fields[7]!.entries).toHaveLength(2);
    // Choices in words, never their codes; dates written out.
    expect(fields[8]).toEqual({ label: 'What do you need help with?', value: 'Housing and Food' });
    expect(fields[2]!.value).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
  });

  it("answers in the reader's language: field and option titles from the pack's locale file, dates by Intl, free text marked with its language", () => {
    const spanish = packLabels((locale) => catalog.translations('demo', locale), 'es')('intake');
    const fields = answeredFields(catalog.form('demo', 'intake')!.schema, { ...demoExample(), dateOfBirth: '1990-03-15' }, {
      locale: 'es', yes: 'Sí', no: 'No', labels: spanish, writtenIn: 'en',
    });
    expect(fields.find((field) => field.label === '¿Con qué necesita ayuda?')).toEqual({ label: '¿Con qué necesita ayuda?', value: 'Vivienda y Alimentos' });
    expect(fields.find((field) => field.label === 'Fecha de nacimiento')?.value).toBe('15 de marzo de 1990');
    expect(fields.find((field) => field.label === 'Cuéntenos sobre su situación')).toMatchObject({ lang: 'en' });
    expect(fields[4]!.fields).toContainEqual({ label: '¿Es seguro que le enviemos correos electrónicos?', value: 'Sí' });
  });

  it('leaves unanswered fields out and numbers array entries of objects', () => {
    const fields = answeredFields(
      { properties: { a: { title: 'A' }, list: { title: 'List', items: { properties: { x: { title: 'X' } } } } } },
      { a: '', list: [{ x: 1 }, { x: 2 }] },
      labels,
    );
    expect(fields).toEqual([{ label: 'List', entries: [[{ label: 'X', value: '1' }], [{ label: 'X', value: '2' }]] }]);
  });

  it('shows coded answers by their titles, through $ref', () => {
    const fields = answeredFields(catalog.form('demo', 'phq-9')!.schema, { q1: 2, q9: 0 }, labels);
    expect(fields).toEqual([
      { label: 'Little interest or pleasure in doing things', value: 'More than half the days (2)' },
      { label: 'Thoughts that you would be better off dead or of hurting yourself in some way', value: 'Not at all (0)' },
    ]);
  });

  it('shows the time received in the agency time zone', () => {
    // 05:30 UTC is still the previous evening in Chicago.
    expect(render(demoExample())).toContain('November 22, 2026 at 11:30 PM CST');
  });

  it('escapes hostile submitted text instead of interpreting it', () => {
    const html = render({
      ...demoExample(),
      givenName: '<script>alert(1)</script>',
      familyName: '</style><img src=x onerror=alert(1)>',
      situation: '{{agency.name}} {{{raw}}} javascript:alert(1)',
    });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;/style&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('{{agency.name}} {{{raw}}} javascript:alert(1)');
  });
});
