import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPack, refusesPack } from '../../functions/domain/forms/lint-pack.ts';
import { formatProblem } from '../../functions/domain/forms/lint-problem.ts';
import { readPackDir } from '../../functions/domain/forms/pack-files.ts';
import { projectRoot } from '../../local/stack.ts';
import { LIFECYCLE_FORMS } from '../support/lifecycle-forms.ts';

// Issue 23: agency.json says which documents are signed, by whom, in what order. Linted on Quai Solidarité, a
// French tenants' aid pack written here only: its service agreement is signed by the client, then a supervisor.
const agencySchema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as object;

/** The default templates, and Quai's own `service-agreement.hbs`. */
function quaiTemplates(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-quai-templates-'));
  cpSync(join(projectRoot, 'templates'), join(dir, 'templates'), { recursive: true });
  mkdirSync(join(dir, 'templates', 'quai'), { recursive: true });
  writeFileSync(join(dir, 'templates', 'quai', 'service-agreement.hbs'), '<h1>{{agency.name}}</h1><p>Accord de services</p>');
  return join(dir, 'templates');
}
const templatesDir = quaiTemplates();

const SIGNATURES = {
  reminderDays: 7,
  documents: {
    'service-agreement': { signers: [{ role: 'client', intent: 'agree' }, { role: 'supervisor', intent: 'agree' }] },
    'termination-notice': { signers: [{ role: 'client', intent: 'acknowledge', optional: true }] },
  },
};

const agencyWith = (signatures: unknown) => ({
  id: 'quai', name: 'Quai Solidarité', contact: { phone: '+33 1 55 00 01 20', email: 'aide@quai.caseforms.test', address: '4 quai des Tanneurs, Lyon' },
  timeZone: 'Europe/Paris', defaultLocale: 'fr', locales: ['fr'], intakeInbox: 'accueil@quai.caseforms.test',
  supervisorInbox: 'responsables@quai.caseforms.test', sender: { name: 'Quai Solidarité', email: 'ne-pas-repondre@quai.caseforms.test' },
  minimumTerminationNoticeDays: 15, crisisResources: [{ name: 'SOS Amitié', contact: '09 72 39 40 50' }],
  signatures,
});

const AGREEMENT = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Accord de services',
  'x-caseforms': { access: 'staff', documents: ['service-agreement'] },
  type: 'object',
  additionalProperties: false,
  required: ['debut'],
  properties: { debut: { title: 'Début des services', type: 'string', format: 'date' } },
  examples: [{ debut: '2026-03-02' }],
};

/** The lifecycle minimum, its notice producing the termination notice, and the agreement. */
const FORMS: Record<string, object> = {
  ...LIFECYCLE_FORMS,
  'end-services': { ...LIFECYCLE_FORMS['end-services'], 'x-caseforms': { ...(LIFECYCLE_FORMS['end-services'] as { 'x-caseforms': object })['x-caseforms'], documents: ['termination-notice'] } },
  agreement: AGREEMENT,
};

function lintQuai(signatures: unknown, forms: Record<string, object> = FORMS): { lines: string[]; refused: boolean } {
  const files = new Map([
    ['agency.json', JSON.stringify(agencyWith(signatures), null, 2)],
    ...Object.entries(forms).map(([formId, schema]) => [`forms/${formId}.json`, JSON.stringify(schema, null, 2)] as [string, string]),
  ]);
  const problems = lintPack('quai', files, { templatesDir, agencySchema });
  // Positions are lintPack's own business (test/unit/lint-pack.test.ts); here, the place and the words.
  return { lines: problems.map(formatProblem).map((line) => line.replace(/^(\S+):\d+:\d+ /, '$1 ')), refused: refusesPack(problems) };
}

const withDocument = (documentType: string, signers: unknown) => ({ ...SIGNATURES, documents: { ...SIGNATURES.documents, [documentType]: { signers } } });

