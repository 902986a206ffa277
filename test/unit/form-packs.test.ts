import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, type PackError } from '../../functions/forms/catalog.ts';
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
  function packsWith(mutate: (dir: string) => void): { loaded: string[]; errors: PackError[] } {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-packs-'));
    cpSync(formsDir, dir, { recursive: true });
    cpSync(join(dir, 'demo'), join(dir, 'broken'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'agency.json'), JSON.stringify({ ...JSON.parse(JSON.stringify(catalog.agency('demo'))), id: 'broken' }));
    mutate(join(dir, 'broken'));
    const errors: PackError[] = [];
    const loaded = loadCatalog(dir, (error) => errors.push(error)).agencies().map((pack) => pack.agency.id);
    return { loaded, errors };
  }

  it('is refused with the file and reason while the other agencies keep loading', () => {
    const { loaded, errors } = packsWith((dir) => writeFileSync(join(dir, 'forms', 'intake.json'), '{ "type": "object", '));
    expect(loaded).toEqual(['demo']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.file).toMatch(/broken\/forms\/intake\.json$/);
  });

  it('refuses a schema ajv cannot compile', () => {
    const { loaded, errors } = packsWith((dir) => writeFileSync(join(dir, 'forms', 'intake.json'), JSON.stringify({ type: 'object', properties: { a: { type: 'strnig' } } })));
    expect(loaded).toEqual(['demo']);
    expect(errors[0]!.message).toMatch(/invalid schema/);
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
