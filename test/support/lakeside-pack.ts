import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../local/stack.ts';
import { harborPackDir } from './harbor-pack.ts';

/**
 * Lakeside Family Services, an agency written here for the form studio's tests: English and Spanish, its own intake
 * (three questions), its own settings; its staff forms (the case lifecycle) are borrowed from Harbor's, since the studio
 * is about the intake an admin changes.
 */
export const LAKESIDE_INTAKE = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Family support request',
  description: 'Tell us what you need. A family worker will call you back.',
  type: 'object',
  additionalProperties: false,
  required: ['fullName', 'phone', 'consent'],
  properties: {
    fullName: { title: 'Full name', type: 'string', minLength: 1, maxLength: 200 },
    phone: { title: 'Phone number', type: 'string', minLength: 7, maxLength: 30 },
    consent: { title: 'Lakeside may keep my answers to help my family', type: 'boolean', const: true },
  },
  'x-caseforms': { access: 'public', documents: ['intake-summary'], identity: { name: '/fullName', phone: '/phone' } },
  examples: [{ fullName: 'Marta Ruiz Olmedo', phone: '+1 555 0100', consent: true }],
};

export const LAKESIDE_SPANISH = {
  forms: {
    intake: {
      title: 'Solicitud de apoyo familiar',
      description: 'Cuéntenos qué necesita. Una trabajadora familiar le devolverá la llamada.',
      fields: { '/fullName': 'Nombre completo', '/phone': 'Número de teléfono', '/consent': 'Lakeside puede guardar mis respuestas para ayudar a mi familia' },
    },
  },
};

/** A forms folder with the demo pack and Lakeside: what `formsDir` is for a stack. */
export function formsDirWithLakeside(): string {
  const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-lakeside-'));
  cpSync(join(projectRoot, 'form-schemas'), formsDir, { recursive: true });
  const dir = join(formsDir, 'lakeside');
  cpSync(harborPackDir, dir, { recursive: true });
  rmSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'locales'));
  const harbor = JSON.parse(readFileSync(join(harborPackDir, 'agency.json'), 'utf8'));
  const { providers: _, intake: __, ...settings } = harbor;
  const routes = Object.fromEntries(Object.entries(harbor.delivery.routes as Record<string, Array<{ to: string }>>)
    .map(([document, list]) => [document, list.filter((route) => !route.to.startsWith('provider:'))]));
  const agency = {
    ...settings, id: 'lakeside', name: 'Lakeside Family Services', timeZone: 'America/Chicago', defaultLocale: 'en', locales: ['en', 'es'],
    contact: { phone: '+1 555 0199', email: 'help@lakeside.caseforms.test', address: '4 Shore Lane, Duluth, MN 55802' },
    intakeInbox: 'intake@lakeside.caseforms.test', supervisorInbox: 'supervisors@lakeside.caseforms.test',
    sender: { name: 'Lakeside Family Services', email: 'no-reply@lakeside.caseforms.test' },
    crisisResources: [{ name: 'Lakeside family line', contact: '+1 555 0198', available: 'around the clock' }],
    branding: { primaryColor: '#1d5c3a', paperSize: 'Letter' },
    delivery: { ...harbor.delivery, routes },
  };
  writeFileSync(join(dir, 'agency.json'), `${JSON.stringify(agency, null, 2)}\n`);
  writeFileSync(join(dir, 'forms', 'intake.json'), `${JSON.stringify(LAKESIDE_INTAKE, null, 2)}\n`);
  writeFileSync(join(dir, 'locales', 'es.json'), `${JSON.stringify(LAKESIDE_SPANISH, null, 2)}\n`);
  const staff = JSON.parse(readFileSync(join(harborPackDir, 'staff.json'), 'utf8').replaceAll('harbor.caseforms.test', 'lakeside.caseforms.test'));
  writeFileSync(join(dir, 'staff.json'), `${JSON.stringify(staff, null, 2)}\n`);
  return formsDir;
}
