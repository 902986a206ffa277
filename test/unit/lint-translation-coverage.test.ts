import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPack } from '../../functions/domain/forms/lint-pack.ts';
import { formatProblem } from '../../functions/domain/forms/lint-problem.ts';
import { projectRoot } from '../../local/stack.ts';
import { lifecycleFormFiles } from '../support/lifecycle-forms.ts';

// A client reads a public form's choices, help and description as well as its titles: each must be in every
// language the agency offers. Linted on Alder Advice, an agency in memory here (English and Spanish).
const agencySchema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as object;
const templatesDir = join(projectRoot, 'templates');

const AGENCY = {
  id: 'alder', name: 'Alder Advice', contact: { phone: '+1 555 0190', email: 'help@alder.caseforms.test', address: '4 Oak Street' },
  timeZone: 'America/New_York', defaultLocale: 'en', locales: ['en', 'es'], intakeInbox: 'intake@alder.caseforms.test',
  supervisorInbox: 'supervisors@alder.caseforms.test', sender: { name: 'Alder Advice', email: 'no-reply@alder.caseforms.test' },
  minimumTerminationNoticeDays: 10, crisisResources: [{ name: 'Alder line', contact: '+1 555 0191' }],
};

const REQUEST = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Advice request',
  description: 'Tell us what you need advice about.',
  'x-caseforms': { access: 'public' },
  type: 'object',
  additionalProperties: false,
  required: ['topic'],
  properties: {
    topic: { title: 'Topic', type: 'string', oneOf: [{ const: 'debt', title: 'Debt' }, { const: 'benefits', title: 'Benefits' }] },
    contactTimes: {
      title: 'When can we call?', type: 'array', uniqueItems: true,
      items: { type: 'string', enum: ['morning', 'evening'], 'x-caseforms': { optionTitles: { morning: 'Mornings' } } },
    },
    household: {
      title: 'Household', type: 'array',
      items: { type: 'object', properties: { age: { title: 'Age', type: 'integer', minimum: 0, maximum: 120, 'x-caseforms': { help: 'In whole years' } } } },
    },
  },
  examples: [{ topic: 'debt' }],
};

const SPANISH = {
  forms: {
    request: {
      title: 'Solicitud de asesoramiento',
      description: 'Cuéntenos sobre qué necesita asesoramiento.',
      fields: {
        '/topic': 'Tema', '/topic#debt': 'Deudas', '/topic#benefits': 'Prestaciones',
        '/contactTimes': '¿Cuándo podemos llamarle?', '/contactTimes/-#morning': 'Por la mañana', '/contactTimes/-#evening': 'Por la tarde',
        '/household': 'Hogar', '/household/-/age': 'Edad', '/household/-/age:help': 'En años cumplidos',
      },
    },
  },
};

function lintAlder(spanish: Record<string, any>, request: object = REQUEST): string[] {
  const files = new Map([
    ...lifecycleFormFiles(),
    ['agency.json', JSON.stringify(AGENCY, null, 2)],
    ['forms/request.json', JSON.stringify(request, null, 2)],
    ['locales/es.json', JSON.stringify(spanish, null, 2)],
  ]);
  return lintPack('alder', files, { templatesDir, agencySchema }).map(formatProblem);
}

function without(...keys: string[]): Record<string, any> {
  const spanish = structuredClone(SPANISH) as Record<string, any>;
  for (const key of keys) {
    if (key === 'description') delete spanish.forms.request.description;
    else delete spanish.forms.request.fields[key];
  }
  return spanish;
}

describe('translations of what a client reads', () => {
  it('finds nothing missing when every word is translated', () => {
    expect(lintAlder(SPANISH)).toEqual([]);
  });

  it('reports a missing choice (a oneOf title, an optionTitle, an untitled value), help and description, each with its English words', () => {
    expect(lintAlder(without('/topic#benefits', '/contactTimes/-#morning', '/contactTimes/-#evening', '/household/-/age:help', 'description'))).toEqual([
      'locales/es.json:3:5 /forms/request/description missing translation of the form\'s description "Tell us what you need advice about."',
      'locales/es.json:5:7 /forms/request/fields/~1topic#benefits missing translation of the choice "Benefits"',
      'locales/es.json:5:7 /forms/request/fields/~1contactTimes~1-#morning missing translation of the choice "Mornings"',
      // No title: the page shows the value made readable, and so must the translation.
      'locales/es.json:5:7 /forms/request/fields/~1contactTimes~1-#evening missing translation of the choice "Evening"',
      'locales/es.json:5:7 /forms/request/fields/~1household~1-~1age:help missing translation of the help "In whole years"',
    ]);
  });

  it('asks nothing of a staff form, which staff read in the default language', () => {
    const request = { ...REQUEST, 'x-caseforms': { access: 'staff' } };
    expect(lintAlder({ forms: {} }, request)).toEqual([]);
  });
});
