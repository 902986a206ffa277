import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Form } from '../../functions/domain/forms/catalog.ts';
import { caseBundle, type CaseSubmissionForFhir } from '../../functions/domain/exports/fhir-case-bundle.ts';
import type { Bundle, DocumentReference, Observation, QuestionnaireResponse } from '../../functions/domain/exports/fhir-r4.ts';
import type { CaseFile } from '../../functions/domain/uploads/upload-record.ts';
import { fhirR4Validator, type FhirSchemaValidator } from '../support/fhir-validator.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

// The whole case as a FHIR R4 Bundle: responses and the Observations of their instrument totals, for the demo pack's
// PHQ-9 and GAD-7 (LOINC) and Harbor's own housing stability scale (its own code system), against the R4 schema.
const catalog = loadCatalog(formsDirWithHarbor());
const CASE_ID = '0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f';

let validator: FhirSchemaValidator;
beforeAll(() => {
  validator = fhirR4Validator();
});

function scored(form: Form, submissionId: string, receivedAt: string, answers: Record<string, number>): CaseSubmissionForFhir {
  return {
    schema: form.schema, agencyId: form.agencyId, formId: form.formId, formVersion: form.version, submissionId, caseId: CASE_ID, receivedAt, answers,
    scores: form.score(answers).scores,
  };
}

const observations = (bundle: Bundle) => bundle.entry.map((entry) => entry.resource).filter((resource): resource is Observation => resource.resourceType === 'Observation');

