import { createRequire } from 'node:module';

// The validator is CommonJS without types: it compiles the official R4 fhir.schema.json it ships with ajv 6.
export interface FhirSchemaValidator {
  /** Errors of the resource against the R4 schema; empty when it is valid. */
  validate(resource: unknown): unknown[];
}

/** A validator against the official FHIR R4 JSON Schema. Compiling it takes a couple of seconds: once per file. */
export function fhirR4Validator(): FhirSchemaValidator {
  const FhirValidator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator') as new () => FhirSchemaValidator;
  return new FhirValidator();
}
