import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ANY_RISK_FLAG } from './risk-flag-choices.ts';
import { LIFECYCLE } from './case-states.ts';
import { isLoincCode, LOINC } from './loinc.ts';
import { conditionProblems } from './lint-conditions.ts';
import { uploadFieldProblems } from './lint-upload-fields.ts';
import { undefinedTemplateFields } from './template-fields.ts';
import { appendPointer, valueAt } from '../../contracts/json-pointer.ts';
import { closestWord } from './closest-word.ts';
import { unknownKeywords, withoutKeywords } from './lint-keywords.ts';
import { exampleProblems } from './lint-examples.ts';
import type { Report } from './lint-problem.ts';
import type { Annotation } from './lint-annotation.ts';
import { unsafePatterns } from './pattern-safety.ts';
import { declaredRoles } from './form-roles.ts';
import { declaredIdentity } from './identity.ts';
import { CASEFORMS_KEYWORD, compileValidator, createAjv, type SchemaValidator } from './validator.ts';

const ROOT_ONLY = ['access', 'roles', 'identity', 'documents', 'transitions', 'reviewDue', 'noticePeriod', 'completesNotice', 'noticeServed', 'scoring'] as const;
type Json = Record<string, unknown>;

export interface FormContext {
  readonly agencyId: string;
  readonly templatesDir: string;
  readonly validateAnnotation: SchemaValidator;
  readonly report: Report;
}

/**
 * One form of a pack against JSON Schema 2020-12 and the caseforms vocabulary: references, patterns, examples, the
 * templates of its documents, scoring, transitions and the pointers its rules read. `file` is its path in the pack.
 */
export function lintForm(file: string, schema: Json, context: FormContext): void {
  const { report } = context;
  const ajv = createAjv();
  if (!ajv.validateSchema(schema)) {
    // The meta-schema's anyOf cascades say one mistake several ways at one place: one line per place, in plain words.
    const seen = new Set<string>();
    for (const error of ajv.errors ?? []) {
      if (seen.has(error.instancePath)) continue;
      seen.add(error.instancePath);
      report(file, error.instancePath, metaSchemaMessage(error.instancePath, valueAt(schema, error.instancePath), error.message));
    }
    // Misspelt keywords are found from the text alone: reported in the same run, not after the first fix.
    for (const { pointer, message } of unknownKeywords(schema, Object.keys(ajv.RULES.keywords))) report(file, pointer, message);
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
        reportErrors(report, file, at, checked.valid ? checked : { valid: false, errors: checked.errors.filter((error) => !/^\/(roles|identity)(\/|$)/.test(error.pointer)) });
        lintRoles(file, node[CASEFORMS_KEYWORD] as Annotation, report);
        lintIdentity(file, schema, node[CASEFORMS_KEYWORD] as Annotation, report);
      } else {
        reportErrors(report, file, at, checked);
      }
      if (pointer !== '') {
        for (const key of ROOT_ONLY) if (key in (node[CASEFORMS_KEYWORD] as object)) report(file, appendPointer(at, key), 'is allowed at the root of a form only');
      }
      const order = (node[CASEFORMS_KEYWORD] as Annotation).order ?? [];
      const declared = Object.keys((node.properties ?? {}) as object);
      order.forEach((name, index) => {
        if (!declared.includes(name)) report(file, appendPointer(appendPointer(at, 'order'), index), `"${name}" is not a property here`);
      });
    }
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (!ref.startsWith('#')) report(file, appendPointer(pointer, '$ref'), `only local references ("#/…") are supported: "${ref}"`);
      else if (valueAt(schema, decodeURIComponent(ref.slice(1))) === undefined) report(file, appendPointer(pointer, '$ref'), `"${ref}" does not resolve`);
    }
  });

  // Ajv runs patterns on a backtracking engine: one that can take exponential time would hang the submit function.
  for (const unsafe of unsafePatterns(schema)) report(file, unsafe.pointer, unsafe.message);

  // Strict mode stops at the first unknown keyword: all of them are reported here, and the rest of the schema is
  // compiled without them so that its other faults show in the same run. The service still refuses such a form.
  const unknown = unknownKeywords(schema, Object.keys(ajv.RULES.keywords));
  for (const { pointer, message } of unknown) report(file, pointer, message);
  let validate: SchemaValidator;
  try {
    validate = compileValidator(ajv, withoutKeywords(schema, unknown) as Json);
  } catch (error) {
    const message = (error as Error).message;
    // A broken annotation has been reported above at its own pointer; the compiler's words would repeat it at "/".
    if (!(annotationsBroken && message.startsWith(`keyword "${CASEFORMS_KEYWORD}" value is invalid`))) report(file, '', `does not compile: ${message}`);
    return;
  }

  for (const { pointer, message } of exampleProblems(validate, schema.examples)) report(file, pointer, message);

  const annotation = (schema[CASEFORMS_KEYWORD] ?? {}) as Annotation;
  lintDocuments(file, schema, annotation, context);
  lintScoring(file, schema, annotation, ajv, report);
  lintTransitions(file, annotation, report);
  lintTerminationPointers(file, schema, annotation, report);
  for (const problem of conditionProblems(schema)) report(file, problem.pointer, problem.message);
  for (const problem of uploadFieldProblems(schema)) report(file, problem.pointer, problem.message);
}

