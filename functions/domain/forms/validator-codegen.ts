/**
 * Build-time compilation of every form schema, each scoring flag's `when` condition and the agency schema into ajv
 * standalone validators, so a cold start compiles nothing. Run by `scripts/precompile-validators.ts` (npm start,
 * npm test) and by the CDK app before it bundles the functions; no function imports it.
 *
 * Writes one ES module per schema plus an index, `<out>/validators.js` (+ `validators.d.ts`), mapping each schema's
 * key (functions/domain/forms/schema-version.ts: for a file, the first 16 hex digits of the sha256 of its text, the form
 * version catalog.ts computes) to its validate function. Files are rewritten only when their content changes, and
 * files no longer produced are removed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { isPlainId } from '../../contracts/ids.ts';
import { ajvFingerprint, ajvOptions, CASEFORMS_KEYWORD, configureAjv } from './ajv-options.ts';
import { schemaVersion, subschemaVersion } from './schema-version.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const defaultFormsDir = join(repoRoot, 'form-schemas');
export const defaultOutDir = join(repoRoot, 'functions', 'domain', 'forms', 'generated');
export const indexModule = 'validators.js';

export interface PrecompiledEntry {
  readonly kind: 'form' | 'agency-schema' | 'flag-condition';
  readonly agencyId?: string;
  readonly formId?: string;
  /** For a flag condition: the flag's id. */
  readonly flagId?: string;
  /** The schema file, relative to the forms dir; for a flag condition, with the JSON pointer to its `when`. */
  readonly file: string;
  readonly version: string;
  /** The generated module, relative to the output dir. */
  readonly module: string;
}

export interface GeneratedValidators {
  /** File name (relative to the output dir) -> content. */
  readonly files: ReadonlyMap<string, string>;
  readonly entries: readonly PrecompiledEntry[];
  /** Schemas that did not compile (their pack is refused at runtime anyway) or could not be keyed. */
  readonly problems: readonly string[];
}

export { schemaVersion, subschemaVersion };

interface ScoringFlag {
  readonly id?: unknown;
  readonly when?: unknown;
}

const newAjv = (): Ajv2020 => configureAjv(new Ajv2020({ ...ajvOptions, code: { source: true, esm: true } }));

