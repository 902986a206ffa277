import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, mayBePublic, mayBeStaff, type FormCatalog, type PackError } from '../../functions/domain/forms/catalog.ts';
import { projectRoot } from '../../local/stack.ts';

const formsDir = join(projectRoot, 'form-schemas');
const catalog = loadCatalog(formsDir);
const forms = catalog.agencies().flatMap((pack) => [...pack.forms.values()]);

describe('agency packs in form-schemas/', () => {
  it('loads every agency folder', () => {
    const folders = readdirSync(formsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(catalog.agencies().map((pack) => pack.agency.id).sort()).toEqual(folders.sort());
    expect(catalog.form('demo', 'intake')?.access).toBe('public');
    expect(catalog.form('demo', 'assessment')?.access).toBe('staff');
  });

  it.each(forms.map((form) => [`${form.agencyId}/${form.formId}`, form] as const))('%s carries valid examples', (_, form) => {
    const examples = form.schema.examples as unknown[] | undefined;
    expect(Array.isArray(examples) && examples.length > 0).toBe(true);
    for (const example of examples!) expect(form.validate(example)).toEqual({ valid: true });
  });
});

describe('a broken pack', () => {
  function packsWith(mutate: (dir: string) => void): { loaded: string[]; errors: PackError[]; catalog: FormCatalog } {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-packs-'));
    cpSync(formsDir, dir, { recursive: true });
    cpSync(join(dir, 'demo'), join(dir, 'broken'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'agency.json'), JSON.stringify({ ...JSON.parse(JSON.stringify(catalog.agency('demo'))), id: 'broken' }));
    mutate(join(dir, 'broken'));
    const errors: PackError[] = [];
    const loadedCatalog = loadCatalog(dir, (error) => errors.push(error));
    return { loaded: loadedCatalog.agencies().map((pack) => pack.agency.id).sort(), errors, catalog: loadedCatalog };
  }

  it('refuses a form that is not JSON, with its file and reason, while the pack\'s other forms keep loading', () => {
    const { loaded, errors, catalog: loadedCatalog } = packsWith((dir) => writeFileSync(join(dir, 'forms', 'intake.json'), '{ "type": "object", '));
    expect(loaded).toEqual(['broken', 'demo']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.file).toMatch(/broken\/forms\/intake\.json$/);
    expect(errors[0]!.formId).toBe('intake');
    expect(loadedCatalog.form('broken', 'intake')).toBeUndefined();
    expect(loadedCatalog.form('broken', 'assessment')?.access).toBe('staff');
    // Unknown access (the file did not parse): it may be public or staff, so both kinds of route answer unavailable.
    expect(loadedCatalog.refusedForm('broken', 'intake')).toEqual({ agencyId: 'broken', formId: 'intake', file: errors[0]!.file, reason: errors[0]!.reason });
    expect(loadedCatalog.refused()).toEqual([loadedCatalog.refusedForm('broken', 'intake')]);
  });

  it('refuses a form whose $ref points nowhere, keeping the access its file declares', () => {
    const { loaded, errors, catalog: loadedCatalog } = packsWith((dir) => {
      const file = join(dir, 'forms', 'assessment.json');
      const schema = JSON.parse(readFileSync(file, 'utf8'));
      schema.properties = { ...schema.properties, extra: { $ref: '#/$defs/missing' } };
      writeFileSync(file, JSON.stringify(schema));
    });
    expect(loaded).toEqual(['broken', 'demo']);
    expect(errors[0]!.reason).toMatch(/invalid schema: .*#\/\$defs\/missing/);
    const refusal = loadedCatalog.refusedForm('broken', 'assessment')!;
    expect(refusal).toMatchObject({ agencyId: 'broken', formId: 'assessment', access: 'staff' });
    expect([mayBePublic(refusal), mayBeStaff(refusal)]).toEqual([false, true]);
    expect(loadedCatalog.form('broken', 'intake')?.access).toBe('public');
    expect(loadedCatalog.refusedForm('demo', 'assessment')).toBeUndefined();
  });

  it('refuses a schema ajv cannot compile', () => {
    const { loaded, errors } = packsWith((dir) => writeFileSync(join(dir, 'forms', 'intake.json'), JSON.stringify({ type: 'object', properties: { a: { type: 'strnig' } } })));
    expect(loaded).toEqual(['broken', 'demo']);
    expect(errors[0]!.message).toMatch(/invalid schema/);
  });

  it('refuses a form whose file name is not a plain id', () => {
    const { errors, catalog: loadedCatalog } = packsWith((dir) => writeFileSync(join(dir, 'forms', 'Bad_Name.json'), '{}'));
    expect(errors.map((error) => error.formId)).toEqual(['Bad_Name']);
    expect(loadedCatalog.form('broken', 'intake')).toBeDefined();
  });

  it('stops at the first broken form when nobody takes the refusals (synth, lint)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-packs-'));
    cpSync(formsDir, dir, { recursive: true });
    const bad = join(dir, 'demo', 'forms', 'zz-bad.json');
    writeFileSync(bad, '{ "type": ');
    expect(() => loadCatalog(dir)).toThrow(`${bad}: `);
  });

  it('refuses the whole pack for a broken agency.json, and lists it as refused without a form', () => {
    const { loaded, catalog: loadedCatalog } = packsWith((dir) => writeFileSync(join(dir, 'agency.json'), '{ "id": '));
    expect(loaded).toEqual(['demo']);
    expect(loadedCatalog.refused()).toEqual([{ agencyId: 'broken', file: expect.stringMatching(/broken\/agency\.json$/), reason: expect.any(String) }]);
    expect(loadedCatalog.refusedForm('broken', 'intake')).toBeUndefined();
  });

  it('refuses an agency config that breaks agency.schema.json', () => {
    const { errors } = packsWith((dir) => writeFileSync(join(dir, 'agency.json'), JSON.stringify({ id: 'broken', name: 'x' })));
    expect(errors[0]!.message).toMatch(/\/timeZone|required/);
  });

  it('refuses a delivery route to a provider the agency does not list', () => {
    const { loaded, errors } = packsWith((dir) => {
      const agency = { ...JSON.parse(JSON.stringify(catalog.agency('demo'))), id: 'broken' };
      agency.delivery.routes['care-plan'].push({ to: 'provider:nobody' });
      writeFileSync(join(dir, 'agency.json'), JSON.stringify(agency));
    });
    expect(loaded).toEqual(['demo']);
    expect(errors[0]!.message).toContain('/delivery/routes: no provider with id nobody in /providers');
  });

  it('refuses an agency whose id is not its folder name', () => {
    const { errors } = packsWith((dir) => writeFileSync(join(dir, 'agency.json'), JSON.stringify({ ...catalog.agency('demo') })));
    expect(errors[0]!.message).toMatch(/must equal the folder name/);
  });

  it('treats a form without an access annotation as staff-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-packs-'));
    cpSync(formsDir, dir, { recursive: true });
    writeFileSync(join(dir, 'demo', 'forms', 'unmarked.json'), JSON.stringify({ type: 'object' }));
    expect(loadCatalog(dir).form('demo', 'unmarked')?.access).toBe('staff');
  });
});
