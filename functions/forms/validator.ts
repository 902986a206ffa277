import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ajvOptions, CASEFORMS_KEYWORD, configureAjv } from './ajv-options.ts';
import { appendPointer } from './json-pointer.ts';

/** One failing field: the RFC 6901 pointer into the submitted document and a readable message. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

export type Validation = { readonly valid: true } | { readonly valid: false; readonly errors: readonly FieldError[] };

export type SchemaValidator = (data: unknown) => Validation;

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
  return (data) => (validate(data) ? { valid: true } : { valid: false, errors: toFieldErrors(validate) });
}

function toFieldErrors(validate: ValidateLike): FieldError[] {
  const byPointer = new Map<string, FieldError>();
  for (const error of validate.errors ?? []) {
    // `if` only reports that a `then`/`else` branch failed; that branch's own errors name the fields.
    if (error.keyword === 'if') continue;
    const fieldError = toFieldError(error);
    const key = `${fieldError.pointer}\u0000${fieldError.message}`;
    if (!byPointer.has(key)) byPointer.set(key, fieldError);
  }
  return [...byPointer.values()];
}

function toFieldError(error: ErrorObject): FieldError {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as { title?: string; properties?: Record<string, { title?: string }> };
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired': {
      const name = String(params.missingProperty);
      const title = parent.properties?.[name]?.title ?? name;
      return { pointer: appendPointer(error.instancePath, name), message: `${title} is required` };
    }
    case 'additionalProperties':
      return {
        pointer: appendPointer(error.instancePath, String(params.additionalProperty)),
        message: 'is not a field of this form',
      };
    case 'unevaluatedProperties':
      return {
        pointer: appendPointer(error.instancePath, String(params.unevaluatedProperty)),
        message: 'is not a field of this form',
      };
    default: {
      const title = parent.title;
      return { pointer: error.instancePath, message: title ? `${title} ${error.message ?? 'is invalid'}` : error.message ?? 'is invalid' };
    }
  }
}
