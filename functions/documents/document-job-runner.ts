import type { DocumentJob } from '../cases/document-job.ts';
import { composeMime } from '../delivery/mime.ts';
import { documentEmail } from '../delivery/document-email.ts';
import type { FormCatalog } from '../forms/catalog.ts';
import type { FormVersions } from '../forms/form-versions.ts';
import type { Assessment } from '../forms/scoring.ts';
import { valueAt } from '../forms/json-pointer.ts';
import { documentLocale, documentTitle, localizedTitle, renderDocumentHtml, type CaseContext } from './document-view.ts';
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
/** A submission of the job's case, as the case's other documents see it. */
export interface CaseSubmission extends SubmissionRecord {
  readonly submissionId: string;
  readonly channel: 'public' | 'staff';
  readonly transition?: { readonly from: string; readonly to: string };
}

export interface DocumentJobPorts {
  findSubmission(job: DocumentJob): Promise<SubmissionRecord | undefined>;
  /** Every submission of the job's case, oldest first, and the case manager's address. */
  caseContext(job: DocumentJob): Promise<{ readonly submissions: readonly CaseSubmission[]; readonly caseManagerEmail: string | undefined }>;
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

async function readAnswers(ports: DocumentJobPorts, rawKey: string): Promise<Record<string, unknown>> {
  return JSON.parse((await ports.readBlob(rawKey)).toString('utf8')) as Record<string, unknown>;
}

/**
 * What a document may say about the rest of the case: the client's name (from the intake, where its form's
 * `x-caseforms.client` points), the case manager, the latest assessment's answers, and every score so far.
 */
async function caseContextFor({ ports, formVersions }: DocumentJobContext, job: DocumentJob): Promise<CaseContext> {
  const { submissions, caseManagerEmail } = await ports.caseContext(job);
  const formOf = (submission: CaseSubmission) => formVersions.form(job.agencyId, submission.formId, submission.formVersion);
  const intake = submissions.find((submission) => submission.channel === 'public');
  const intakeForm = intake && (await formOf(intake));
  let clientName: string | undefined;
  let clientLanguage: string | undefined;
  if (intake && intakeForm?.client) {
    const answers = await readAnswers(ports, intake.rawKey);
    clientName = (intakeForm.client.name ?? []).map((pointer) => valueAt(answers, pointer)).filter((part) => typeof part === 'string').join(' ') || undefined;
    const language = intakeForm.client.language && valueAt(answers, intakeForm.client.language);
    clientLanguage = typeof language === 'string' ? language : undefined;
  }
  const latestAssessment = submissions.filter((submission) => submission.transition?.to === 'assessed').at(-1);
  const assessmentForm = latestAssessment && (await formOf(latestAssessment));
  const scores = [];
  for (const submission of submissions) {
    const form = await formOf(submission);
    for (const score of submission.scores ?? []) scores.push({ ...score, instrument: form?.title ?? submission.formId, on: submission.receivedAt.slice(0, 10) });
  }
  return {
    clientName,
    clientLanguage,
    caseManagerEmail,
    assessment: latestAssessment && assessmentForm
      ? { title: assessmentForm.title, on: latestAssessment.receivedAt.slice(0, 10), schema: assessmentForm.schema, answers: await readAnswers(ports, latestAssessment.rawKey) }
      : undefined,
    scores,
  };
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

  const data = await readAnswers(ports, submission.rawKey);
  const caseContext = await caseContextFor(context, job);
  const locale = documentLocale(templates, agency, job.documentType, caseContext.clientLanguage);
  const html = renderDocumentHtml(templates, {
    caseContext,
    locale,
    documentType: job.documentType, agency, form, caseId: job.caseId, submissionId: job.submissionId, receivedAt: submission.receivedAt, data,
    assessment: { scores: submission.scores ?? [], flags: submission.flags ?? [] },
    ...(submission.noticeDate ? { noticeDate: submission.noticeDate } : {}),
  });
  const title = localizedTitle(templates, { agency, form, documentType: job.documentType, locale });
  const pdf = await renderer.render(html, {
    footerText: `${agency.name} · ${title} · ${job.caseId}`, paperSize: agency.branding?.paperSize ?? 'A4',
    metadata: { title, author: agency.name, language: locale, subject: `Case ${job.caseId}` },
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
    // The message goes to staff: its words stay in the agency's language whatever the document's.
    const message = documentEmail({ agency, documentTitle: documentTitle(form, job.documentType), caseId: job.caseId, pdf: { filename: `${job.documentType}-${job.caseId.slice(0, 8)}.pdf`, content: pdf } });
    const messageId = await ports.sendRaw(await composeMime(message), agency.sender.email, message.to);
    await ports.markDelivered(delivery, messageId, context.now());
  }
  await ports.completeJob(job, context.now());
}