/** Compiles everything under `formsDir` and returns the modules to write; touches no file. */
export function generateValidatorSources(formsDir: string = defaultFormsDir, outDir: string = defaultOutDir): GeneratedValidators {
  const requireFromOut = createRequire(join(outDir, indexModule));
  const files = new Map<string, string>();
  const entries: PrecompiledEntry[] = [];
  const problems: string[] = [];

  /** Compiles one schema as the runtime would (same Ajv sequence) and keeps its standalone module; false if it fails. */
  const add = (entry: Omit<PrecompiledEntry, 'module'>, module: string, schema: object, ajv: () => Ajv2020): boolean => {
    try {
      const instance = ajv();
      const validate = instance.compile(schema);
      files.set(module, toEsModule(standaloneCode.default(instance, validate), requireFromOut, entry.file));
      entries.push({ ...entry, module });
      return true;
    } catch (error) {
      problems.push(`${entry.file}: ${(error as Error).message}`);
      return false;
    }
  };

  const parse = (text: string, file: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      return undefined;
    }
  };

  // loadCatalog compiles the agency schema on an Ajv of its own.
  const agencySchema = 'agency.schema.json';
  if (existsSync(join(formsDir, agencySchema))) {
    const text = readFileSync(join(formsDir, agencySchema), 'utf8');
    const schema = parse(text, agencySchema);
    if (schema) add({ kind: 'agency-schema', file: agencySchema, version: schemaVersion(text) }, '_agency-schema.js', schema, newAjv);
  }

  for (const agency of readdirSync(formsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const formsFolder = join(formsDir, agency, 'forms');
    if (!isPlainId(agency) || !existsSync(formsFolder)) continue;
    // Like loadPack: one Ajv per pack, forms compiled in file-name order.
    let packAjv: Ajv2020 | undefined;
    for (const file of readdirSync(formsFolder).filter((name) => name.endsWith('.json')).sort()) {
      const formId = file.slice(0, -'.json'.length);
      const schemaFile = `${agency}/forms/${file}`;
      if (!isPlainId(formId)) {
        problems.push(`${schemaFile}: file name must be a plain id; not precompiled`);
        continue;
      }
      const packAjvOnce = () => (packAjv ??= newAjv());
      const text = readFileSync(join(formsFolder, file), 'utf8');
      const schema = parse(text, schemaFile);
      if (!schema || !add({ kind: 'form', agencyId: agency, formId, file: schemaFile, version: schemaVersion(text) }, `${agency}.${formId}.js`, schema, packAjvOnce)) continue;
      // Like compileScoring: each risk flag's `when` condition, compiled on the pack's Ajv after its form.
      const scoring = (schema[CASEFORMS_KEYWORD] as { scoring?: { flags?: unknown } } | undefined)?.scoring;
      const flags = Array.isArray(scoring?.flags) ? (scoring.flags as ScoringFlag[]) : [];
      for (const [index, flag] of flags.entries()) {
        if (typeof flag?.when !== 'object' || flag.when === null) continue;
        const entry = {
          kind: 'flag-condition',
          agencyId: agency,
          formId,
          flagId: String(flag.id),
          file: `${schemaFile}#/${CASEFORMS_KEYWORD}/scoring/flags/${index}/when`,
          version: subschemaVersion(flag.when),
        } as const;
        add(entry, `${agency}.${formId}.flag-${index}.js`, flag.when, packAjvOnce);
      }
    }
  }

  // The same schema in two places (a form copied into two packs) compiles to the same code but for the numbering
  // of its identifiers; should it differ otherwise (a $ref resolved differently in each pack), neither is used.
  const byVersion = new Map<string, PrecompiledEntry[]>();
  for (const entry of entries) byVersion.set(entry.version, [...(byVersion.get(entry.version) ?? []), entry]);
  const usable: PrecompiledEntry[] = [];
  const normalized = (module: string) => files.get(module)!.replace(/^\/\/ Generated .*\n/, '').replace(/\b([A-Za-z_$]+?)\d+\b/g, '$1#');
  for (const [version, same] of byVersion) {
    const sources = new Set(same.map((entry) => normalized(entry.module)));
    if (sources.size === 1) usable.push(same[0]!);
    else problems.push(`${same.map((entry) => entry.file).join(', ')}: same text (version ${version}) but different compiled code; not precompiled`);
  }

  files.set(indexModule, indexSource(entries, usable));
  files.set('validators.d.ts', declarations);
  return { files, entries, problems };
}

/** Writes the generated modules into `outDir`, leaving unchanged files untouched and removing stale ones. */
export function precompileValidators(formsDir: string = defaultFormsDir, outDir: string = defaultOutDir): GeneratedValidators {
  const generated = generateValidatorSources(formsDir, outDir);
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) {
    if (!generated.files.has(name)) rmSync(join(outDir, name), { recursive: true, force: true });
  }
  for (const [name, content] of generated.files) {
    const path = join(outDir, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) writeFileSync(path, content);
  }
  return generated;
}

