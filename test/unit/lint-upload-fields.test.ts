import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPack } from '../../functions/domain/forms/lint-pack.ts';
import { formatProblem } from '../../functions/domain/forms/lint-problem.ts';
import { projectRoot } from '../../local/stack.ts';
import { lifecycleFormFiles } from '../support/lifecycle-forms.ts';

// A pack that exists only here (Wren Housing Desk, English only) with a file question the tests bend one way at a time.
const AGENCY = JSON.stringify({
  id: 'wren', name: 'Wren Housing Desk', contact: { phone: '+1 555 0190', email: 'help@wren.caseforms.test', address: '9 Elm Row' },
  timeZone: 'America/Chicago', defaultLocale: 'en', locales: ['en'], intakeInbox: 'intake@wren.caseforms.test',
  supervisorInbox: 'supervisors@wren.caseforms.test', sender: { name: 'Wren Housing Desk', email: 'no-reply@wren.caseforms.test' },
  minimumTerminationNoticeDays: 7, crisisResources: [{ name: 'Wren line', contact: '+1 555 0191' }], branding: { primaryColor: '#1f4e79' },
});

type Json = Record<string, unknown>;
const proofOfIncome = (change: Json = {}, upload: Json = {}): Json => ({
  title: 'Proof of income', type: 'array', maxItems: 3, items: { type: 'string' },
  'x-caseforms': { upload: { accept: ['application/pdf', 'image/jpeg'], maxMegabytes: 5, ...upload } }, ...change,
});

function form(properties: Json): string {
  return JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Housing application', 'x-caseforms': { access: 'public' },
    type: 'object', additionalProperties: false, required: ['name'],
    properties: { name: { title: 'Name', type: 'string', maxLength: 200 }, ...properties }, examples: [{ name: 'Sam' }],
  });
}

const agencySchema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as object;

function lintWren(properties: Json): string[] {
  const files = new Map([...lifecycleFormFiles(), ['agency.json', AGENCY], ['forms/application.json', form(properties)]]);
  return lintPack('wren', files, { templatesDir: join(projectRoot, 'templates'), agencySchema }).map(formatProblem).map((line) => line.replace(/:\d+:\d+ /, ' '));
}

describe('lint: file questions', () => {
  it('finds nothing wrong with a file question as the README shows it', () => {
    expect(lintWren({ proofOfIncome: proofOfIncome() })).toEqual([]);
  });

  it('names a kind of file caseforms does not take, too many megabytes and too many files, each at its place', () => {
    expect(lintWren({ proofOfIncome: proofOfIncome({ maxItems: 12 }, { accept: ['application/pdf', 'image/gif'], maxMegabytes: 50 }) })).toEqual([
      'forms/application.json /properties/proofOfIncome/x-caseforms/upload/accept/1 "image/gif" is not a kind of file caseforms takes: use application/pdf, image/jpeg or image/png',
      'forms/application.json /properties/proofOfIncome/x-caseforms/upload/maxMegabytes a file may weigh at most 20 MB: larger uploads from a phone fail more often than they help',
      'forms/application.json /properties/proofOfIncome/maxItems a file question takes at most 10 files',
    ]);
  });

  it('refuses an empty list of kinds and a size that is not above 0', () => {
    expect(lintWren({ proofOfIncome: proofOfIncome({}, { accept: [], maxMegabytes: 0 }) })).toEqual([
      'forms/application.json /properties/proofOfIncome/x-caseforms/upload/accept list the kinds of file it takes: application/pdf, image/jpeg or image/png',
      'forms/application.json /properties/proofOfIncome/x-caseforms/upload/maxMegabytes give the most a file may weigh in megabytes, a number above 0, such as 5',
    ]);
  });

  it('says a file question is a list of strings when it is put on a text field', () => {
    expect(lintWren({ proofOfIncome: { title: 'Proof of income', type: 'string', 'x-caseforms': { upload: { accept: ['application/pdf'] } } } })).toEqual([
      'forms/application.json /properties/proofOfIncome a file question\'s answer is a list of upload ids: give it "type": "array" and "items": { "type": "string" }',
    ]);
  });

  it('refuses a file question inside rows', () => {
    const household = { title: 'Household', type: 'array', items: { type: 'object', properties: { name: { title: 'Name', type: 'string' }, payslip: proofOfIncome() } } };
    expect(lintWren({ household })).toEqual([
      'forms/application.json /properties/household/items/properties/payslip/x-caseforms/upload a file question cannot be inside rows (a list of groups): put it beside the rows, once for the whole form',
    ]);
  });

  it('takes a file question a condition asks for (declared in properties, required in the condition\'s `then`)', () => {
    const schema = JSON.parse(form({ employed: { title: 'Are you employed?', type: 'boolean' }, proofOfIncome: proofOfIncome() })) as Json;
    schema.allOf = [{ if: { properties: { employed: { const: true } }, required: ['employed'] }, then: { required: ['proofOfIncome'] } }];
    const files = new Map([...lifecycleFormFiles(), ['agency.json', AGENCY], ['forms/application.json', JSON.stringify(schema)]]);
    expect(lintPack('wren', files, { templatesDir: join(projectRoot, 'templates'), agencySchema }).map(formatProblem)).toEqual([]);
  });
});
