import { createHash } from 'node:crypto';
import type { Score, ScoreCode } from '../forms/scoring.ts';
import { isFhirInteger, isFhirString, type CodeableConcept, type Observation, type Reference } from './fhir-r4.ts';

/** HL7's observation categories: an instrument's total is a `survey` result. */
const SURVEY: CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }],
};

export interface ScoredResponse {
  readonly agencyId: string;
  readonly formId: string;
  /** Scored from this QuestionnaireResponse: the `fullUrl` of its bundle entry. */
  readonly responseUrl: string;
  readonly submissionId: string;
  readonly subject: Reference;
  /** The response's `authored`: an instrument's total is effective when it was answered. */
  readonly effective: string;
}

/**
 * A stored score (computed once, when the submission was accepted) as an Observation.
 *
 * - `code` is the terminology code the form version declares for the score (`x-caseforms.scoring.scores[].code`,
 *   LOINC for published instruments), and always also the score under caseforms' own system
 *   (`urn:caseforms:<agency>:form:<form>:score`), so a score without a published code still says what it is.
 * - The band is the `interpretation`, as text: bands are the pack's words, not a code system's.
 * - The id is derived from the submission and the score, so exporting the case again gives the same ids.
 */
export function scoreObservation(response: ScoredResponse, score: Score, declaredCode: ScoreCode | undefined): Observation {
  const id = derivedUuid(`${response.submissionId}/${score.id}`);
  const coding = [
    ...(declaredCode ? [{ system: declaredCode.system, code: declaredCode.code, ...(declaredCode.display ? { display: declaredCode.display } : {}) }] : []),
    { system: `urn:caseforms:${response.agencyId}:form:${response.formId}:score`, code: score.id },
  ];
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [SURVEY],
    code: { coding, ...(isFhirString(score.title) ? { text: score.title } : {}) },
    subject: response.subject,
    effectiveDateTime: response.effective,
    ...(isFhirInteger(score.value) ? { valueInteger: score.value } : { valueQuantity: { value: score.value } }),
    ...(score.band !== undefined && isFhirString(score.band) ? { interpretation: [{ text: score.band }] } : {}),
    derivedFrom: [{ reference: response.responseUrl }],
  };
}

/** A name-based UUID (RFC 9562 version 8 layout over SHA-256): stable for the same input, a valid `urn:uuid:`. */
export function derivedUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
