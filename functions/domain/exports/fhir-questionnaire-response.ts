import { appendPointer } from '../../contracts/json-pointer.ts';
import { VERSION_PATTERN } from '../forms/form-versions.ts';
import { isPlainId } from '../../contracts/ids.ts';
import {
  FHIR_CODE, FHIR_DATE, FHIR_ID, fhirDateTime, isFhirInteger, isFhirString, urnPart,
  type QuestionnaireResponse, type QuestionnaireResponseAnswer, type QuestionnaireResponseItem, type Reference,
} from './fhir-r4.ts';
import { chosenOption, isObject, isScalar, schemaFields, type Labels, type Scalar, type SchemaField } from '../forms/schema-fields.ts';

/** One stored submission and the form version it was validated against. */
export interface SubmissionForFhir {
  /** The schema of `formVersion` (Form.schema of the version the submission recorded), not the current one. */
  readonly schema: Readonly<Record<string, unknown>>;
  readonly agencyId: string;
  readonly formId: string;
  readonly formVersion: string;
  readonly submissionId: string;
  readonly caseId: string;
  /** ISO 8601 with a time zone, as the service records it. */
  readonly receivedAt: string;
  /** The submitted JSON body. */
  readonly answers: unknown;
}

export interface QuestionnaireResponseOptions {
  /** Item texts and option displays in the reader's language (see Labels). */
  readonly labels?: Labels;
  /** The language of those words (BCP 47, e.g. `ar`): the resource's `language`. */
  readonly language?: string;
}

/** The shape of a BCP 47 tag (`es`, `ar`, `zh-Hant-TW`), which is what FHIR's `language` code holds. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

interface Context {
  readonly codeSystem: (pointer: string) => string;
}

/**
 * A submission as a FHIR R4 QuestionnaireResponse.
 *
 * - Everything is named under `urn:caseforms:<agency>:…`: caseforms publishes no FHIR server, so there is no URL to
 *   point at. The questionnaire is the form version (`urn:caseforms:<agency>:form:<form>|<version>`), the subject is
 *   the case by identifier only (a case is closest to an EpisodeOfCare, which caseforms does not serve).
 * - `linkId` is the field's JSON Pointer with array entries as `-`, so every entry of a repeating group shares the
 *   linkIds of its fields, as FHIR requires, and they match the form's translation keys.
 * - Answers are typed by the schema and the value: dates and date-times as such, integers (within FHIR's 32 bits) as
 *   `valueInteger`, other numbers as `valueDecimal`, coded answers as a Coding of the field's options
 *   (`urn:caseforms:<agency>:form:<form>:<pointer>`), text as `valueString`.
 * - An object is a group item; an array of scalars is one item with an answer each; an array of objects is one
 *   group item per entry. An array nested directly in an array becomes its JSON as a `valueString`.
 * - FHIR forbids empty values, so unanswered fields, blank text and empty objects or arrays are left out.
 * - Answers the schema does not declare are left out, except inside a free-form object (one without
 *   `properties`), whose keys become items named by their pointers.
 *
 * Throws a RangeError when an id, the version or the timestamp cannot be written in FHIR: those come from the
 * service, so that is a bug, not bad data.
 */
export function questionnaireResponse(submission: SubmissionForFhir, options: QuestionnaireResponseOptions = {}): QuestionnaireResponse {
  const { agencyId, formId, formVersion, submissionId, caseId, receivedAt, answers } = submission;
  if (!isPlainId(agencyId) || !isPlainId(formId)) throw new RangeError('agency and form ids must be plain ids');
  if (!VERSION_PATTERN.test(formVersion)) throw new RangeError('formVersion must be a form version (16 hex digits)');
  if (!FHIR_ID.test(submissionId)) throw new RangeError('submissionId is not a FHIR id ([A-Za-z0-9-.]{1,64})');
  if (!isFhirString(caseId)) throw new RangeError('caseId must not be blank');
  const authored = fhirDateTime(receivedAt);
  if (authored === undefined) throw new RangeError('receivedAt is not a date-time FHIR can express');
  if (options.language !== undefined && !LANGUAGE_TAG.test(options.language)) throw new RangeError('language must be a BCP 47 language tag');

  const form = schemaFields(submission.schema, options.labels);
  const context: Context = { codeSystem: (pointer) => `urn:caseforms:${agencyId}:form:${formId}:${urnPart(pointer)}` };
  const item = isObject(answers) ? objectItems(form, answers, context) : [];
  return {
    resourceType: 'QuestionnaireResponse',
    id: submissionId,
    ...(options.language !== undefined ? { language: options.language } : {}),
    identifier: { system: `urn:caseforms:${agencyId}:submission`, value: submissionId },
    questionnaire: `urn:caseforms:${agencyId}:form:${formId}|${formVersion}`,
    status: 'completed',
    subject: caseSubject(agencyId, caseId),
    authored,
    ...(item.length > 0 ? { item } : {}),
  };
}

