import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { closestWord } from './closest-word.ts';
import { appendPointer } from '../../contracts/json-pointer.ts';
import { keyPlaces, misplacedKeyHint, placeOfSchemaPath, type KeyPlaces } from './lint-misplaced-keys.ts';
import type { SchemaValidator, ValidateLike } from './validator.ts';

/**
 * A validator for what agency staff write (agency.json, x-caseforms annotations), not what clients answer: its
 * messages keep ajv's precise words ("must be equal to one of the allowed values: public, staff, both"), which
 * an author fixing a file needs and a client filling a form must never read.
 */
export function authorValidator(ajv: Ajv2020, schema: object, openKeys: Readonly<Record<string, readonly string[]>> = {}): SchemaValidator {
  return authorValidatorOf(ajv.compile(schema), keyPlaces(schema, openKeys));
}

/**
 * The same for a validate function already made, such as the agency schema's precompiled one. With `places` (where
 * each key is known), a key unknown where it stands but known in one other place is sent there.
 */
export function authorValidatorOf(validate: ValidateLike, places: KeyPlaces = new Map()): SchemaValidator {
  return (data) => (validate(data) ? { valid: true } : { valid: false, errors: (validate.errors ?? []).filter((error) => error.keyword !== 'if').map((error) => authorError(error, places)) });
}

function authorError(error: ErrorObject, places: KeyPlaces): { pointer: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const meant = closestWord(key, Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}));
      // A near spelling of a key known here is the likelier slip; only then a key written in the wrong place.
      const elsewhere = meant ? undefined : misplacedKeyHint(key, placeOfSchemaPath(error.schemaPath), places);
      const message = meant ? `is not a key known here: did you mean \`${meant}\`?` : elsewhere ? `is not a key known here: ${elsewhere}` : 'is not a key known here';
      return { pointer: appendPointer(error.instancePath, key), message };
    }
    case 'required':
      return { pointer: appendPointer(error.instancePath, String(params.missingProperty)), message: 'is required' };
    case 'minItems': {
      const limit = Number(params.limit);
      return { pointer: error.instancePath, message: `must list at least ${limit} ${limit === 1 ? 'entry' : 'entries'}` };
    }
    case 'enum':
      return { pointer: error.instancePath, message: `${error.message ?? 'is invalid'}: ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    default:
      return { pointer: error.instancePath, message: error.message ?? 'is invalid' };
  }
}
