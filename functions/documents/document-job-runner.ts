import type { DocumentJob } from '../cases/document-job.ts';
import { composeMime } from '../delivery/mime.ts';
import { documentEmail } from '../delivery/document-email.ts';
import type { FormCatalog } from '../forms/catalog.ts';
import type { FormVersions } from '../forms/form-versions.ts';
import type { Assessment } from '../forms/scoring.ts';
import { documentTitle, renderDocumentHtml } from './document-view.ts';
import type { HtmlToPdf } from './pdf-renderer.ts';
import type { TemplateLibrary } from './templates.ts';
import { createHash } from 'node:crypto';

export interface SubmissionRecord {
  readonly formId: string;
  readonly formVersion: string;
  readonly receivedAt: string;
  readonly rawKey: string;
  readonly scores?: Assessment['scores'];
  readonly flags?: Assessment['flags'];
  readonly noticeDate?: string;
}

export interface DocumentRecord {
  readonly agencyId: string;
  readonly caseId: string;
  readonly documentId: string;
  readonly documentType: DocumentJob['documentType'];
  readonly submissionId: string;
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly createdAt: string;
}

export interface DeliveryRef {
  readonly agencyId: string;
  readonly caseId: string;
  readonly documentId: string;
  /** A role, never an address: delivery keys and logs carry no personal data. */
  readonly recipient: string;
}

export type Claim = 'claimed' | 'already-delivered' | 'held-by-another-worker';

/** What producing and delivering a document needs from storage and mail; the AWS adapters implement it. */
export interface DocumentJobPorts {
  findSubmission(job: DocumentJob): Promise<SubmissionRecord | undefined>;
  readBlob(key: string): Promise<Buffer>;
  putBlob(key: string, body: Buffer, contentType: string): Promise<void>;
  recordDocument(record: DocumentRecord): Promise<void>;
  claimDelivery(delivery: DeliveryRef, now: Date, leaseMs: number): Promise<Claim>;
  sendRaw(raw: Buffer, from: string, to: readonly string[]): Promise<string>;
  markDelivered(delivery: DeliveryRef, messageId: string, now: Date): Promise<void>;
  completeJob(job: DocumentJob, now: Date): Promise<void>;
}

export interface DocumentJobContext {
  readonly ports: DocumentJobPorts;
  readonly catalog: FormCatalog;
  readonly formVersions: Pick<FormVersions, 'form'>;
  readonly templates: TemplateLibrary;
  readonly renderer: HtmlToPdf;
  readonly now: () => Date;
}

/** A job that can never succeed (its case or form is gone): retrying cannot help, it belongs in the dead-letter queue. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** Another worker holds the delivery's lease: retry later, when it has either sent or its lease has expired. */
export class DeliveryInFlightError extends Error {
  override readonly name = 'DeliveryInFlightError';
}

const DELIVERY_LEASE_MS = 2 * 60_000;

/** Where a generated PDF is stored: ids only, never names. */
export function documentKey(agencyId: string, caseId: string, documentId: string): string {
  return `agencies/${agencyId}/cases/${caseId}/documents/${documentId}.pdf`;
}

/**
 * Renders the job's document, stores it, and emails it. Every step is idempotent: the PDF key and document id
 * derive from the submission, and the email is sent only after claiming the (document, recipient) delivery with
 * a conditional write, so a duplicated message or a retried invocation sends nothing twice.
 */
export async function runDocumentJob(context: DocumentJobContext, job: DocumentJob): Promise<void> {
  const { ports, catalog, formVersions, templates, renderer } = context;
  const agency = catalog.agency(job.agencyId);
  const submission = await ports.findSubmission(job);
  if (!agency || !submission) throw new PermanentJobError(`no agency or submission for job ${job.submissionId}`);
  // The form as it was when this submission was accepted, even if the agency has changed it since.
  const form = await formVersions.form(job.agencyId, submission.formId, submission.formVersion);
  if (!form) throw new PermanentJobError(`form ${submission.formId} version ${submission.formVersion} of agency ${job.agencyId} is not published`);
  if (!templates.has(job.agencyId, job.documentType)) throw new PermanentJobError(`no template for document type ${job.documentType}`);

  const data = JSON.parse((await ports.readBlob(submission.rawKey)).toString('utf8')) as Record<string, unknown>;
  const html = renderDocumentHtml(templates, {
    documentType: job.documentType, agency, form, caseId: job.caseId, submissionId: job.submissionId, receivedAt: submission.receivedAt, data,
    assessment: { scores: submission.scores ?? [], flags: submission.flags ?? [] },
    ...(submission.noticeDate ? { noticeDate: submission.noticeDate } : {}),
  });
  const title = documentTitle(form, job.documentType);
  const pdf = await renderer.render(html, {
    footerText: `${agency.name} · ${title} · ${job.caseId}`, paperSize: agency.branding?.paperSize ?? 'A4',
    metadata: { title, author: agency.name, language: 'en', subject: `Case ${job.caseId}` },
  });

  const documentId = `${job.submissionId}-${job.documentType}`;
  const key = documentKey(job.agencyId, job.caseId, documentId);
  await ports.putBlob(key, pdf, 'application/pdf');
  await ports.recordDocument({
    agencyId: job.agencyId, caseId: job.caseId, documentId, documentType: job.documentType, submissionId: job.submissionId,
    key, sha256: createHash('sha256').update(pdf).digest('hex'), bytes: pdf.length, createdAt: context.now().toISOString(),
  });

  const delivery: DeliveryRef = { agencyId: job.agencyId, caseId: job.caseId, documentId, recipient: 'intake-inbox' };
  const claim = await ports.claimDelivery(delivery, context.now(), DELIVERY_LEASE_MS);
  if (claim === 'held-by-another-worker') throw new DeliveryInFlightError(`delivery of ${documentId} is leased`);
  if (claim === 'claimed') {
    const message = documentEmail({ agency, documentTitle: title, caseId: job.caseId, pdf: { filename: `${job.documentType}-${job.caseId.slice(0, 8)}.pdf`, content: pdf } });
    const messageId = await ports.sendRaw(await composeMime(message), agency.sender.email, message.to);
    await ports.markDelivered(delivery, messageId, context.now());
  }
  await ports.completeJob(job, context.now());
}
