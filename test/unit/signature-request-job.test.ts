import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import { SIGNATURE_REQUEST_JOB } from '../../functions/domain/delivery/signature-request.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import type { JobContext, SigningPorts } from '../../functions/domain/jobs/job-ports.ts';
import { PermanentJobError } from '../../functions/domain/jobs/permanent-job-error.ts';
import { signaturePlanFor } from '../../functions/domain/signatures/signature-plan.ts';
import { sign, startSigning, supersede, type SigningRecord, type SigningResult } from '../../functions/domain/signatures/signing.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';
import { runWireJob } from '../support/run-wire-job.ts';
import { demoExample } from '../support/test-stack.ts';

// The signature request's rules that the e2e tests do not reach: a request whose document no longer waits for the
// client sends nothing and is done; a worker without the signing store can never run one.
const catalog = loadCatalog(formsDirWithHarbor());
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const job: DocumentJob = { documentType: SIGNATURE_REQUEST_JOB, agencyId: 'demo', caseId: 'case-1', submissionId: 'sub-1-care-plan' };
const opened = startSigning(signaturePlanFor(catalog.agency('demo')!, 'care-plan')!, { documentId: 'sub-1-care-plan', documentSha256: 'c'.repeat(64), createdAt: '2027-01-10T12:00:00Z' });

const recordOf = (result: SigningResult): SigningRecord => {
  if (result.refusal) throw new Error(result.refusal);
  return result.record;
};

function context(ports: MemoryJobPorts, record: SigningRecord | undefined, withSigning = true): JobContext {
  // The job reads the store's findSigning and nothing else of the signing ports.
  const signing = { store: { findSigning: async () => (record ? { record, version: 1 } : undefined) } } as unknown as SigningPorts;
  return {
    ports, catalog, formVersions: { form: async (agencyId, formId) => catalog.form(agencyId, formId) }, templates,
    renderer: { render: async () => { throw new Error('a signature request renders nothing'); } },
    now: () => new Date('2027-01-11T12:00:00Z'), publicBaseUrl: 'https://api.example.org', leaseMs: 120_000, ...(withSigning ? { signing } : {}),
  };
}

describe('the signature request job', () => {
  const signed = recordOf(sign(opened, 'client', {
    signerRole: 'client', signerName: 'Zoë', method: 'typed', intentText: 'I agree.', consentText: 'Consent.', locale: 'en', signedAt: '2027-01-11T10:00:00Z',
    identifiedBy: 'link-and-code: z***@example.org', sourceAddress: '203.0.113.1', userAgent: 'test', documentSha256: 'c'.repeat(64),
  }));
  const superseded = recordOf(supersede(opened, 'sub-2-care-plan'));

  it.each<[string, SigningRecord | undefined]>([
    ['the client signed already', signed],
    ['the document was superseded', superseded],
    ['the record is gone with its case', undefined],
  ])('sends nothing and is done when %s', async (_, record) => {
    const ports = new MemoryJobPorts({}, undefined);
    expect(await runWireJob(context(ports, record), job)).toEqual([]);
    expect(ports.sent).toEqual([]);
    expect(ports.links).toEqual([]);
    expect(ports.completed).toEqual([job]);
  });

  it('can never run without the signing store', async () => {
    await expect(runWireJob(context(new MemoryJobPorts({}, undefined), opened, false), job)).rejects.toBeInstanceOf(PermanentJobError);
  });

  describe('for a client whose address is not confirmed yet', () => {
    const intakeAnswers = { ...demoExample(), contact: { phone: '+1 555 0142', email: 'zoe@example.org', emailIsSafe: true } };
    const unconfirmed = () => new MemoryJobPorts(
      { 'intake-raw': intakeAnswers },
      { formId: 'care-plan', formVersion: 'v', receivedAt: '2027-01-10T12:00:00.000Z', rawKey: 'plan-raw' },
      { submissions: [{ submissionId: 'intake-1', formId: 'intake', formVersion: 'v', receivedAt: '2027-01-09T10:00:00.000Z', rawKey: 'intake-raw', channel: 'public' }] },
    );

    it('holds the request without a confirm notice of its own when the document goes to the client (its delivery asks)', async () => {
      const ports = unconfirmed();
      await runWireJob(context(ports, opened), job);
      expect(ports.deliveries.get('sub-1-care-plan-signature-request#client')).toMatchObject({ status: 'held', reason: 'address-unverified' });
      expect(ports.addressChecks).toEqual([]);
      expect(ports.sent).toEqual([]);
    });

    it('asks the client to confirm when the document is not routed to them (nothing else would ask)', async () => {
      const ports = unconfirmed();
      const unrouted = { ...opened, documentType: 'review-summary' };
      await runWireJob(context(ports, unrouted), job);
      expect(ports.deliveries.get('sub-1-care-plan-signature-request#client')).toMatchObject({ status: 'held', reason: 'address-unverified' });
      expect(ports.addressChecks).toHaveLength(1);
      expect(ports.sent.map((sent) => sent.to)).toEqual([['zoe@example.org']]);
    });
  });
});