describe('lint of agency.json signatures', () => {
  it('accepts the demo pack\'s declaration and a second pack\'s own', () => {
    const demo = lintPack('demo', readPackDir(join(projectRoot, 'form-schemas', 'demo')), { templatesDir: join(projectRoot, 'templates'), agencySchema });
    expect(demo.map(formatProblem)).toEqual([]);
    expect(JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'demo', 'agency.json'), 'utf8')).signatures.documents).toHaveProperty('care-plan');
    expect(lintQuai(SIGNATURES)).toEqual({ lines: [], refused: false });
  });

  it('refuses a document no form of the pack produces, and names the one probably meant', () => {
    const { 'service-agreement': agreement, ...others } = SIGNATURES.documents;
    expect(lintQuai({ documents: { ...others, 'service-agrement': agreement } })).toEqual({
      lines: ['agency.json /signatures/documents/service-agrement "service-agrement" is not a document of this pack: no form produces it (x-caseforms.documents); did you mean "service-agreement"?'],
      refused: true,
    });
    expect(lintQuai(SIGNATURES, { ...FORMS, agreement: { ...AGREEMENT, 'x-caseforms': { access: 'staff' } } }).lines).toEqual([
      'agency.json /signatures/documents/service-agreement "service-agreement" is not a document of this pack: no form produces it (x-caseforms.documents)',
    ]);
  });

  it('refuses a role that is neither the client nor a staff role', () => {
    expect(lintQuai(withDocument('service-agreement', [{ role: 'client', intent: 'agree' }, { role: 'directeur', intent: 'agree' }])).lines).toEqual([
      'agency.json /signatures/documents/service-agreement/signers/1/role must be equal to one of the allowed values: client, intake-worker, case-manager, supervisor, agency-admin',
    ]);
  });

  it('refuses a document with no signer', () => {
    expect(lintQuai(withDocument('service-agreement', [])).lines).toEqual([
      'agency.json /signatures/documents/service-agreement/signers must list at least 1 entry',
    ]);
  });

  it('refuses a role listed twice for one document', () => {
    expect(lintQuai(withDocument('service-agreement', [{ role: 'client', intent: 'agree' }, { role: 'supervisor', intent: 'agree' }, { role: 'client', intent: 'acknowledge', optional: true }])).lines).toEqual([
      'agency.json /signatures/documents/service-agreement/signers/2/role "client" is listed twice: each role signs a document once',
    ]);
  });

  it('refuses a notice whose signature would be a condition: only optional acknowledgements', () => {
    const served = 'forms/end-services.json serves "termination-notice" as a notice (noticePeriod), and a notice is served whether or not anyone signs it';
    expect(lintQuai(withDocument('termination-notice', [{ role: 'client', intent: 'agree' }, { role: 'case-manager', intent: 'acknowledge', optional: false }])).lines).toEqual([
      `agency.json /signatures/documents/termination-notice/signers/0/intent ${served}: its signers may only acknowledge receiving it ("intent": "acknowledge")`,
      `agency.json /signatures/documents/termination-notice/signers/0/optional ${served}: a signature may never be a condition of it, so each signer must be optional ("optional": true)`,
      `agency.json /signatures/documents/termination-notice/signers/1/optional ${served}: a signature may never be a condition of it, so each signer must be optional ("optional": true)`,
    ]);
  });

  it('refuses a reminder sooner than a day or later than 60 days, and an intent it does not know', () => {
    expect(lintQuai({ ...SIGNATURES, reminderDays: 0 }).lines).toEqual(['agency.json /signatures/reminderDays must be >= 1']);
    expect(lintQuai({ ...SIGNATURES, reminderDays: 61 }).lines).toEqual(['agency.json /signatures/reminderDays must be <= 60']);
    expect(lintQuai(withDocument('service-agreement', [{ role: 'client', intent: 'accept' }])).lines).toEqual([
      'agency.json /signatures/documents/service-agreement/signers/0/intent must be equal to one of the allowed values: agree, acknowledge',
    ]);
  });

  it('sends a misspelt key to the one meant', () => {
    expect(lintQuai(withDocument('service-agreement', [{ role: 'client', intent: 'agree', optionnel: true }])).lines).toEqual([
      'agency.json /signatures/documents/service-agreement/signers/0/optionnel is not a key known here: did you mean `optional`?',
    ]);
  });
});
