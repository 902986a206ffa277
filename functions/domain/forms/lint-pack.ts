import vocabulary from '../../../form-schemas/caseforms-vocabulary.schema.json' with { type: 'json' };
import { authorValidator } from './author-errors.ts';
import { titledFields } from './field-titles.ts';
import { clientWords } from './lint-translation-coverage.ts';
import { lifecycleProblems } from './lint-lifecycle.ts';
import { signatureProblems } from './lint-signatures.ts';
import { templateProblems } from './lint-templates.ts';
import { consentForm, providerRouteWarnings, type ConsentForm } from './lint-provider-routes.ts';
import { fieldMessageProblems } from './lint-messages.ts';
import { appendPointer, valueAt } from '../../contracts/json-pointer.ts';
import { lintBranding } from './lint-branding.ts';
import { withPositions } from './lint-positions.ts';
import { unknownTranslationKeys } from './lint-translation-keys.ts';
import { closestWord } from './closest-word.ts';
import type { ScoringAnnotation } from './scoring.ts';
import { lintForm, reportErrors } from './lint-form.ts';
import { isPublicForm, type Annotation } from './lint-annotation.ts';
import { parseJsonObject, problemList, type LintProblem, type Report } from './lint-problem.ts';
import { packFolder, type PackFiles } from './pack-files.ts';
import { CASEFORMS_KEYWORD, createAjv, type SchemaValidator } from './validator.ts';
import { repeatedKeyIds, repeatedKeysMessage, type StoredApiKey } from '../intake-access/api-keys.ts';

export { formatProblem, refusesPack, type LintProblem } from './lint-problem.ts';

type Json = Record<string, unknown>;

export interface PackLintContext {
  /** Where the document templates are (`templates/`): `<agency>/<name>.hbs`, else `default/<name>.hbs`. */
  readonly templatesDir: string;
  /** form-schemas/agency.schema.json, parsed. */
  readonly agencySchema: object;
}

/**
 * Every problem in one agency's pack, from its files alone: the repository folder, a studio draft and a published
 * version are linted the same way. `file` is the path inside the pack (`forms/intake.json`, `locales/es.json`,
 * `agency.json`), line and column are in that file's text. Templates are still read from `templatesDir`.
 */
export function lintPack(agencyId: string, files: PackFiles, context: PackLintContext): LintProblem[] {
  const { problems, report, warn } = problemList();
  const validators = validatorsFor(context.agencySchema);
  const agencyText = files.get('agency.json');
  const agency = agencyText === undefined ? report('agency.json', '', 'missing agency.json') : parseJsonObject('agency.json', agencyText, report);
  if (agency) lintAgency(agency, agencyId, validators.agency, report);

  const locales = Array.isArray(agency?.locales) ? (agency.locales as string[]).filter((locale) => locale !== agency?.defaultLocale) : [];
  const translations = new Map(locales.map((locale) => {
    const file = `locales/${locale}.json`;
    const text = files.get(file);
    const json = text === undefined ? report(file, '', `missing: agency.json lists the locale "${locale}"`) : parseJsonObject(file, text, report);
    return [file, json] as const;
  }));

  const forms = packFolder(files, 'forms');
  // A locale file's form that is no form of the pack (a misspelt id) would translate nothing, silently.
  const formIds = forms.map(([formId]) => formId);
  for (const [localeFile, json] of translations) {
    for (const formId of Object.keys((valueAt(json, '/forms') ?? {}) as Record<string, unknown>)) {
      if (formIds.includes(formId)) continue;
      const meant = closestWord(formId, formIds);
      report(localeFile, appendPointer('/forms', formId), `"${formId}" is not a form of this pack${meant ? `: did you mean "${meant}"?` : ''}`);
    }
  }
  const consentForms: ConsentForm[] = [];
  const annotatedForms: Array<{ formId: string; annotation: Annotation }> = [];
  let unreadable = false;
  for (const [formId, text] of forms) {
    const file = `forms/${formId}.json`;
    const schema = parseJsonObject(file, text, report);
    if (!schema) {
      unreadable = true;
      continue;
    }
    lintForm(file, schema, { agencyId, templatesDir: context.templatesDir, validateAnnotation: validators.annotation, report });
    const annotation = (schema[CASEFORMS_KEYWORD] ?? {}) as Annotation;
    const consent = consentForm(formId, schema, annotation.access, annotation.releaseOfInformation);
    if (consent) consentForms.push(consent);
    if (typeof annotation === 'object' && annotation !== null) annotatedForms.push({ formId, annotation });
    for (const found of fieldMessageProblems(file, schema, formId, isPublicForm(annotation), translations)) report(found.file, found.pointer, found.message);
    if (isPublicForm(annotation)) {
      for (const [localeFile, json] of translations) lintTranslation(localeFile, json, formId, schema, report);
    }
    for (const [localeFile, json] of translations) {
      const fields = valueAt(json, `/forms/${formId}/fields`);
      if (typeof fields !== 'object' || fields === null) continue;
      for (const { key, message } of unknownTranslationKeys(schema, annotation.scoring as ScoringAnnotation | undefined, Object.keys(fields))) {
        report(localeFile, appendPointer(`/forms/${formId}/fields`, key), message);
      }
    }
  }
  // Until every form reads as JSON, what the pack's forms can do is unknown: its syntax error is the problem to fix.
  if (!unreadable) for (const { file, pointer, message } of lifecycleProblems(annotatedForms)) report(file, pointer, message);
  if (!unreadable && agency) for (const { pointer, message } of signatureProblems(agency, annotatedForms)) report('agency.json', pointer, message);
  if (agency) for (const { pointer, message } of providerRouteWarnings(agency, consentForms)) warn('agency.json', pointer, message);
  // Template files are not the pack's: their problems carry their own place, `templates/…` with line and column.
  const templates = templateProblems(context.templatesDir, agencyId).map((problem) => ({ severity: 'error' as const, ...problem }));
  return [...withPositions(problems, (file) => files.get(file)), ...templates];
}

