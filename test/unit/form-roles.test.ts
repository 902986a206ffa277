import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import vocabulary from '../../form-schemas/caseforms-vocabulary.schema.json' with { type: 'json' };
import { ROLES } from '../../functions/contracts/roles.ts';
import { loadCatalog, PackError } from '../../functions/domain/forms/catalog.ts';
import { declaredRoles, DEFAULT_FORM_ROLES, formKind, mayStaffSubmit, staffFormRoles } from '../../functions/domain/forms/form-roles.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const catalog = loadCatalog(formsDirWithHarbor());
const roles = (agencyId: string, formId: string) => staffFormRoles(catalog.form(agencyId, formId)!);

describe('who may submit a staff form', () => {
  it('Harbor names no roles: each form\'s kind, read from its other annotations, decides', () => {
    const harbor = [...catalog.pack('harbor')!.forms.values()].filter((form) => form.access !== 'public');
    expect(harbor.every((form) => form.roles === undefined)).toBe(true);
    expect(Object.fromEntries(harbor.map((form) => [form.formId, formKind(form)]))).toEqual({
      assessment: 'other', 'care-plan': 'other', consent: 'consent', discharge: 'discharge', 'housing-stability': 'other', 'notice-served': 'termination',
      'records-hold': 'legal-hold', 'service-start': 'other', 'termination-complete': 'termination', termination: 'termination',
    });
    expect(roles('harbor', 'records-hold')).toEqual(['supervisor', 'agency-admin']);
    for (const formId of ['consent', 'termination', 'termination-complete', 'notice-served', 'discharge']) expect(roles('harbor', formId), formId).toEqual(['case-manager', 'supervisor']);
    for (const formId of ['assessment', 'care-plan', 'service-start', 'housing-stability']) expect(roles('harbor', formId), formId).toEqual(['intake-worker', 'case-manager', 'supervisor']);
  });

  it('the demo pack states its sensitive forms\' roles itself, and they are the safe defaults', () => {
    for (const formId of ['legal-hold', 'release-of-information', 'termination', 'termination-complete', 'notice-served', 'discharge']) {
      const form = catalog.form('demo', formId)!;
      expect(form.roles, formId).toBeDefined();
      expect(form.roles, formId).toEqual(DEFAULT_FORM_ROLES[formKind(form)]);
    }
    expect(catalog.form('demo', 'assessment')!.roles).toBeUndefined();
  });

  it('any one of the staff member\'s roles will do', () => {
    const hold = catalog.form('harbor', 'records-hold')!;
    expect(mayStaffSubmit(hold, { roles: ['intake-worker'] })).toBe(false);
    expect(mayStaffSubmit(hold, { roles: ['case-manager'] })).toBe(false);
    expect(mayStaffSubmit(hold, { roles: ['intake-worker', 'agency-admin'] })).toBe(true);
    expect(mayStaffSubmit({ transitions: [], roles: ['agency-admin'] }, { roles: ['supervisor'] })).toBe(false);
  });

  it('reads x-caseforms.roles strictly, in plain words', () => {
    expect(declaredRoles('staff', undefined)).toEqual({ roles: undefined });
    expect(declaredRoles('both', ['case-manager'])).toEqual({ roles: ['case-manager'] });
    expect(declaredRoles('staff', ['janitor'])).toEqual({ problem: '"janitor" is not a staff role: use intake-worker, case-manager, supervisor, agency-admin' });
    expect(declaredRoles('staff', [])).toMatchObject({ problem: expect.stringContaining('must list at least one role') });
    expect(declaredRoles('staff', ['supervisor', 'supervisor'])).toEqual({ problem: 'names "supervisor" more than once' });
    expect(declaredRoles('public', ['supervisor'])).toMatchObject({ problem: expect.stringContaining('a public form is open to anyone') });
  });

  it('the vocabulary lists exactly the roles of contracts/roles.ts', () => {
    expect(vocabulary.properties.roles.items.enum).toEqual([...ROLES]);
  });

  it('the catalog refuses a form whose roles are unknown, rather than falling back to a default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-roles-'));
    cpSync(join(projectRoot, 'form-schemas'), dir, { recursive: true });
    const file = join(dir, 'demo', 'forms', 'legal-hold.json');
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    schema['x-caseforms'].roles = ['janitor'];
    writeFileSync(file, JSON.stringify(schema));
    const refused: PackError[] = [];
    const loaded = loadCatalog(dir, (error) => { refused.push(error); });
    expect(loaded.form('demo', 'legal-hold')).toBeUndefined();
    expect(refused.map((error) => error.formId)).toEqual(['legal-hold']);
  });
});
