import type { SchemaValidator } from './validator.ts';

/** A problem with a form's examples, at a pointer of the form file. */
export interface ExampleProblem {
  readonly pointer: string;
  readonly message: string;
}

/**
 * Each example must be a complete, valid submission. One problem per field of an example: a wrong answer to a
 * choice fails both its `type` and its choices, and an author fixing the example needs to read about it once. Ajv
 * checks `type` before the choices, so the last message for a field is the one that says what to do.
 */
export function exampleProblems(validate: SchemaValidator, examples: unknown): ExampleProblem[] {
  if (!Array.isArray(examples) || examples.length === 0) return [{ pointer: '/examples', message: 'needs at least one complete, valid submission' }];
  return examples.flatMap((example, index) => {
    const result = validate(example);
    if (result.valid) return [];
    const byField = new Map(result.errors.map((error) => [error.pointer, error.message]));
    return [...byField].map(([pointer, message]) => ({ pointer: `/examples/${index}${pointer}`, message }));
  });
}