function lintAgency(agency: Json, agencyId: string, validateAgency: SchemaValidator, report: Report): void {
  reportErrors(report, 'agency.json', '', validateAgency(agency));
  if (agency.id !== agencyId) report('agency.json', '/id', `must equal the folder name "${agencyId}"`);
  for (const { pointer, message } of lintBranding(agency)) report('agency.json', pointer, message);
  const apiKeys = (agency as { intake?: { apiKeys?: unknown } }).intake?.apiKeys;
  const repeated = Array.isArray(apiKeys) ? repeatedKeyIds(apiKeys as StoredApiKey[]) : [];
  if (repeated.length > 0) report('agency.json', '/intake/apiKeys', repeatedKeysMessage(repeated));
}

function lintTranslation(file: string, json: Json | undefined, formId: string, schema: Json, report: Report): void {
  if (!json) return;
  const form = valueAt(json, `/forms/${formId}`) as { title?: unknown; fields?: Record<string, unknown> } | undefined;
  if (typeof form?.title !== 'string') report(file, `/forms/${formId}/title`, `missing translation of "${String(schema.title)}"`);
  for (const [pointer, title] of titledFields(schema)) {
    if (typeof form?.fields?.[pointer] !== 'string') {
      report(file, appendPointer(`/forms/${formId}/fields`, pointer), `missing translation of "${title}"`);
    }
  }
  const words = clientWords(schema);
  if (words.description !== undefined && typeof (form as { description?: unknown } | undefined)?.description !== 'string') {
    report(file, `/forms/${formId}/description`, `missing translation of the form's description "${words.description}"`);
  }
  for (const [key, text] of words.options) {
    if (typeof form?.fields?.[key] !== 'string') report(file, appendPointer(`/forms/${formId}/fields`, key), `missing translation of the choice "${text}"`);
  }
  for (const [key, text] of words.help) {
    if (typeof form?.fields?.[key] !== 'string') report(file, appendPointer(`/forms/${formId}/fields`, key), `missing translation of the help "${text}"`);
  }
}

interface Validators {
  readonly agency: SchemaValidator;
  readonly annotation: SchemaValidator;
}

/**
 * Route names the code knows besides document types (a template's name), which the agency schema cannot list: the
 * events of delivery/routing.ts and the intake receipt. Written out because forms/ may not import delivery/ or
 * cases/ (they import forms/); test/unit/lint-misplaced-keys.test.ts keeps the two lists the same.
 */
export const EVENT_ROUTES: readonly string[] = ['risk-alert', 'review-reminder', 'case-assigned', 'note-follow-up', 'signing-reminder', 'receipt'];
const AGENCY_OPEN_KEYS = { 'delivery.routes': EVENT_ROUTES };

// Compiling the agency schema and the vocabulary takes longer than linting a pack: once per agency schema object.
const compiled = new WeakMap<object, Validators>();

function validatorsFor(agencySchema: object): Validators {
  let validators = compiled.get(agencySchema);
  if (!validators) {
    const ajv = createAjv();
    const { $schema: _, $id: __, ...annotationSchema } = vocabulary;
    validators = { agency: authorValidator(ajv, agencySchema, AGENCY_OPEN_KEYS), annotation: authorValidator(ajv, annotationSchema) };
    compiled.set(agencySchema, validators);
  }
  return validators;
}