describe('a demo case with a PHQ-9 and a GAD-7 as a FHIR R4 Bundle', () => {
  const phq9 = catalog.form('demo', 'phq-9')!;
  const gad7 = catalog.form('demo', 'gad-7')!;
  const bundle = caseBundle({
    agencyId: 'demo', caseId: CASE_ID, exportedAt: '2026-12-01T09:00:00.000Z',
    submissions: [
      scored(gad7, '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b', '2026-11-21T10:00:00.000Z', { q1: 3, q2: 3, q3: 2, q4: 2, q5: 1, q6: 1, q7: 0 }),
      scored(phq9, '5d3c1f3e-8c1a-4a4e-9d3b-2f1e0a9b8c7d', '2026-11-20T14:03:07.123Z', { q1: 3, q2: 3, q3: 2, q4: 2, q5: 1, q6: 1, q7: 1, q8: 0, q9: 1 }),
    ],
  });

  it('is valid against the official R4 schema, which reads the resources inside the bundle', () => {
    expect(validator.validate(bundle)).toEqual([]);
    const broken = { ...bundle, entry: bundle.entry.map((entry) => (entry.resource.resourceType === 'Observation' ? { ...entry, resource: { ...entry.resource, status: 'done' } } : entry)) };
    expect(validator.validate(broken)).not.toEqual([]);
  });

  it('holds each response, oldest first, followed by an Observation of its total coded in LOINC, with its band', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', id: CASE_ID, timestamp: '2026-12-01T09:00:00.000Z' });
    expect(bundle.entry.map((entry) => entry.resource.resourceType)).toEqual(['QuestionnaireResponse', 'Observation', 'QuestionnaireResponse', 'Observation']);
    const [phq, gad] = observations(bundle);
    expect(phq!.code.coding![0]).toEqual({ system: 'http://loinc.org', code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' });
    expect(phq).toMatchObject({ status: 'final', valueInteger: 14, interpretation: [{ text: 'Moderate' }], effectiveDateTime: '2026-11-20T14:03:07.123Z' });
    expect(gad!.code.coding![0]).toMatchObject({ system: 'http://loinc.org', code: '70274-6' });
    expect(gad).toMatchObject({ valueInteger: 12, interpretation: [{ text: 'Moderate' }] });
  });

  it('points each Observation at the response it was scored from, and every resource at the same case', () => {
    const urls = new Map(bundle.entry.map((entry) => [entry.fullUrl, entry.resource]));
    for (const observation of observations(bundle)) {
      const from = urls.get((observation.derivedFrom[0] as { reference: string }).reference) as QuestionnaireResponse;
      expect(from.resourceType).toBe('QuestionnaireResponse');
      expect(observation.effectiveDateTime).toBe(from.authored);
    }
    for (const entry of bundle.entry) expect(entry.resource.subject).toEqual({ identifier: { system: 'urn:caseforms:demo:case', value: CASE_ID } });
    expect(new Set(bundle.entry.map((entry) => entry.fullUrl)).size).toBe(bundle.entry.length);
  });

  it('gives the same ids when the case is exported again', () => {
    const again = caseBundle({ agencyId: 'demo', caseId: CASE_ID, exportedAt: '2026-12-02T09:00:00.000Z', submissions: [scored(phq9, '5d3c1f3e-8c1a-4a4e-9d3b-2f1e0a9b8c7d', '2026-11-20T14:03:07.123Z', { q1: 3, q2: 3, q3: 2, q4: 2, q5: 1, q6: 1, q7: 1, q8: 0, q9: 1 })] });
    expect(observations(again)[0]!.id).toBe(observations(bundle)[0]!.id);
  });
});

describe('a Harbor case with its own instrument', () => {
  const housing = catalog.form('harbor', 'housing-stability')!;
  const intake = catalog.form('harbor', 'intake')!;
  const bundle = caseBundle({
    agencyId: 'harbor', caseId: CASE_ID, exportedAt: '2026-12-01T09:00:00.000Z',
    submissions: [
      { ...scored(housing, '9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4', '2026-11-22T08:00:00.000Z', { rentLate: 2, utilitiesOff: 1, overcrowded: 2, fearOfLosingHome: 3 }) },
      { schema: intake.schema, agencyId: 'harbor', formId: 'intake', formVersion: intake.version, submissionId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', caseId: CASE_ID, receivedAt: '2026-11-01T08:00:00.000Z', answers: {} },
    ],
  });

  it('is valid against the official R4 schema, its total coded in Harbor\'s own system and in caseforms\'', () => {
    expect(validator.validate(bundle)).toEqual([]);
    const [observation] = observations(bundle);
    expect(observation!.code.coding).toEqual([
      { system: 'urn:harbor-tenant-aid:instruments', code: 'housing-stability-total', display: 'Housing stability score' },
      { system: 'urn:caseforms:harbor:form:housing-stability:score', code: 'total' },
    ]);
    expect(observation).toMatchObject({ valueInteger: 8, interpretation: [{ text: 'Unstable' }] });
    expect(observations(bundle)).toHaveLength(1);
  });
});

describe('a case\'s files in its Bundle', () => {
  const intake = catalog.form('harbor', 'intake')!;
  const submissionId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
  const file = (uploadId: string, scan: CaseFile['scan'], name: string, type: CaseFile['type'], size: number): CaseFile => ({
    uploadId, formId: 'intake', field: '/documents/lease', submissionId, name, size, type, scan, receivedAt: '2026-11-01T07:59:30.250Z',
  });
  const bundle = caseBundle({
    agencyId: 'harbor', caseId: CASE_ID, exportedAt: '2026-12-01T09:00:00.000Z',
    submissions: [{ schema: intake.schema, agencyId: 'harbor', formId: 'intake', formVersion: intake.version, submissionId, caseId: CASE_ID, receivedAt: '2026-11-01T08:00:00.000Z', answers: {} }],
    files: [file('6f1d2c3b-4a5e-4f6a-8b7c-9d0e1f2a3b4c', 'clean', 'bail signé.pdf', 'application/pdf', 1_258_291), file('7a1d2c3b-4a5e-4f6a-8b7c-9d0e1f2a3b4c', 'infected', 'photo.jpg', 'image/jpeg', 68)],
  });
  const references = bundle.entry.map((entry) => entry.resource).filter((resource): resource is DocumentReference => resource.resourceType === 'DocumentReference');

  it('lists each file as a DocumentReference after the responses: type, size, name, when; no URL and no bytes', () => {
    expect(validator.validate(bundle)).toEqual([]);
    expect(bundle.entry.map((entry) => entry.resource.resourceType)).toEqual(['QuestionnaireResponse', 'DocumentReference', 'DocumentReference']);
    expect(references[0]).toMatchObject({
      id: '6f1d2c3b-4a5e-4f6a-8b7c-9d0e1f2a3b4c', status: 'current', subject: { identifier: { system: 'urn:caseforms:harbor:case', value: CASE_ID } },
      content: [{ attachment: { contentType: 'application/pdf', size: 1_258_291, title: 'bail signé.pdf', creation: '2026-11-01T07:59:30.250Z' } }],
      context: { related: [{ reference: `urn:uuid:${submissionId}` }] },
    });
    expect(JSON.stringify(bundle)).not.toMatch(/"(url|data)"/);
  });

  it('marks a file that may never be opened, and says why', () => {
    expect(references[1]).toMatchObject({ status: 'entered-in-error', description: expect.stringContaining('infected') });
  });
});
