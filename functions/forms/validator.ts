import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ajvOptions, CASEFORMS_KEYWORD, configureAjv } from './ajv-options.ts';
import { ENGLISH, fieldPointer, localizeMessages, phrasesFor, type ErrorLanguage } from './error-language.ts';
import { appendPointer } from './json-pointer.ts';

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
  const errors = (validate.errors ?? []).map((error) => ({ ...error }));
  localizeMessages(errors, language.locale);
  const unique = new Map<string, FieldError>();
  for (const error of errors) {
    // `if` only reports that a `then`/`else` branch failed; that branch's own errors name the fields.
    if (error.keyword === 'if') continue;
    const fieldError = toFieldError(error, language);
    unique.set(`${fieldError.pointer}\u0000${fieldError.message}`, fieldError);
  }
  return [...unique.values()];
}

function toFieldError(error: ErrorObject, language: ErrorLanguage): FieldError {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as { title?: string; properties?: Record<string, { title?: string }> };
  const phrases = phrasesFor(language.locale);
  const titleAt = (pointer: string, fallback: string | undefined) => language.title(fieldPointer(pointer)) ?? fallback;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired': {
      const name = String(params.missingProperty);
      const pointer = appendPointer(error.instancePath, name);
      return { pointer, message: phrases.required(titleAt(pointer, parent.properties?.[name]?.title) ?? name) };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return { pointer: appendPointer(error.instancePath, name), message: phrases.notAField };
    }
    default: {
      // A box that must be ticked (consent): "must be equal to constant" would tell a client nothing.
      if (error.keyword === 'const' && params.allowedValue === true) {
        return { pointer: error.instancePath, message: phrases.mustAgree(titleAt(error.instancePath, parent.title) ?? error.instancePath) };
      }
      const message = error.message ?? 'is invalid';
      const title = titleAt(error.instancePath, parent.title);
      return { pointer: error.instancePath, message: title ? phrases.field(title, message) : message };
    }
  }
}
