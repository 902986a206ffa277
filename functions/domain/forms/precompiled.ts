import type { Ajv2020 } from 'ajv/dist/2020.js';
import { ajvFingerprint } from './ajv-options.ts';
// Written by scripts/precompile-validators.ts, which `npm test`, `npm start` and `cdk synth` run first.
// A static import, so esbuild bundles the validators into each function.
import { fingerprint, precompiledSchemas, validators, type PrecompiledValidateFunction } from './generated/validators.js';
import { subschemaVersion } from './schema-version.ts';

export type { PrecompiledSchema, PrecompiledValidateFunction } from './generated/validators.js';

/** False when the validators were generated under another Ajv configuration than this code's: none is used then. */
export const precompiledAreCurrent: boolean = fingerprint === ajvFingerprint();

/**
 * The validator generated at build time for the schema file whose version (content hash, schemaVersion) is
 * `version`, or undefined when that text was not precompiled (a schema changed since the build, a version published
 * earlier): compile it at runtime then.
 */
export function precompiledValidator(version: string): PrecompiledValidateFunction | undefined {
  return precompiledAreCurrent ? validators.get(version) : undefined;
}

/** The same for a schema inside a form file, such as a scoring flag's `when` condition. */
export function precompiledSubschemaValidator(schema: object): PrecompiledValidateFunction | undefined {
  return precompiledAreCurrent ? validators.get(subschemaVersion(schema)) : undefined;
}

/**
 * A compile function that takes the precompiled validator when there is one and only otherwise asks `ajv()`, so
 * the Ajv instance (whose creation compiles meta-schemas) need not exist when everything was precompiled.
 */
export function precompiledOrCompiled(ajv: () => Ajv2020): (schema: object) => PrecompiledValidateFunction {
  return (schema) => precompiledSubschemaValidator(schema) ?? ajv().compile(schema);
}

/** What was precompiled, for diagnostics. */
export { precompiledSchemas };
