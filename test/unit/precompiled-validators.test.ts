import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ajvOptions, CASEFORMS_KEYWORD } from '../../functions/domain/forms/ajv-options.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import {
  precompiledAreCurrent,
  precompiledOrCompiled,
  precompiledSchemas,
  precompiledSubschemaValidator,
  precompiledValidator,
  type PrecompiledValidateFunction,
} from '../../functions/domain/forms/precompiled.ts';
import { schemaVersion, subschemaVersion } from '../../functions/domain/forms/schema-version.ts';
import { createAjv } from '../../functions/domain/forms/validator.ts';
import { anyRequireCall, defaultOutDir, generateValidatorSources } from '../../functions/domain/forms/validator-codegen.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const formsDir = join(projectRoot, 'form-schemas');
const demoFormsDir = join(formsDir, 'demo', 'forms');
const regenerate = 'functions/domain/forms/generated/ is stale: run `npx tsx scripts/precompile-validators.ts`';

type Json = Record<string, unknown>;

interface SchemaFile {
  readonly name: string;
  readonly text: string;
  readonly schema: Json;
}

const demoForms: SchemaFile[] = readdirSync(demoFormsDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    const text = readFileSync(join(demoFormsDir, file), 'utf8');
    return { name: `demo/${file.slice(0, -'.json'.length)}`, text, schema: JSON.parse(text) as Json };
  });

const agencySchemaText = readFileSync(join(formsDir, 'agency.schema.json'), 'utf8');
const demoAgency = JSON.parse(readFileSync(join(formsDir, 'demo', 'agency.json'), 'utf8')) as Json;

const clone = <T>(value: T): T => structuredClone(value);

/** Follows local `$ref`s ("#/$defs/x") so a property's declared type and format can be read. */
function resolve(root: Json, schema: Json | undefined): Json | undefined {
  let current = schema;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) return current;
    const target = ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Json | undefined)?.[key], root) as Json | undefined;
    current = { ...target, ...current, $ref: undefined };
  }
  return current;
}

function wrongValueFor(schema: Json | undefined): unknown {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  switch (type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return ['not', 'an', 'object'];
    default:
      return undefined;
  }
}

/** Every (object path, property schema) pair the example fills in, depth first. */
function* filledProperties(root: Json, schema: Json | undefined, value: unknown, path: (string | number)[] = []): Generator<{ path: (string | number)[]; schema: Json }> {
  const resolved = resolve(root, schema);
  if (!resolved || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = resolved.items as Json | undefined;
    for (const [index, item] of value.entries()) yield* filledProperties(root, items, item, [...path, index]);
    return;
  }
  const properties = (resolved.properties ?? {}) as Record<string, Json>;
  for (const [key, child] of Object.entries(value as Json)) {
    const property = resolve(root, properties[key]);
    if (!property) continue;
    yield { path: [...path, key], schema: property };
    yield* filledProperties(root, property, child, [...path, key]);
  }
}

function setAt(document: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = clone(document);
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
  parent[path.at(-1)!] = value;
  return copy;
}

/** Invalid documents derived from a valid one: missing required, wrong type, bad format, extra property, and all at once. */
function invalidVariants(root: Json, valid: Json): [string, unknown][] {
  const variants: [string, unknown][] = [];
  for (const name of (root.required ?? []) as string[]) {
    const copy = clone(valid);
    delete copy[name];
    variants.push([`missing required ${name}`, copy]);
  }
  const filled = [...filledProperties(root, root, valid)];
  for (const { path, schema } of filled) {
    const wrong = wrongValueFor(schema);
    if (wrong !== undefined) variants.push([`wrong type at /${path.join('/')}`, setAt(valid, path, wrong)]);
    if (typeof schema.format === 'string') variants.push([`bad ${schema.format} at /${path.join('/')}`, setAt(valid, path, `not-a-${schema.format}`)]);
  }
  variants.push(['extra property', { ...clone(valid), notAField: true }]);
  for (const { path, schema } of filled) {
    if (resolve(root, schema)?.type === 'object') variants.push([`extra property at /${path.join('/')}`, setAt(valid, [...path, 'notAField'], 1)]);
  }
  const everything = clone(valid);
  delete everything[((root.required ?? []) as string[])[0] ?? 'none'];
  everything.notAField = true;
  variants.push(['several errors at once', everything]);
  variants.push(['empty object', {}], ['null', null], ['array', []], ['string', 'text']);
  return variants;
}