/** The case every resource of a case's export is about, by identifier: the same reference in each of them. */
export function caseSubject(agencyId: string, caseId: string): Reference {
  return { identifier: { system: `urn:caseforms:${agencyId}:case`, value: caseId } };
}

function objectItems(field: SchemaField, value: Readonly<Record<string, unknown>>, context: Context): QuestionnaireResponseItem[] {
  const children = field.properties
    ? field.properties.filter((child) => Object.hasOwn(value, child.name))
    : Object.keys(value).map((key) => freeField(appendPointer(field.pointer, key), key));
  return children.flatMap((child) => fieldItems(child, value[child.name], context));
}

function fieldItems(field: SchemaField, value: unknown, context: Context): QuestionnaireResponseItem[] {
  if (Array.isArray(value)) return arrayItems(field, value, context);
  if (isObject(value)) {
    const item = objectItems(field, value, context);
    return item.length > 0 ? [{ linkId: field.pointer, ...text(field), item }] : [];
  }
  const answer = isScalar(value) ? scalarAnswer(field, value, context) : undefined;
  return answer ? [{ linkId: field.pointer, ...text(field), answer: [answer] }] : [];
}

function arrayItems(field: SchemaField, values: readonly unknown[], context: Context): QuestionnaireResponseItem[] {
  const entry = field.items ?? freeField(`${field.pointer}/-`, '-');
  const answer = values.flatMap((value): QuestionnaireResponseAnswer[] => {
    if (isScalar(value)) return [scalarAnswer(entry, value, context)].filter((a) => a !== undefined);
    return Array.isArray(value) && value.length > 0 ? [{ valueString: JSON.stringify(value) }] : [];
  });
  // A question item may not also hold items (qrs-1), so scalars and entries of a mixed array get separate items.
  const groups = values.filter(isObject).map((value) => objectItems(entry, value, context)).filter((item) => item.length > 0)
    .map((item): QuestionnaireResponseItem => ({ linkId: field.pointer, ...text(field), item }));
  return [...(answer.length > 0 ? [{ linkId: field.pointer, ...text(field), answer }] : []), ...groups];
}

function scalarAnswer(field: SchemaField, value: Scalar, context: Context): QuestionnaireResponseAnswer | undefined {
  // A yes/no stays a boolean even when its options are titled: valueBoolean says more than a code "true".
  if (typeof value === 'boolean') return { valueBoolean: value };
  const option = chosenOption(field, value);
  if (option && FHIR_CODE.test(String(value))) {
    const display = option.title !== undefined && isFhirString(option.title) ? { display: option.title } : {};
    return { valueCoding: { system: context.codeSystem(field.pointer), code: String(value), ...display } };
  }
  // A whole number the schema calls `number` is still a decimal; beyond 32 bits FHIR has only decimals.
  if (typeof value === 'number') return field.type !== 'number' && isFhirInteger(value) ? { valueInteger: value } : { valueDecimal: value };
  if (!isFhirString(value)) return undefined;
  if (field.format === 'date' && FHIR_DATE.test(value)) return { valueDate: value };
  const dateTime = field.format === 'date-time' ? fhirDateTime(value) : undefined;
  return dateTime !== undefined ? { valueDateTime: dateTime } : { valueString: value };
}

function text(field: SchemaField): { text?: string } {
  return field.title !== undefined && isFhirString(field.title) ? { text: field.title } : {};
}

/** A field the schema does not describe, inside a free-form object or array. */
function freeField(pointer: string, name: string): SchemaField {
  return { pointer, name, title: undefined, type: undefined, format: undefined, properties: undefined, items: undefined, options: undefined };
}
