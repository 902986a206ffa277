import type { Score } from '../forms/scoring.ts';
import { declaredScoring } from '../outcomes/declared-scoring.ts';
import { scoreObservation } from './fhir-observation.ts';
import { caseSubject, questionnaireResponse, type QuestionnaireResponseOptions, type SubmissionForFhir } from './fhir-questionnaire-response.ts';
import { fhirDateTime, type Bundle, type BundleEntry } from './fhir-r4.ts';

/** A submission of the case with the scores stored with it when it was accepted. */
export interface CaseSubmissionForFhir extends SubmissionForFhir {
  readonly scores?: readonly Score[];
}

export interface CaseForFhir {
  readonly agencyId: string;
  readonly caseId: string;
  /** When the export was made (ISO 8601): the bundle's timestamp. */
  readonly exportedAt: string;
  readonly submissions: readonly CaseSubmissionForFhir[];
}

/**
 * The whole case as a FHIR R4 collection Bundle: each submission as a QuestionnaireResponse (oldest first), each
 * followed by an Observation per instrument total scored from it. Every resource refers to the case by the same
 * identifier; an Observation's `derivedFrom` is its response's `fullUrl` (`urn:uuid:<submission id>`).
 *
 * Scores are the ones stored with the submission, computed once when it was accepted (as the case page shows them),
 * not scored again here; their codes are the ones the submission's form version declares.
 */
export function caseBundle(kase: CaseForFhir, options: QuestionnaireResponseOptions = {}): Bundle {
  const timestamp = fhirDateTime(kase.exportedAt);
  if (timestamp === undefined) throw new RangeError('exportedAt is not an instant FHIR can express');
  const subject = caseSubject(kase.agencyId, kase.caseId);
  const sorted = [...kase.submissions].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const entry = sorted.flatMap((submission): BundleEntry[] => {
    const response = questionnaireResponse(submission, options);
    const responseUrl = `urn:uuid:${response.id}`;
    const declared = declaredScoring({ schema: submission.schema })?.scores ?? [];
    const observations = (submission.scores ?? []).filter((score) => Number.isFinite(score.value)).map((score) => scoreObservation(
      { agencyId: kase.agencyId, formId: submission.formId, responseUrl, submissionId: submission.submissionId, subject, effective: response.authored },
      score, declared.find((declaration) => declaration.id === score.id)?.code,
    ));
    return [{ fullUrl: responseUrl, resource: response }, ...observations.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource }))];
  });
  return {
    resourceType: 'Bundle', id: kase.caseId, identifier: { system: `urn:caseforms:${kase.agencyId}:case-export`, value: kase.caseId },
    type: 'collection', timestamp, entry,
  };
}
