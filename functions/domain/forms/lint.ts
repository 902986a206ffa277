import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import vocabulary from '../../../form-schemas/caseforms-vocabulary.schema.json' with { type: 'json' };
import { ANY_RISK_FLAG } from './risk-flag-choices.ts';
import { LIFECYCLE, type CaseState } from './case-states.ts';
import { isLoincCode, LOINC } from './loinc.ts';
import { authorValidator } from './author-errors.ts';
import { titledFields } from './field-titles.ts';
import { conditionProblems } from './lint-conditions.ts';
import { fieldMessageProblems } from './lint-messages.ts';
import { undefinedTemplateFields } from './template-fields.ts';
import { appendPointer, valueAt } from './json-pointer.ts';
import { lintBranding } from './lint-branding.ts';
import { withPositions } from './lint-positions.ts';
import { unknownKeywords, withoutKeywords } from './lint-keywords.ts';
import { exampleProblems } from './lint-examples.ts';
import { unknownTranslationKeys } from './lint-translation-keys.ts';
import { closestWord } from './closest-word.ts';
import type { ScoringAnnotation } from './scoring.ts';
import { unsafePatterns } from './pattern-safety.ts';
import { declaredRoles } from './form-roles.ts';
import { declaredIdentity } from './identity.ts';
import { CASEFORMS_KEYWORD, compileValidator, createAjv, type SchemaValidator } from './validator.ts';
import { repeatedKeyIds, repeatedKeysMessage, type StoredApiKey } from '../intake-access/api-keys.ts';