/** Each document's template exists (the agency's own or the default) and reads only fields the form defines. */
function lintDocuments(file: string, schema: Json, annotation: Annotation, { agencyId, templatesDir, report }: FormContext): void {
  (annotation.documents ?? []).forEach((document, index) => {
    const template = [agencyId, 'default'].map((folder) => join(templatesDir, folder, `${document}.hbs`)).find((path) => existsSync(path));
    if (!template) {
      report(file, `/${CASEFORMS_KEYWORD}/documents/${index}`, `no template "${document}.hbs" in templates/${agencyId}/ or templates/default/`);
      return;
    }
    let fields: ReturnType<typeof undefinedTemplateFields>;
    try {
      fields = undefinedTemplateFields(readFileSync(template, 'utf8'), schema);
    } catch {
      return; // A template that does not parse is reported at the template itself (lint-templates.ts).
    }
    for (const field of fields) {
      report(file, `/${CASEFORMS_KEYWORD}/documents/${index}`, `${relative(join(templatesDir, '..'), template)} reads {{${field.path}}}: ${field.message}`);
    }
  });
}

/** `x-caseforms.roles`: staff roles only, on staff forms only. */
function lintRoles(file: string, annotation: Annotation, report: Report): void {
  if (typeof annotation !== 'object' || annotation === null || !('roles' in annotation)) return;
  const access = annotation.access === 'public' || annotation.access === 'both' ? annotation.access : 'staff';
  const declared = declaredRoles(access, annotation.roles);
  if ('problem' in declared) report(file, `/${CASEFORMS_KEYWORD}/roles`, declared.problem);
}

/** `x-caseforms.identity`: known facts only, each at a field of the form, and the client's name among them. */
function lintIdentity(file: string, schema: Json, annotation: Annotation, report: Report): void {
  if (typeof annotation !== 'object' || annotation === null || !('identity' in annotation)) return;
  const access = annotation.access === 'public' || annotation.access === 'both' ? annotation.access : 'staff';
  const declared = declaredIdentity(schema, annotation.identity, access);
  if ('problems' in declared) for (const problem of declared.problems) report(file, `/${CASEFORMS_KEYWORD}/identity${problem.at}`, problem.message);
}

