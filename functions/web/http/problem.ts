import type { FieldError } from '../../domain/forms/validator.ts';
import { phrase, problemPhrasesFor, wordPhrase, type Phrase } from './problem-phrases/index.ts';

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors: readonly FieldError[];
}

/**
 * The problem types caseforms answers with; docs/api.md "Errors" lists them for API clients. The titles here are the
 * English ones; problem-phrases/ words them in every language served.
 */
export const problemTypes = {
  malformedRequest: { status: 400, title: 'Malformed request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  notFound: { status: 404, title: 'Not found' },
  methodNotAllowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  noticeNotDelivered: { status: 409, title: 'Notice not delivered to the client' },
  terminationTooEarly: { status: 409, title: 'Too early to end services' },
  gone: { status: 410, title: 'Gone' },
  payloadTooLarge: { status: 413, title: 'Payload too large' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type' },
  validationFailed: { status: 422, title: 'Validation failed' },
  idempotencyKeyReused: { status: 422, title: 'Idempotency key reused with a different body' },
  serviceUnavailable: { status: 503, title: 'Service temporarily unavailable' },
  formUnavailable: { status: 503, title: 'This form is unavailable right now' },
  internalError: { status: 500, title: 'Internal error' },
} as const;

export type ProblemKind = keyof typeof problemTypes;

let stackTraceLimit = Error.stackTraceLimit;

/** Passes `message` through with stack capture off; the constructor turns it back on once `Error` has run. */
function withoutStackTrace(message: string): string {
  stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return message;
}

/** A field error of a problem: worded already (a validation error, in the request's language) or a phrase. */
export type ProblemError = FieldError | { readonly pointer: string; readonly phrase: Phrase };

/**
 * A failure the client is told about, as `application/problem+json`. It is an answer, not a fault to debug: its
 * stack is never read, and capturing one cost more than the rest of refusing an invalid body (measured, bench/).
 * Its detail and field errors are phrases (problem-phrases/), worded in the request's language when the answer is
 * made (`body(locale)`); a plain string is sent as is, in every language, so new code should use a phrase.
 */
export class Problem extends Error {
  readonly status: number;
  /** The English detail: what logs and `message` carry. */
  readonly detail: string;
  constructor(
    readonly kind: ProblemKind,
    private readonly text: string | Phrase,
    private readonly problemErrors: readonly ProblemError[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
    /** RFC 9457 extension members, e.g. the case's current state and the moves allowed now. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    const detail = typeof text === 'string' ? text : wordPhrase(text, 'en');
    super(withoutStackTrace(detail));
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'Problem';
    this.status = problemTypes[kind].status;
    this.detail = detail;
  }

  /** The field errors in English. */
  get errors(): readonly FieldError[] {
    return this.errorsIn('en');
  }

  private errorsIn(locale: string): FieldError[] {
    return this.problemErrors.map((error) => ('phrase' in error ? { pointer: error.pointer, message: wordPhrase(error.phrase, locale) } : error));
  }

  /** The answer's body in `locale` (problem-phrases/ picks the closest language it has, English at worst). */
  body(locale = 'en'): ProblemBody & Record<string, unknown> {
    return {
      ...this.extensions,
      type: problemTypeUri(this.kind),
      title: problemPhrasesFor(locale).titles[this.kind],
      status: this.status,
      detail: typeof this.text === 'string' ? this.text : wordPhrase(this.text, locale),
      errors: this.errorsIn(locale),
    };
  }
}

export function problemTypeUri(kind: ProblemKind): string {
  return `urn:caseforms:problem:${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Retryable: storage or queue trouble the client should retry with the same Idempotency-Key. */
export function serviceUnavailable(detail: string | Phrase): Problem {
  return new Problem('serviceUnavailable', detail, [], { 'Retry-After': '5' });
}

/**
 * A form of the agency whose definition did not load (the pack has a mistake in it): it exists, so not a 404, but
 * retrying will not help until the pack is fixed and deployed, so no Retry-After.
 */
export function formUnavailable(): Problem {
  return new Problem('formUnavailable', phrase('formUnavailable'));
}
