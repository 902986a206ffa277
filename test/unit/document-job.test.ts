import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentJob } from '../../functions/cases/document-job.ts';
import {
  DeliveryInFlightError, PermanentJobError, runDocumentJob, type Claim, type DocumentJobPorts, type DocumentRecord,
} from '../../functions/documents/document-job-runner.ts';
import type { HtmlToPdf } from '../../functions/documents/pdf-renderer.ts';
import { TemplateLibrary } from '../../functions/documents/templates.ts';
import { loadCatalog } from '../../functions/forms/catalog.ts';
import { projectRoot } from '../../local/stack.ts';
import { demoExample } from '../support/test-stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const job: DocumentJob = { documentType: 'intake-summary', agencyId: 'demo', caseId: 'case-1', submissionId: 'sub-1' };

/** In-memory ports: the job's rules tested without AWS or Chromium. */
function fakePorts(claim: Claim, submissionExists = true) {
  const sent: Buffer[] = [];
  const documents: DocumentRecord[] = [];
  const completed: DocumentJob[] = [];
  const delivered: string[] = [];
  const ports: DocumentJobPorts = {
    findSubmission: async () => (submissionExists ? { formId: 'intake', formVersion: 'v', receivedAt: '2026-11-23T12:00:00.000Z', rawKey: 'raw' } : undefined),
    readBlob: async () => Buffer.from(JSON.stringify(demoExample())),
    caseContext: async () => ({ submissions: [], caseManagerEmail: undefined }),
    putBlob: async () => undefined,
    recordDocument: async (record) => { documents.push(record); },
    claimDelivery: async () => claim,
    sendRaw: async (raw) => { sent.push(raw); return `message-${sent.length}`; },
    markDelivered: async (_, messageId) => { delivered.push(messageId); },
    completeJob: async (done) => { completed.push(done); },
  };
  return { ports, sent, documents, completed, delivered };
}

const renderer: HtmlToPdf = { render: async (html) => Buffer.from(`%PDF-fake ${html.length}`) };
const formVersions = { form: async (agencyId: string, formId: string) => catalog.form(agencyId, formId) };
const context = (ports: DocumentJobPorts) => ({ ports, catalog, formVersions, templates: new TemplateLibrary(join(projectRoot, 'templates')), renderer, now: () => new Date('2026-11-23T12:00:01Z') });

describe('a document job', () => {
  it('renders, records, sends once to the intake inbox and completes', async () => {
    const fake = fakePorts('claimed');
    await runDocumentJob(context(fake.ports), job);
    expect(fake.sent).toHaveLength(1);
    const raw = fake.sent[0]!.toString();
    expect(raw).toMatch(/^To: intake@demo\.caseforms\.example/m);
    expect(raw).toMatch(/Content-Type: application\/pdf; name=intake-summary-case-1\.pdf/);
    expect(raw).not.toContain('Zo');
    expect(fake.documents[0]).toMatchObject({ documentId: 'sub-1-intake-summary', key: 'agencies/demo/cases/case-1/documents/sub-1-intake-summary.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(fake.delivered).toEqual(['message-1']);
    expect(fake.completed).toEqual([job]);
  });

  it('sends nothing when the delivery was already made (a duplicated message)', async () => {
    const fake = fakePorts('already-delivered');
    await runDocumentJob(context(fake.ports), job);
    expect(fake.sent).toHaveLength(0);
    expect(fake.completed).toEqual([job]);
  });

  it('fails for a retry when another worker holds the delivery lease, and does not complete', async () => {
    const fake = fakePorts('held-by-another-worker');
    await expect(runDocumentJob(context(fake.ports), job)).rejects.toBeInstanceOf(DeliveryInFlightError);
    expect(fake.sent).toHaveLength(0);
    expect(fake.completed).toHaveLength(0);
  });

  it('fails permanently when its submission does not exist', async () => {
    const fake = fakePorts('claimed', false);
    await expect(runDocumentJob(context(fake.ports), job)).rejects.toBeInstanceOf(PermanentJobError);
  });
});