/** The termination rules read dates at these pointers: each must be a field of the form. */
function lintTerminationPointers(file: string, schema: Json, annotation: Annotation, report: Report): void {
  const pointers = { noticePeriod: annotation.noticePeriod, completesNotice: annotation.completesNotice, noticeServed: annotation.noticeServed };
  for (const [key, value] of Object.entries(pointers)) {
    for (const [name, pointer] of Object.entries(value ?? {})) {
      if (schemaAt(schema, pointer) === undefined) report(file, `/${CASEFORMS_KEYWORD}/${key}/${name}`, `"${pointer}" is not a field of this form`);
    }
  }
}

function lintTransitions(file: string, annotation: Annotation, report: Report): void {
  const transitions = annotation.transitions ?? [];
  if (transitions.length > 0 && (annotation.access === 'public' || annotation.access === 'both')) {
    report(file, `/${CASEFORMS_KEYWORD}/transitions`, 'public forms open cases; only staff forms move them');
  }
  transitions.forEach((transition, index) => {
    transition.from.forEach((from, fromIndex) => {
      if (!LIFECYCLE[from]?.includes(transition.to)) {
        report(file, `/${CASEFORMS_KEYWORD}/transitions/${index}/from/${fromIndex}`, `the lifecycle has no move from "${from}" to "${transition.to}"`);
      }
    });
  });
}

function lintScoring(file: string, schema: Json, annotation: Annotation, ajv: ReturnType<typeof createAjv>, report: Report): void {
  const at = `/${CASEFORMS_KEYWORD}/scoring`;
  (annotation.scoring?.scores ?? []).forEach((score, scoreIndex) => {
    score.sum.forEach((pointer, index) => {
      if (schemaAt(schema, pointer) === undefined) report(file, `${at}/scores/${scoreIndex}/sum/${index}`, `"${pointer}" is not a field of this form`);
    });
    if (score.code?.system === LOINC && !isLoincCode(score.code.code)) {
      report(file, `${at}/scores/${scoreIndex}/code/code`, `"${score.code.code}" is not a LOINC code (digits, a hyphen and the check digit, e.g. 44261-6)`);
    }
    const bands = score.bands ?? [];
    bands.forEach((band, index) => {
      const bandAt = `${at}/scores/${scoreIndex}/bands/${index}`;
      if (band.min > band.max) report(file, bandAt, `min ${band.min} is above max ${band.max}`);
      const previous = bands[index - 1];
      if (previous && band.min !== previous.max + 1) report(file, bandAt, `starts at ${band.min}; after a band ending at ${previous.max} it must start at ${previous.max + 1} (no gaps, no overlaps)`);
    });
  });
  (annotation.scoring?.flags ?? []).forEach((flag, index) => {
    if (flag.id === ANY_RISK_FLAG) report(file, `${at}/flags/${index}/id`, `"${ANY_RISK_FLAG}" is reserved: the case list's riskFlag=${ANY_RISK_FLAG} means any flag raised; name the flag for the risk it marks`);
    try {
      ajv.compile(flag.when);
    } catch (error) {
      report(file, `${at}/flags/${index}/when`, `does not compile: ${(error as Error).message}`);
    }
  });
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

/** A validator's errors, each at the file with the pointer they sit under. */
export function reportErrors(report: Report, file: string, prefix: string, result: ReturnType<SchemaValidator>): void {
  if (result.valid) return;
  for (const error of result.errors) report(file, `${prefix}${error.pointer}`, error.message);
}

const SCHEMA_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/** A meta-schema error in words an author acts on: a misspelt type gets the type meant. */
function metaSchemaMessage(pointer: string, value: unknown, message: string | undefined): string {
  if (/\/type(\/\d+)?$/.test(pointer) && typeof value === 'string') {
    const meant = closestWord(value, SCHEMA_TYPES);
    return `"${value}" is not a JSON Schema type${meant ? `: did you mean "${meant}"?` : ''} (the types are ${SCHEMA_TYPES.join(', ')})`;
  }
  return `${message ?? 'invalid'} (JSON Schema 2020-12)`;
}
