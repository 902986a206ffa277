import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ajvOptions, CASEFORMS_KEYWORD, configureAjv } from './ajv-options.ts';
import { ENGLISH, fieldPointer, type ErrorLanguage } from './error-language.ts';
import { errorMessagesFor } from './error-messages/index.ts';
import { messageKeyword, plainText } from './plain-message.ts';
import { appendPointer } from '../../contracts/json-pointer.ts';

/** One failing field: the RFC 6901 pointer into the submitted document and a readable message. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

export type Validation = { readonly valid: true } | { readonly valid: false; readonly errors: readonly FieldError[] };

/** Validates data; errors come in the given language (English by default) under the field titles. */
export type SchemaValidator = (data: unknown, language?: ErrorLanguage) => Validation;

export { CASEFORMS_KEYWORD };

/** The options, formats and x-caseforms keyword live in ajv-options.ts, shared with the precompiled validators. */
export function createAjv(): Ajv2020 {
  return configureAjv(new Ajv2020(ajvOptions));
}

export function compileValidator(ajv: Ajv2020, schema: object): SchemaValidator {
  return toSchemaValidator(ajv.compile(schema));
}

/** What a SchemaValidator needs of an Ajv validate function: one compiled now, or a standalone one from the build. */
export type ValidateLike = ((data: unknown) => boolean) & Pick<ValidateFunction, 'errors'>;

export function toSchemaValidator(validate: ValidateLike): SchemaValidator {
  return (data, language = ENGLISH) => (validate(data) ? { valid: true } : { valid: false, errors: toFieldErrors(validate, language) });
}

function toFieldErrors(validate: ValidateLike, language: ErrorLanguage): FieldError[] {
  const errors = validate.errors ?? [];
  const alternatives = errors.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf');
  const unique = new Map<string, FieldError>();
  for (const error of errors) {
    // `if` only reports that a `then`/`else` branch failed; that branch's own errors name the fields.
    if (error.keyword === 'if') continue;
    // A failed oneOf/anyOf says what to do in one message; its branches' errors ("must be equal to constant", three
    // times for three options) contradict each other.
    if (alternatives.some((alternative) => alternative !== error && isInside(error, alternative))) continue;
    const fieldError = toFieldError(error, language);
    unique.set(`${fieldError.pointer}\u0000${fieldError.message}`, fieldError);
  }
  return [...unique.values()];
}

function isInside(error: ErrorObject, alternative: ErrorObject): boolean {
  return error.schemaPath.startsWith(`${alternative.schemaPath}/`) && (error.instancePath + '/').startsWith(`${alternative.instancePath}/`);
}

/** The pointer an error is about: a missing or unexpected property's own, else the value's. */
function errorPointer(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return appendPointer(error.instancePath, String(params.missingProperty));
    case 'additionalProperties':
      return appendPointer(error.instancePath, String(params.additionalProperty));
    case 'unevaluatedProperties':
      return appendPointer(error.instancePath, String(params.unevaluatedProperty));
    default:
      return error.instancePath;
  }
}

/** The title the schema itself gives the field, where the language has none (a field reached through `then`). */
function schemaTitle(error: ErrorObject): string | undefined {
  const parent = (error.parentSchema ?? {}) as { title?: unknown; properties?: Record<string, { title?: unknown }> };
  const title = error.keyword === 'required' || error.keyword === 'dependentRequired'
    ? parent.properties?.[String((error.params as Record<string, unknown>).missingProperty)]?.title
    : parent.title;
  return typeof title === 'string' ? title : undefined;
}

function toFieldError(error: ErrorObject, language: ErrorLanguage): FieldError {
  const pointer = errorPointer(error);
  const messages = errorMessagesFor(language.locale);
  // A property the form does not define has no title, and a pack cannot word a message for it.
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') return { pointer, message: sentence(messages.notAsked) };
  const field = fieldPointer(pointer);
  const text = language.message(field, messageKeyword(error)) ?? plainText(error, messages);
  const title = language.title(field) ?? schemaTitle(error);
  return { pointer, message: title ? messages.joinTitle(title, text) : sentence(text) };
}

/** A text standing alone starts with a capital: "Enter a date, such as 2026-03-31". */
function sentence(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
