import { Problem } from './problem.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** The Idempotency-Key header, if sent; a malformed one is a 400, never silently ignored. */
export function readIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new Problem('malformedRequest', 'The Idempotency-Key header must be 1-128 characters of A-Z, a-z, 0-9, ".", "_", ":" or "-".', [
      { pointer: '', message: 'Idempotency-Key header is malformed' },
    ]);
  }
  return value;
}
