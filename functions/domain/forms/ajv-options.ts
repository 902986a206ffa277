import { createHash } from 'node:crypto';
import type { Ajv2020, KeywordDefinition, Options } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import vocabulary from '../../../form-schemas/caseforms-vocabulary.schema.json' with { type: 'json' };

/**
 * The one Ajv configuration. The runtime (validator.ts createAjv) and the build-time generator of standalone
 * validators (functions/domain/forms/validator-codegen.ts) both build their Ajv from here, so a precompiled validator
 * behaves exactly like one compiled at runtime.
 */

/** caseforms' own annotations live under this one keyword; ajv must know it to stay in strict mode. */
export const CASEFORMS_KEYWORD = 'x-caseforms';

// allErrors: the client must learn every failing field in one round trip. verbose: messages need field titles.
// strict, but only where strictness catches an author's typo (unknown keywords, ignored keywords): type-specific
// keywords without a matching `type`, tuples and union types are standard JSON Schema and stay allowed, so the
// official test suite passes. ownProperties: `required: ["constructor"]` must not be met by Object.prototype.
export const ajvOptions = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
  ownProperties: true,
} as const satisfies Options;

// The vocabulary's own schema checks every annotation when a form compiles: a typo under x-caseforms fails loudly.
const { $schema: _, $id: __, ...annotationSchema } = vocabulary;

const ANCHOR_KEYWORD = '$anchor';

const caseformsKeyword = { keyword: CASEFORMS_KEYWORD, schemaType: 'object', metaSchema: annotationSchema } as const;

/** Adds the formats and the x-caseforms keyword to an Ajv built with `ajvOptions` (plus, at build time, `code`). */
export function configureAjv<T extends Ajv2020>(ajv: T): T {
  ajvFormats.default(ajv);
  // A fresh copy each time: addKeyword stores the compiled meta-schema on the definition object it is given.
  ajv.addKeyword({ ...caseformsKeyword } as KeywordDefinition);
  // Ajv resolves $anchor but never declares it, so strict mode would refuse a standard 2020-12 keyword.
  ajv.addKeyword(ANCHOR_KEYWORD);
  return ajv;
}

/**
 * What the generated validators depend on besides the schema text: the options and the keyword's meta-schema.
 * Validators generated under another configuration are stale and must not be used.
 */
export function ajvFingerprint(): string {
  return createHash('sha256').update(JSON.stringify([ajvOptions, caseformsKeyword, ANCHOR_KEYWORD])).digest('hex').slice(0, 16);
}