function outcome(validate: PrecompiledValidateFunction, data: unknown): { valid: boolean; errors: ErrorObject[] } {
  const valid = validate(clone(data));
  return { valid, errors: valid ? [] : clone(validate.errors ?? []) };
}

function precompiledFor(text: string): PrecompiledValidateFunction {
  const validate = precompiledValidator(schemaVersion(text));
  if (!validate) throw new Error(`no precompiled validator for version ${schemaVersion(text)}; ${regenerate}`);
  return validate;
}

describe('precompiled validators', () => {
  it('were generated under the Ajv configuration this code uses', () => {
    expect(precompiledAreCurrent, regenerate).toBe(true);
  });

  it('validator.ts createAjv() is configured like ajv-options.ts', () => {
    const ajv = createAjv();
    expect(ajv.opts).toMatchObject(ajvOptions);
    const { $schema: _, $id: __, ...annotationSchema } = JSON.parse(readFileSync(join(formsDir, 'caseforms-vocabulary.schema.json'), 'utf8')) as Json;
    expect(ajv.getKeyword(CASEFORMS_KEYWORD)).toMatchObject({ schemaType: ['object'], metaSchema: annotationSchema });
  });

  it('cover every demo form, keyed by the version the catalog gives it', () => {
    expect(demoForms.length).toBeGreaterThan(0);
    const catalog = loadCatalog(formsDir);
    for (const form of demoForms) {
      const formId = form.name.split('/')[1]!;
      expect(catalog.form('demo', formId)?.version).toBe(schemaVersion(form.text));
      expect(precompiledValidator(schemaVersion(form.text)), `${form.name}: ${regenerate}`).toBeTypeOf('function');
      expect(precompiledSchemas).toContainEqual(expect.objectContaining({ kind: 'form', agencyId: 'demo', formId, version: schemaVersion(form.text) }));
    }
  });

  it('answer undefined for a schema text that was not precompiled', () => {
    expect(precompiledValidator(schemaVersion('{"type":"object"}'))).toBeUndefined();
  });

  describe.each(demoForms.map((form) => [form.name, form] as const))('%s', (_, form) => {
    const runtime = createAjv().compile(form.schema);
    const examples = (form.schema.examples ?? []) as Json[];

    it('has examples to test with', () => expect(examples.length).toBeGreaterThan(0));

    it.each(examples.map((example, i) => [i, example] as const))('accepts example %i like the runtime-compiled validator', (_, example) => {
      const precompiled = precompiledFor(form.text);
      expect(outcome(precompiled, example)).toEqual({ valid: true, errors: [] });
      expect(outcome(runtime, example)).toEqual({ valid: true, errors: [] });
    });

    const variants = examples.length > 0 ? invalidVariants(form.schema, examples[0]!) : [];
    it.each(variants)('rejects %s with the same errors', (_, data) => {
      const precompiled = outcome(precompiledFor(form.text), data);
      const compiled = outcome(runtime, data);
      expect(compiled.valid).toBe(false);
      expect(precompiled.valid).toBe(false);
      // Every field of every error: instancePath, schemaPath, keyword, params, message, and (verbose) schema, parentSchema, data.
      expect(precompiled.errors).toEqual(compiled.errors);
      expect(precompiled.errors.map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params }))).toEqual(
        compiled.errors.map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params })),
      );
    });
  });

  it('exercise missing required, wrong type, bad format and extra property across the demo forms', () => {
    const names = demoForms.flatMap((form) => invalidVariants(form.schema, ((form.schema.examples ?? []) as Json[])[0] ?? {}).map(([name]) => name));
    for (const kind of ['missing required', 'wrong type', 'bad ', 'extra property']) expect(names.some((name) => name.startsWith(kind)), kind).toBe(true);
  });

  const flagged = demoForms.flatMap((form) => {
    const flags = ((form.schema[CASEFORMS_KEYWORD] as { scoring?: { flags?: { id: string; when: Json }[] } } | undefined)?.scoring?.flags ?? []);
    return flags.map((flag) => [`${form.name} flag ${flag.id}`, form, flag.when] as const);
  });

  it.each(flagged)('include %s, which raises it exactly when the runtime-compiled condition does', (_, form, when) => {
    const precompiled = precompiledSubschemaValidator(when);
    expect(precompiled, `${subschemaVersion(when)}: ${regenerate}`).toBeTypeOf('function');
    const runtime = createAjv().compile(when);
    const examples = (form.schema.examples ?? []) as Json[];
    const contexts: unknown[] = [null, {}, { answers: {} }];
    for (const answers of [...examples, {}, { q9: 0 }, { q9: 1 }, { q9: 3 }, { q9: 'x' }]) {
      for (const total of [undefined, 0, 5, 10, 15, 20, 27]) contexts.push({ answers, scores: total === undefined ? {} : { total } });
    }
    const outcomes = contexts.map((context) => outcome(precompiled!, context));
    expect(outcomes).toEqual(contexts.map((context) => outcome(runtime, context)));
    expect(outcomes.some((o) => o.valid) && outcomes.some((o) => !o.valid)).toBe(true);
  });

  it('compile only what was not precompiled, on an Ajv made only then', () => {
    let made = 0;
    const compile = precompiledOrCompiled(() => (made++, createAjv()));
    for (const [, , when] of flagged) compile(when);
    expect(made).toBe(0);
    expect(compile({ type: 'integer', minimum: 1234 })(1234)).toBe(true);
    expect(made).toBe(1);
  });

  it('include the agency schema, which judges the demo agency like the runtime-compiled one', () => {
    const schema = JSON.parse(agencySchemaText) as Json;
    const precompiled = precompiledFor(agencySchemaText);
    const runtime = createAjv().compile(schema);
    for (const data of [demoAgency, { ...demoAgency, unknown: 1 }, { ...demoAgency, id: 'Not An Id' }, {}]) {
      expect(outcome(precompiled, data)).toEqual(outcome(runtime, data));
    }
  });
});

