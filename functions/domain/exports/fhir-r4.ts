/**
 * The part of FHIR R4 (4.0.1) the exports use: QuestionnaireResponse, Observation, DocumentReference and a collection Bundle of them, and
 * the rules of the primitive types they fill in. The patterns are the ones of the official R4 JSON schema (fhir.schema.json).
 */

export interface Identifier {
  readonly system: string;
  readonly value: string;
}

/** By business identifier (a case, which caseforms serves no resource for), or by a bundle entry's `fullUrl`. */
export type Reference = { readonly identifier: Identifier } | { readonly reference: string };

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface CodeableConcept {
  readonly coding?: readonly Coding[];
  readonly text?: string;
}

/** `answer[x]`: exactly one value per answer. */
export type QuestionnaireResponseAnswer =
  | { readonly valueString: string }
  | { readonly valueDate: string }
  | { readonly valueDateTime: string }
  | { readonly valueInteger: number }
  | { readonly valueDecimal: number }
  | { readonly valueBoolean: boolean }
  | { readonly valueCoding: Coding };

/** A question with its answers, or a group with its items: never both (FHIR invariant qrs-1). */
export interface QuestionnaireResponseItem {
  readonly linkId: string;
  readonly text?: string;
  readonly answer?: readonly QuestionnaireResponseAnswer[];
  readonly item?: readonly QuestionnaireResponseItem[];
}

export interface QuestionnaireResponse {
  readonly resourceType: 'QuestionnaireResponse';
  readonly id: string;
  readonly language?: string;
  readonly identifier: Identifier;
  readonly questionnaire: string;
  readonly status: 'completed';
  readonly subject: Reference;
  readonly authored: string;
  readonly item?: readonly QuestionnaireResponseItem[];
}

/** An instrument total as an Observation, derived from the QuestionnaireResponse it was scored from. */
export interface Observation {
  readonly resourceType: 'Observation';
  readonly id: string;
  readonly status: 'final';
  readonly category: readonly CodeableConcept[];
  readonly code: CodeableConcept;
  readonly subject: Reference;
  readonly effectiveDateTime: string;
  readonly valueInteger?: number;
  readonly valueQuantity?: { readonly value: number };
  readonly interpretation?: readonly CodeableConcept[];
  readonly derivedFrom: readonly Reference[];
}

/** A file the client sent, described and never carried: no URL (links to files are staff-only and expire), no bytes. */
export interface DocumentReference {
  readonly resourceType: 'DocumentReference';
  readonly id: string;
  readonly identifier: readonly Identifier[];
  /** `current` for a file staff may open; `entered-in-error` for one that may never be opened (infected, or not scanned). */
  readonly status: 'current' | 'entered-in-error';
  readonly subject: Reference;
  /** An `instant`: when the service received the file. */
  readonly date: string;
  readonly description: string;
  readonly content: ReadonlyArray<{ readonly attachment: { readonly contentType: string; readonly size: number; readonly title: string; readonly creation: string } }>;
  /** The QuestionnaireResponse of the submission the file was sent with. */
  readonly context?: { readonly related: readonly Reference[] };
}

export interface BundleEntry {
  /** `urn:uuid:<id>`: how the bundle's resources refer to each other without a FHIR server to name them. */
  readonly fullUrl: string;
  readonly resource: QuestionnaireResponse | Observation | DocumentReference;
}

export interface Bundle {
  readonly resourceType: 'Bundle';
  readonly id: string;
  readonly identifier: Identifier;
  readonly type: 'collection';
  /** An `instant`: when the bundle was assembled. */
  readonly timestamp: string;
  readonly entry: readonly BundleEntry[];
}

/** A resource id: letters, digits, `-` and `.`, 1 to 64 of them. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A code: no leading, trailing or repeated whitespace, at least one character. */
export const FHIR_CODE = /^[^\s]+(\s[^\s]+)*$/;

export const FHIR_DATE = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$/;

/** With a time, a time zone is required, and offsets stop at ±14:00. */
export const FHIR_DATE_TIME = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;

/** FHIR `integer` is a signed 32-bit number; JSON Schema's `integer` has no bound. */
export function isFhirInteger(value: number): boolean {
  return Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647;
}

/**
 * A string FHIR accepts as a value: not empty and not only whitespace (FHIR trims whitespace in XML, and an empty
 * value is invalid in every format).
 */
export function isFhirString(value: string): boolean {
  return value.trim() !== '';
}

/**
 * RFC 3339 (JSON Schema's `date-time`) in FHIR's spelling: upper-case `T` and `Z` and a colon in the offset, which
 * RFC 3339 leaves optional. Undefined when FHIR cannot express it (an offset beyond ±14:00, a missing zone).
 */
export function fhirDateTime(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([Zz]|[+-]\d{2}:?\d{2})$/.exec(value);
  if (!match) return FHIR_DATE_TIME.test(value) ? value : undefined;
  const [, date, time, zone] = match as unknown as [string, string, string, string];
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const normalized = `${date}T${time}${offset}`;
  return FHIR_DATE_TIME.test(normalized) ? normalized : undefined;
}

/**
 * Characters an RFC 8141 URN's specific string may hold as they are; anything else (a space, `?`, `#`, `%`, non-ASCII)
 * is percent-encoded as UTF-8, so a property name can never make an invalid `uri`.
 */
export function urnPart(text: string): string {
  return Array.from(text, (char) => (/^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/.test(char) ? char : percentEncoded(char))).join('');
}

function percentEncoded(char: string): string {
  try {
    return encodeURIComponent(char);
  } catch {
    // A lone surrogate has no UTF-8 form: it stands for the replacement character, as a UTF-8 decoder would make it.
    return '%EF%BF%BD';
  }
}
