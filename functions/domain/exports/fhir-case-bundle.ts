import type { Score } from '../forms/scoring.ts';
import { declaredScoring } from '../outcomes/declared-scoring.ts';
import { scoreObservation } from './fhir-observation.ts';
import { caseSubject, questionnaireResponse, type QuestionnaireResponseOptions, type SubmissionForFhir } from './fhir-questionnaire-response.ts';
import { fhirDateTime, type Bundle, type BundleEntry, type DocumentReference, type Reference } from './fhir-r4.ts';
import type { CaseFile } from '../uploads/upload-record.ts';

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
  /** The files sent with the case's submissions (case-files.ts). */
  readonly files?: readonly CaseFile[];
}

/**
 * The whole case as a FHIR R4 collection Bundle: each submission as a QuestionnaireResponse (oldest first), each
 * followed by an Observation per instrument total scored from it. Every resource refers to the case by the same
 * identifier; an Observation's `derivedFrom` is its response's `fullUrl` (`urn:uuid:<submission id>`).
 *
 * Each file the client sent follows as a DocumentReference (its type, size, name and when it arrived, related to its
 * submission's response): the export describes files and never carries them, nor a link to them.
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
  const responses = new Set(sorted.map((submission) => submission.submissionId));
  for (const file of [...(kase.files ?? [])].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))) {
    const resource = fileReference(kase.agencyId, file, subject, responses.has(file.submissionId) ? { reference: `urn:uuid:${file.submissionId}` } : undefined);
    entry.push({ fullUrl: `urn:uuid:${file.uploadId}`, resource });
  }
  return {
    resourceType: 'Bundle', id: kase.caseId, identifier: { system: `urn:caseforms:${kase.agencyId}:case-export`, value: kase.caseId },
    type: 'collection', timestamp, entry,
  };
}

const SCAN_WORDS: Readonly<Record<CaseFile['scan'], string>> = {
  clean: 'malware scan: clean', pending: 'malware scan: pending', infected: 'malware scan: infected, held for the security officer', 'not-scanned': 'malware scan: could not scan',
};

function fileReference(agencyId: string, file: CaseFile, subject: Reference, response: Reference | undefined): DocumentReference {
  const received = fhirDateTime(file.receivedAt) ?? file.receivedAt;
  return {
    resourceType: 'DocumentReference', id: file.uploadId, identifier: [{ system: `urn:caseforms:${agencyId}:file`, value: file.uploadId }],
    status: file.scan === 'infected' || file.scan === 'not-scanned' ? 'entered-in-error' : 'current', subject, date: received,
    description: `${file.formId} ${file.field}: ${SCAN_WORDS[file.scan]}`,
    content: [{ attachment: { contentType: file.type, size: file.size, title: file.name, creation: received } }],
    ...(response ? { context: { related: [response] } } : {}),
  };
}