/** One problem in a pack, printed as `file:line:column /json/pointer message` (no line for a file that is missing). */
export interface LintProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export function formatProblem(problem: LintProblem): string {
  const place = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${place} ${problem.pointer || '/'} ${problem.message}`;
}

interface Annotation {
  access?: string;
  roles?: unknown;
  identity?: unknown;
  transitions?: Array<{ from: CaseState[]; to: CaseState }>;
  documents?: string[];
  order?: string[];
  noticePeriod?: { effectiveDate: string };
  completesNotice?: { otherChannel: string; completedOn: string; servedOn: string };
  noticeServed?: { servedOn: string; channel: string };
  scoring?: {
    scores?: Array<{ id: string; sum: string[]; code?: { system: string; code: string }; bands?: Array<{ min: number; max: number; label: string }> }>;
    flags?: Array<{ id: string; when: object }>;
  };
}

const ROOT_ONLY = ['access', 'roles', 'identity', 'documents', 'transitions', 'reviewDue', 'noticePeriod', 'completesNotice', 'noticeServed', 'scoring'] as const;
type Json = Record<string, unknown>;

/**
 * Everything a deploy would regret, checked before it: config and schemas against their meta-schemas, the caseforms
 * vocabulary, references, examples, templates, translations and scoring rules. Reads files only.
 */
export function lintForms(formsDir: string, templatesDir: string): LintProblem[] {
  const problems: LintProblem[] = [];
  const ajv = createAjv();
  const validateAgency = authorValidator(ajv, readJson(join(formsDir, 'agency.schema.json'), formsDir, problems) ?? {});
  const { $schema: _, $id: __, ...annotationSchema } = vocabulary;
  const validateAnnotation = authorValidator(ajv, annotationSchema);
  for (const entry of readdirSync(formsDir, { withFileTypes: true })) {
    if (entry.isDirectory()) lintPack(join(formsDir, entry.name), entry.name, { formsDir, templatesDir, validateAgency, validateAnnotation, problems });
  }
  return withPositions(problems, join(formsDir, '..'));
}

interface Context {
  readonly formsDir: string;
  readonly templatesDir: string;
  readonly validateAgency: SchemaValidator;
  readonly validateAnnotation: SchemaValidator;
  readonly problems: LintProblem[];
}

function lintPack(dir: string, agencyId: string, context: Context): void {
  const { problems, formsDir } = context;
  const agencyFile = join(dir, 'agency.json');
  const agency = existsSync(agencyFile) ? readJson(agencyFile, formsDir, problems) : report(problems, formsDir, agencyFile, '', 'missing agency.json');
  if (agency) {
    pushErrors(problems, formsDir, agencyFile, '', context.validateAgency(agency));
    if (agency.id !== agencyId) report(problems, formsDir, agencyFile, '/id', `must equal the folder name "${agencyId}"`);
    for (const { pointer, message } of lintBranding(agency)) report(problems, formsDir, agencyFile, pointer, message);
    const apiKeys = (agency as { intake?: { apiKeys?: unknown } }).intake?.apiKeys;
    const repeated = Array.isArray(apiKeys) ? repeatedKeyIds(apiKeys as StoredApiKey[]) : [];
    if (repeated.length > 0) report(problems, formsDir, agencyFile, '/intake/apiKeys', repeatedKeysMessage(repeated));
  }
  const locales = Array.isArray(agency?.locales) ? (agency.locales as string[]).filter((locale) => locale !== agency?.defaultLocale) : [];
  const translations = new Map(locales.map((locale) => {
    const file = join(dir, 'locales', `${locale}.json`);
    const json = existsSync(file) ? readJson(file, formsDir, problems) : report(problems, formsDir, file, '', `missing: agency.json lists the locale "${locale}"`);
    return [file, json] as const;
  }));

  const formsFolder = join(dir, 'forms');
  const files = existsSync(formsFolder) ? readdirSync(formsFolder).filter((name) => name.endsWith('.json')).sort() : [];
  // A locale file's form that is no form of the pack (a misspelt id) would translate nothing, silently.
  const formIds = files.map((file) => file.slice(0, -'.json'.length));
  for (const [localeFile, json] of translations) {
    for (const formId of Object.keys((valueAt(json, '/forms') ?? {}) as Record<string, unknown>)) {
      if (formIds.includes(formId)) continue;
      const meant = closestWord(formId, formIds);
      report(problems, formsDir, localeFile, appendPointer('/forms', formId), `"${formId}" is not a form of this pack${meant ? `: did you mean "${meant}"?` : ''}`);
    }
  }
  for (const file of files) {
    const path = join(formsFolder, file);
    const schema = readJson(path, formsDir, problems);
    if (!schema) continue;
    const formId = file.slice(0, -'.json'.length);
    lintForm(path, agencyId, schema, context);
    const annotation = (schema[CASEFORMS_KEYWORD] ?? {}) as Annotation;
    for (const found of fieldMessageProblems(path, schema, formId, annotation.access === 'public' || annotation.access === 'both', translations)) report(problems, formsDir, found.file, found.pointer, found.message);
    if (annotation.access === 'public' || annotation.access === 'both') {
      for (const [localeFile, json] of translations) lintTranslation(localeFile, json, formId, schema, context);
    }
    for (const [localeFile, json] of translations) {
      const fields = valueAt(json, `/forms/${formId}/fields`);
      if (typeof fields !== 'object' || fields === null) continue;
      for (const { key, message } of unknownTranslationKeys(schema, annotation.scoring as ScoringAnnotation | undefined, Object.keys(fields))) {
        report(problems, formsDir, localeFile, appendPointer(`/forms/${formId}/fields`, key), message);
      }
    }
  }
}

function lintForm(path: string, agencyId: string, schema: Json, context: Context): void {
  const { problems, formsDir } = context;
  const ajv = createAjv();
  if (!ajv.validateSchema(schema)) {
    for (const error of ajv.errors ?? []) report(problems, formsDir, path, error.instancePath, `${error.message ?? 'invalid'} (JSON Schema 2020-12)`);
    return;
  }
  let annotationsBroken = false;
  walk(schema, '', (node, pointer) => {
    if (CASEFORMS_KEYWORD in node) {
      const at = appendPointer(pointer, CASEFORMS_KEYWORD);
      const checked = context.validateAnnotation(node[CASEFORMS_KEYWORD]);
      annotationsBroken ||= !checked.valid;
      if (pointer === '') {
        // Roles and identity are reported once, in the words of form-roles.ts and identity.ts (the runtime refuses the
        // form for the same reasons).
        pushErrors(problems, formsDir, path, at, checked.valid ? checked : { valid: false, errors: checked.errors.filter((error) => !/^\/(roles|identity)(\/|$)/.test(error.pointer)) });
        lintRoles(path, node[CASEFORMS_KEYWORD] as Annotation, context);
        lintIdentity(path, schema, node[CASEFORMS_KEYWORD] as Annotation, context);
      } else {
        pushErrors(problems, formsDir, path, at, checked);
      }
      if (pointer !== '') {
        for (const key of ROOT_ONLY) if (key in (node[CASEFORMS_KEYWORD] as object)) report(problems, formsDir, path, appendPointer(at, key), 'is allowed at the root of a form only');
      }
      const order = (node[CASEFORMS_KEYWORD] as Annotation).order ?? [];
      const declared = Object.keys((node.properties ?? {}) as object);
      order.forEach((name, index) => {
        if (!declared.includes(name)) report(problems, formsDir, path, appendPointer(appendPointer(at, 'order'), index), `"${name}" is not a property here`);
      });
    }
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (!ref.startsWith('#')) report(problems, formsDir, path, appendPointer(pointer, '$ref'), `only local references ("#/…") are supported: "${ref}"`);
      else if (valueAt(schema, decodeURIComponent(ref.slice(1))) === undefined) report(problems, formsDir, path, appendPointer(pointer, '$ref'), `"${ref}" does not resolve`);
    }
  });

  // Ajv runs patterns on a backtracking engine: one that can take exponential time would hang the submit function.
  for (const unsafe of unsafePatterns(schema)) report(problems, formsDir, path, unsafe.pointer, unsafe.message);

  // Strict mode stops at the first unknown keyword: all of them are reported here, and the rest of the schema is
  // compiled without them so that its other faults show in the same run. The service still refuses such a form.
  const unknown = unknownKeywords(schema, Object.keys(ajv.RULES.keywords));
  for (const { pointer, message } of unknown) report(problems, formsDir, path, pointer, message);
  let validate: SchemaValidator;
  try {
    validate = compileValidator(ajv, withoutKeywords(schema, unknown) as Json);
  } catch (error) {
    const message = (error as Error).message;
    // A broken annotation has been reported above at its own pointer; the compiler's words would repeat it at "/".
    if (!(annotationsBroken && message.startsWith(`keyword "${CASEFORMS_KEYWORD}" value is invalid`))) report(problems, formsDir, path, '', `does not compile: ${message}`);
    return;
  }

  for (const { pointer, message } of exampleProblems(validate, schema.examples)) report(problems, formsDir, path, pointer, message);

  const annotation = (schema[CASEFORMS_KEYWORD] ?? {}) as Annotation;
  (annotation.documents ?? []).forEach((document, index) => {
    const template = [agencyId, 'default'].map((folder) => join(context.templatesDir, folder, `${document}.hbs`)).find((file) => existsSync(file));
    if (!template) {
      report(problems, formsDir, path, `/${CASEFORMS_KEYWORD}/documents/${index}`, `no template "${document}.hbs" in templates/${agencyId}/ or templates/default/`);
      return;
    }
    for (const field of undefinedTemplateFields(readFileSync(template, 'utf8'), schema)) {
      report(problems, formsDir, path, `/${CASEFORMS_KEYWORD}/documents/${index}`, `${relative(join(context.templatesDir, '..'), template)} reads {{${field.path}}}: ${field.message}`);
    }
  });
  lintScoring(path, schema, annotation, ajv, context);
  lintTransitions(path, annotation, context);
  lintTerminationPointers(path, schema, annotation, context);
  for (const problem of conditionProblems(schema)) report(problems, formsDir, path, problem.pointer, problem.message);
}

/** `x-caseforms.roles`: staff roles only, on staff forms only. */
function lintRoles(path: string, annotation: Annotation, { problems, formsDir }: Context): void {
  if (typeof annotation !== 'object' || annotation === null || !('roles' in annotation)) return;
  const access = annotation.access === 'public' || annotation.access === 'both' ? annotation.access : 'staff';
  const declared = declaredRoles(access, annotation.roles);
  if ('problem' in declared) report(problems, formsDir, path, `/${CASEFORMS_KEYWORD}/roles`, declared.problem);
}

/** `x-caseforms.identity`: known facts only, each at a field of the form, and the client's name among them. */
function lintIdentity(path: string, schema: Json, annotation: Annotation, { problems, formsDir }: Context): void {
  if (typeof annotation !== 'object' || annotation === null || !('identity' in annotation)) return;
  const access = annotation.access === 'public' || annotation.access === 'both' ? annotation.access : 'staff';
  const declared = declaredIdentity(schema, annotation.identity, access);
  if ('problems' in declared) for (const problem of declared.problems) report(problems, formsDir, path, `/${CASEFORMS_KEYWORD}/identity${problem.at}`, problem.message);
}

/** The termination rules read dates at these pointers: each must be a field of the form. */
function lintTerminationPointers(path: string, schema: Json, annotation: Annotation, { problems, formsDir }: Context): void {
  const pointers = { noticePeriod: annotation.noticePeriod, completesNotice: annotation.completesNotice, noticeServed: annotation.noticeServed };
  for (const [key, value] of Object.entries(pointers)) {
    for (const [name, pointer] of Object.entries(value ?? {})) {
      if (schemaAt(schema, pointer) === undefined) report(problems, formsDir, path, `/${CASEFORMS_KEYWORD}/${key}/${name}`, `"${pointer}" is not a field of this form`);
    }
  }
}

function lintTransitions(path: string, annotation: Annotation, { problems, formsDir }: Context): void {
  const transitions = annotation.transitions ?? [];
  if (transitions.length > 0 && (annotation.access === 'public' || annotation.access === 'both')) {
    report(problems, formsDir, path, `/${CASEFORMS_KEYWORD}/transitions`, 'public forms open cases; only staff forms move them');
  }
  transitions.forEach((transition, index) => {
    transition.from.forEach((from, fromIndex) => {
      if (!LIFECYCLE[from]?.includes(transition.to)) {
        report(problems, formsDir, path, `/${CASEFORMS_KEYWORD}/transitions/${index}/from/${fromIndex}`, `the lifecycle has no move from "${from}" to "${transition.to}"`);
      }
    });
  });
}

function lintScoring(path: string, schema: Json, annotation: Annotation, ajv: ReturnType<typeof createAjv>, context: Context): void {
  const { problems, formsDir } = context;
  const at = `/${CASEFORMS_KEYWORD}/scoring`;
  (annotation.scoring?.scores ?? []).forEach((score, scoreIndex) => {
    score.sum.forEach((pointer, index) => {
      if (schemaAt(schema, pointer) === undefined) report(problems, formsDir, path, `${at}/scores/${scoreIndex}/sum/${index}`, `"${pointer}" is not a field of this form`);
    });
    if (score.code?.system === LOINC && !isLoincCode(score.code.code)) {
      report(problems, formsDir, path, `${at}/scores/${scoreIndex}/code/code`, `"${score.code.code}" is not a LOINC code (digits, a hyphen and the check digit, e.g. 44261-6)`);
    }
    const bands = score.bands ?? [];
    bands.forEach((band, index) => {
      const bandAt = `${at}/scores/${scoreIndex}/bands/${index}`;
      if (band.min > band.max) report(problems, formsDir, path, bandAt, `min ${band.min} is above max ${band.max}`);
      const previous = bands[index - 1];
      if (previous && band.min !== previous.max + 1) report(problems, formsDir, path, bandAt, `starts at ${band.min}; after a band ending at ${previous.max} it must start at ${previous.max + 1} (no gaps, no overlaps)`);
    });
  });
  (annotation.scoring?.flags ?? []).forEach((flag, index) => {
    if (flag.id === ANY_RISK_FLAG) report(problems, formsDir, path, `${at}/flags/${index}/id`, `"${ANY_RISK_FLAG}" is reserved: the case list's riskFlag=${ANY_RISK_FLAG} means any flag raised; name the flag for the risk it marks`);
    try {
      ajv.compile(flag.when);
    } catch (error) {
      report(problems, formsDir, path, `${at}/flags/${index}/when`, `does not compile: ${(error as Error).message}`);
    }
  });
}