describe('the generator', () => {
  const generated = generateValidatorSources(formsDir, defaultOutDir);

  it('compiles every schema without problems', () => {
    expect(generated.problems).toEqual([]);
    expect(generated.entries.filter((entry) => entry.kind === 'form').map((entry) => `${entry.agencyId}/${entry.formId}`)).toEqual(
      expect.arrayContaining(demoForms.map((form) => form.name)),
    );
  });

  it('writes ES modules without require() whose imports resolve under Node ESM', () => {
    for (const [name, source] of generated.files) {
      expect(source, name).not.toMatch(anyRequireCall);
      expect(source, name).not.toContain('require(');
      for (const [, specifier] of source.matchAll(/^import (?:\* as )?\w+ from "([^"]+)";$/gm)) {
        expect(specifier, `${name} imports ${specifier}`).toMatch(/\.js$/);
      }
    }
  });

  it('precompiles a form copied into a second pack once, without problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-precompile-'));
    try {
      cpSync(formsDir, dir, { recursive: true });
      cpSync(join(dir, 'demo'), join(dir, 'copy'), { recursive: true });
      const twice = generateValidatorSources(dir, defaultOutDir);
      expect(twice.problems).toEqual([]);
      expect(twice.entries.filter((entry) => entry.agencyId === 'copy')).toHaveLength(generated.entries.filter((entry) => entry.agencyId === 'demo').length);
      const index = twice.files.get('validators.js')!;
      expect(index.match(/^ {2}\["[0-9a-f]{16}", v\d+\],$/gm)).toHaveLength(new Set(generated.entries.map((entry) => entry.version)).size);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bundles no ajv-i18n: error messages are caseforms\' own words (functions/domain/forms/error-messages/)', () => {
    const importing = [...generated.files].filter(([, source]) => source.includes('ajv-i18n')).map(([name]) => name);
    expect(importing).toEqual([]);
    expect(generated.files.has('error-localizers.js')).toBe(false);
  });

  it('matches what is on disk', () => {
    const onDisk = (name: string) => (existsSync(join(defaultOutDir, name)) ? readFileSync(join(defaultOutDir, name), 'utf8') : undefined);
    const stale = [...generated.files].filter(([name, source]) => onDisk(name) !== source).map(([name]) => name);
    expect(stale, regenerate).toEqual([]);
  });
});
