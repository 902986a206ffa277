import { compileForm, type Form, type FormCatalog } from './catalog.ts';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { createAjv } from './validator.ts';

/** Where every version of every form is kept for good, by its content hash. */
export interface FormVersionStore {
  /** Stores the text unless that version is already there. Never overwrites, never deletes. */
  publish(agencyId: string, formId: string, version: string, text: string): Promise<'stored' | 'existed'>;
  read(agencyId: string, formId: string, version: string): Promise<string | undefined>;
}

export const VERSION_PATTERN = /^[0-9a-f]{16}$/;

export function formVersionKey(agencyId: string, formId: string, version: string): string {
  return `form-versions/${agencyId}/${formId}/${version}.json`;
}

/**
 * Resolves the form a submission was validated against: the loaded one when it is still current, otherwise the
 * published version, compiled once and kept. Old submissions keep validating and rendering against their own form.
 */
export class FormVersions {
  private readonly compiled = new Map<string, Promise<Form | undefined>>();
  // Made on the first old version asked for: creating an Ajv compiles meta-schemas, which a cold start can skip.
  private ajv: Ajv2020 | undefined;

  constructor(private readonly catalog: FormCatalog, private readonly store: FormVersionStore) {}

  async form(agencyId: string, formId: string, version: string): Promise<Form | undefined> {
    const current = this.catalog.form(agencyId, formId);
    if (current?.version === version) return current;
    if (!VERSION_PATTERN.test(version)) return undefined;
    const key = formVersionKey(agencyId, formId, version);
    let form = this.compiled.get(key);
    if (!form) {
      form = this.store.read(agencyId, formId, version).then((text) => text === undefined ? undefined : compileForm(() => (this.ajv ??= createAjv()), agencyId, formId, text, key));
      this.compiled.set(key, form);
      form.catch(() => this.compiled.delete(key));
    }
    return form;
  }
}