function lintTranslation(file: string, json: Json | undefined, formId: string, schema: Json, context: Context): void {
  if (!json) return;
  const { problems, formsDir } = context;
  const form = valueAt(json, `/forms/${formId}`) as { title?: unknown; fields?: Record<string, unknown> } | undefined;
  if (typeof form?.title !== 'string') report(problems, formsDir, file, `/forms/${formId}/title`, `missing translation of "${String(schema.title)}"`);
  for (const [pointer, title] of titledFields(schema)) {
    if (typeof form?.fields?.[pointer] !== 'string') {
      report(problems, formsDir, file, appendPointer(`/forms/${formId}/fields`, pointer), `missing translation of "${title}"`);
    }
  }
}

/** The schema of the field a data pointer addresses, through `properties` only. */
function schemaAt(schema: Json, dataPointer: string): unknown {
  const tokens = dataPointer.split('/').slice(1);
  return valueAt(schema, tokens.map((token) => `/properties/${token}`).join(''));
}

function walk(node: unknown, pointer: string, visit: (node: Json, pointer: string) => void): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, appendPointer(pointer, index), visit));
    return;
  }
  visit(node as Json, pointer);
  for (const [key, child] of Object.entries(node)) {
    // Examples are data, and caseforms annotations are checked against their own schema above.
    if (key === 'examples' || key === CASEFORMS_KEYWORD || key === 'const' || key === 'enum' || key === 'default') continue;
    walk(child, appendPointer(pointer, key), visit);
  }
}

function readJson(path: string, formsDir: string, problems: LintProblem[]): Json | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    return report(problems, formsDir, path, '', 'must be a JSON object');
  } catch (error) {
    return report(problems, formsDir, path, '', `is not valid JSON: ${(error as Error).message}`);
  }
}

function pushErrors(problems: LintProblem[], formsDir: string, file: string, prefix: string, result: ReturnType<SchemaValidator>): void {
  if (result.valid) return;
  for (const error of result.errors) report(problems, formsDir, file, `${prefix}${error.pointer}`, error.message);
}

function report(problems: LintProblem[], formsDir: string, file: string, pointer: string, message: string): undefined {
  problems.push({ file: relative(join(formsDir, '..'), file), pointer, message });
  return undefined;
}