/** A `require("x")` call as ajv's standalone code writes it (the argument is a JSON string literal). */
const requireCall = /\brequire\(\s*("(?:[^"\\]|\\.)*")\s*\)/g;
/** Inside the schema constants a quote is always escaped, so this matches only code. */
export const anyRequireCall = /\brequire\s*\(\s*["'`]/;

/**
 * ajv's standalone code, even in esm mode, fetches runtime helpers (formats, ucs2length, equal, uri...) with
 * `require("x").name`, and ESM under Node, tsx and vitest has no `require`. Each becomes a hoisted namespace import
 * turned back into what `require` returned. The hosts disagree on a CommonJS module marked `__esModule` (all of
 * ajv's and ajv-formats' are): Node, tsx and esbuild (for a "type": "module" package) make `default` the whole
 * `module.exports`, vitest makes the namespace mirror `module.exports`, so `default` is `exports.default`.
 */
const cjsInterop = `const __cjs = (ns) => (ns.default && ns.default.__esModule ? ns.default : ns.__esModule || ns.default === undefined ? ns : ns.default);\n`;

function toEsModule(source: string, requireFromOut: NodeJS.Require, file: string): string {
  const imports = new Map<string, string>();
  const body = source.replace(requireCall, (_, literal: string) => {
    const specifier = esmSpecifier(JSON.parse(literal) as string, requireFromOut);
    if (!imports.has(specifier)) imports.set(specifier, `__dep${imports.size}`);
    return imports.get(specifier)!;
  });
  if (anyRequireCall.test(body)) throw new Error(`generated code still calls require(): ${body.match(anyRequireCall)?.[0]}`);
  if (!/\bexport default \w+;/.test(body)) throw new Error('ajv standalone output has no default export');
  const header = `// Generated by functions/domain/forms/validator-codegen.ts from ${file}: do not edit.\n`;
  const importLines = [...imports].map(([specifier, name]) => `import * as ${name}_ns from ${JSON.stringify(specifier)};\n`).join('');
  const modules = imports.size === 0 ? '' : cjsInterop + [...imports.values()].map((name) => `const ${name} = __cjs(${name}_ns);\n`).join('');
  return `${header}${importLines}${modules}${body.replace(/^"use strict";/, '')}\n`;
}

/** ajv and ajv-formats have no "exports" map, so Node's ESM resolver needs the file extension spelled out. */
function esmSpecifier(specifier: string, requireFromOut: NodeJS.Require): string {
  const resolved = requireFromOut.resolve(specifier);
  if (/\.[cm]?js$/.test(specifier)) return specifier;
  try {
    if (requireFromOut.resolve(`${specifier}.js`) === resolved) return `${specifier}.js`;
  } catch {
    // A package name ("fast-uri") resolves through its package.json: keep it.
  }
  return specifier;
}

function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  return (require(`${name}/package.json`) as { version: string }).version;
}

function indexSource(entries: readonly PrecompiledEntry[], usable: readonly PrecompiledEntry[]): string {
  const names = new Map(entries.map((entry, i) => [entry.module, `v${i}`]));
  const describe = (entry: PrecompiledEntry) => {
    const fields = Object.entries(entry).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    return `  Object.freeze({ ${[...fields, `validate: ${names.get(entry.module)}`].join(', ')} }),\n`;
  };
  return [
    '// Generated by functions/domain/forms/validator-codegen.ts: do not edit. Regenerate with `npx tsx scripts/precompile-validators.ts`.\n',
    ...entries.map((entry) => `import ${names.get(entry.module)} from ${JSON.stringify(`./${entry.module}`)};\n`),
    '\n',
    `/** ajvFingerprint() of the configuration these were compiled with. */\n`,
    `export const fingerprint = ${JSON.stringify(ajvFingerprint())};\n`,
    `export const generatedWith = Object.freeze(${JSON.stringify({ ajv: packageVersion('ajv'), 'ajv-formats': packageVersion('ajv-formats') })});\n`,
    '\n',
    'export const precompiledSchemas = Object.freeze([\n',
    ...entries.map(describe),
    ']);\n',
    '\n',
    '/** Schema version (content hash) -> standalone validate function. */\n',
    'export const validators = new Map([\n',
    ...usable.map((entry) => `  [${JSON.stringify(entry.version)}, ${names.get(entry.module)}],\n`),
    ']);\n',
  ].join('');
}

const declarations = `// Generated by functions/domain/forms/validator-codegen.ts: do not edit.
import type { ErrorObject } from 'ajv/dist/2020.js';

/** An ajv standalone validator: a ValidateFunction without the compiled schema environment (no .schema, .schemaEnv). */
export type PrecompiledValidateFunction = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export interface PrecompiledSchema {
  readonly kind: 'form' | 'agency-schema' | 'flag-condition';
  readonly agencyId?: string;
  readonly formId?: string;
  readonly flagId?: string;
  /** The schema file, relative to the forms directory; for a flag condition, with the pointer to its \`when\`. */
  readonly file: string;
  /** schemaVersion() of the file's text; for a flag condition, subschemaVersion() of its \`when\` (schema-version.ts). */
  readonly version: string;
  /** The generated module, relative to functions/domain/forms/generated/. */
  readonly module: string;
  readonly validate: PrecompiledValidateFunction;
}

export declare const fingerprint: string;
export declare const generatedWith: { readonly ajv: string; readonly 'ajv-formats': string };
export declare const precompiledSchemas: readonly PrecompiledSchema[];
export declare const validators: ReadonlyMap<string, PrecompiledValidateFunction>;
`;
