import { Problem } from './problem.ts';
import { phrase } from './problem-phrases/index.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** The Idempotency-Key header, if sent; a malformed one is a 400, never silently ignored. */
export function readIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new Problem('malformedRequest', phrase('idempotencyKeyMalformed'), [{ pointer: '', phrase: phrase('idempotencyKeyMalformed') }]);
  }
  return value;
}
