import { RECEIPT_JOB, type DocumentJob } from '../cases/document-job.ts';
import { isReviewJob, type ReviewPorts } from '../cases/review-reminders.ts';
import { deliverAll, type DeliveryOutcome, type DeliveryPorts } from '../delivery/deliver.ts';
import { composeMessage, type EmailStrings } from '../delivery/messages.ts';
import type { ReceiptAllowance } from '../delivery/receipts.ts';
import { planDeliveries, RISK_ALERT, type CaseFacts, type ClientContact } from '../delivery/routing.ts';
import { linkTokenHash, linkUrl, newLinkToken, type SecureLink } from '../delivery/secure-link.ts';
import type { Form, FormCatalog } from '../forms/catalog.ts';
import type { FormVersions } from '../forms/form-versions.ts';
import type { Assessment } from '../forms/scoring.ts';
import { valueAt } from '../forms/json-pointer.ts';
import { flagTitle, packLabels } from '../forms/pack-labels.ts';
import { declaredScoring } from '../outcomes/declared-scoring.ts';
import { scoreTrends } from '../outcomes/score-trends.ts';
import { documentLocale, localizedTitle, renderDocumentHtml, type CaseContext } from './document-view.ts';
import type { HtmlToPdf } from './html-to-pdf.ts';
import type { TemplateLibrary } from './templates.ts';
import { runReviewJob } from './review-jobs.ts';
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

/** A submission of the job's case, as the case's other documents see it. */
export interface CaseSubmission extends SubmissionRecord {
  readonly submissionId: string;
  readonly channel: 'public' | 'staff';
  readonly transition?: { readonly from: string; readonly to: string };
}

/** What producing and delivering a document needs from storage and mail; the AWS adapters implement it. */
export interface DocumentJobPorts extends DeliveryPorts {
  findSubmission(job: DocumentJob): Promise<SubmissionRecord | undefined>;
  /** Every submission of the job's case, oldest first, the case manager's address and the recorded consent. */
  caseContext(job: DocumentJob): Promise<{
    readonly submissions: readonly CaseSubmission[];
    readonly caseManagerEmail: string | undefined;
    readonly consentedProviders: readonly string[];
  }>;
  readBlob(key: string): Promise<Buffer>;
  putBlob(key: string, body: Buffer, contentType: string): Promise<void>;
  recordDocument(record: DocumentRecord): Promise<void>;
  createLink(link: SecureLink): Promise<void>;
  /** An intake receipt may go to this address from this client today (receipts.ts); the same delivery again is allowed. */
  allowReceipt(allowance: ReceiptAllowance): Promise<boolean>;
  /** The supervisor was told: the job's risk flags leave `alert-pending`. */
  markAlerted(job: DocumentJob, now: Date): Promise<void>;
  completeJob(job: DocumentJob, now: Date): Promise<void>;
}

export interface DocumentJobContext {
  readonly ports: DocumentJobPorts;
  readonly catalog: FormCatalog;
  readonly formVersions: Pick<FormVersions, 'form'>;
  readonly templates: TemplateLibrary;
  readonly renderer: HtmlToPdf;
  readonly now: () => Date;
  /** Where secure links point: the public API's base URL. */
  readonly publicBaseUrl: string;
  /** How long a delivery's claim holds before another worker may take it over. */
  readonly leaseMs?: number;
  /** Review reminders (review-reminders.ts); a review job without them can never succeed. */
  readonly reviews?: ReviewPorts;
}

/** A job that can never succeed (its case or form is gone): retrying cannot help, it belongs in the dead-letter queue. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** Where a generated PDF is stored: ids only, never names. */
export function documentKey(agencyId: string, caseId: string, documentId: string): string {
  return `agencies/${agencyId}/cases/${caseId}/documents/${documentId}.pdf`;
}

async function readAnswers(ports: DocumentJobPorts, rawKey: string): Promise<Record<string, unknown>> {
  return JSON.parse((await ports.readBlob(rawKey)).toString('utf8')) as Record<string, unknown>;
}

/**
 * What a document may say about the rest of the case: the client's name (from the intake, where its form's
 * `x-caseforms.client` points), the case manager, the latest assessment's answers, and every score so far, also
 * as one trend per instrument.
 */
async function caseContextFor({ ports, formVersions }: DocumentJobContext, job: DocumentJob): Promise<CaseContext & { readonly facts: CaseFacts }> {
  const { submissions, caseManagerEmail, consentedProviders } = await ports.caseContext(job);
  const formOf = (submission: CaseSubmission) => formVersions.form(job.agencyId, submission.formId, submission.formVersion);
  const intake = submissions.find((submission) => submission.channel === 'public');
  const intakeForm = intake && (await formOf(intake));
  let clientName: string | undefined;
  let client: ClientContact | undefined;
  if (intake && intakeForm?.client) {
    const fields = intakeForm.client;
    const answers = await readAnswers(ports, intake.rawKey);
    const text = (pointer: string | undefined) => {
      const value = pointer && valueAt(answers, pointer);
      return typeof value === 'string' ? value : undefined;
    };
    clientName = (fields.name ?? []).map(text).filter((part) => part !== undefined).join(' ') || undefined;
    client = { email: text(fields.email), emailIsSafe: fields.emailIsSafe !== undefined && valueAt(answers, fields.emailIsSafe) === true, language: text(fields.language) };
  }
  const clientLanguage = client?.language;
  const latestAssessment = submissions.filter((submission) => submission.transition?.to === 'assessed').at(-1);
  const assessmentForm = latestAssessment && (await formOf(latestAssessment));
  const scores = [];
  // The latest version of each form the case has used: its scoring sets the scale of that instrument's trend.
  const latestForms = new Map<string, Form>();
  for (const submission of submissions) {
    const form = await formOf(submission);
    if (form) latestForms.set(submission.formId, form);
    for (const score of submission.scores ?? []) scores.push({ ...score, formId: submission.formId, instrument: form?.title ?? submission.formId, on: submission.receivedAt.slice(0, 10) });
  }
  return {
    facts: { client, caseManagerEmail, consentedProviders },
    clientName,
    clientLanguage,
    caseManagerEmail,
    assessment: latestAssessment && assessmentForm
      ? { formId: latestAssessment.formId, title: assessmentForm.title, on: latestAssessment.receivedAt.slice(0, 10), schema: assessmentForm.schema, answers: await readAnswers(ports, latestAssessment.rawKey) }
      : undefined,
    scores,
    trends: scoreTrends(submissions, (formId) => declaredScoring(latestForms.get(formId))),
  };
}

/**
 * Runs one job. A document job renders the document, stores it, and delivers it to every recipient its route
 * names; a risk-alert job tells the supervisor at once, without waiting for any document. Every step is
 * idempotent: the PDF key and document id derive from the submission, and each (document, recipient) delivery is
 * claimed before sending, so a duplicated message or a retried invocation sends nothing twice.
 */
export async function runDocumentJob(context: DocumentJobContext, job: DocumentJob): Promise<readonly DeliveryOutcome[]> {
  const { ports, catalog, formVersions, templates } = context;
  const agency = catalog.agency(job.agencyId);
  if (isReviewJob(job)) {
    if (!agency || !context.reviews) throw new PermanentJobError(`no agency, or no review scheduler configured, for job ${job.submissionId}`);
    // A review date or time zone that cannot be scheduled (a RangeError) will not get better with retries.
    return runReviewJob({ ...context, reviews: context.reviews }, agency, job).catch((error: unknown) => {
      throw error instanceof RangeError ? new PermanentJobError(error.message) : error;
    });
  }
  const submission = await ports.findSubmission(job);
  if (!agency || !submission) throw new PermanentJobError(`no agency or submission for job ${job.submissionId}`);
  // The form as it was when this submission was accepted, even if the agency has changed it since.
  const form = await formVersions.form(job.agencyId, submission.formId, submission.formVersion);
  if (!form) throw new PermanentJobError(`form ${submission.formId} version ${submission.formVersion} of agency ${job.agencyId} is not published`);
  const caseContext = await caseContextFor(context, job);
  const emailStrings = (locale: string): EmailStrings =>
    (templates.strings(agency.id, 'email', locale) ?? templates.strings(agency.id, 'email', agency.defaultLocale) ?? {}) as EmailStrings;
  const replyTo = caseContext.caseManagerEmail;
  // The pack's words in a language: forms, fields, options, scores and flags (forms/pack-labels.ts).
  const labelsIn = (language: string) => packLabels((one) => catalog.translations(agency.id, one), language);

  if (job.documentType === RISK_ALERT) {
    const flags = (submission.flags ?? []).filter((flag) => flag.alertSupervisor);
    const outcomes = await deliverAll({ ports, now: context.now, leaseMs: context.leaseMs, message: async (to) => {
      const words = labelsIn(to.locale)(submission.formId);
      return composeMessage({
        agency, strings: emailStrings(to.locale), to, caseId: job.caseId, replyTo,
        content: { kind: 'alert', flags: flags.map((flag) => flagTitle(words, flag.id, flag.title)) },
      });
    },
    }, { agencyId: job.agencyId, caseId: job.caseId, documentId: `${job.submissionId}-${RISK_ALERT}` }, planDeliveries(agency, RISK_ALERT, caseContext.facts));
    await ports.markAlerted(job, context.now());
    await ports.completeJob(job, context.now());
    return outcomes;
  }

  if (job.documentType === RECEIPT_JOB) {
    const outcomes = await deliverAll({
      ports, now: context.now, leaseMs: context.leaseMs,
      // Only the client is ever limited: a receipt routed to staff as well is their own copy.
      allowed: async (to, delivery) => to.kind !== 'client' || ports.allowReceipt({
        agencyId: job.agencyId, address: to.address, clientKey: job.clientKey, deliveryId: `${delivery.documentId}#${delivery.recipient}`, now: context.now(),
      }),
      message: async (to) => composeMessage({ agency, strings: emailStrings(to.locale), to, caseId: job.caseId, replyTo, content: { kind: 'receipt' } }),
    }, { agencyId: job.agencyId, caseId: job.caseId, documentId: `${job.submissionId}-${RECEIPT_JOB}` }, planDeliveries(agency, RECEIPT_JOB, caseContext.facts));
    await ports.completeJob(job, context.now());
    return outcomes;
  }

  if (!templates.has(job.agencyId, job.documentType)) throw new PermanentJobError(`no template for document type ${job.documentType}`);
  const data = await readAnswers(ports, submission.rawKey);
  const locale = documentLocale(templates, agency, job.documentType, caseContext.clientLanguage);
  const labels = labelsIn(locale);
  const html = renderDocumentHtml(templates, {
    caseContext,
    locale,
    labels,
    documentType: job.documentType, agency, form, caseId: job.caseId, submissionId: job.submissionId, receivedAt: submission.receivedAt, data,
    assessment: { scores: submission.scores ?? [], flags: submission.flags ?? [] },
    ...(submission.noticeDate ? { noticeDate: submission.noticeDate } : {}),
  });
  const title = localizedTitle(templates, { agency, form, documentType: job.documentType, locale, labels });
  const pdf = await context.renderer.render(html, {
    footer: [agency.name, title, job.caseId], paperSize: agency.branding?.paperSize ?? 'A4',
    metadata: { title, author: agency.name, language: locale, subject: `${String(templates.strings(agency.id, 'document', locale)?.reference ?? 'Reference')} ${job.caseId}` },
  });

  const documentId = `${job.submissionId}-${job.documentType}`;
  const key = documentKey(job.agencyId, job.caseId, documentId);
  await ports.putBlob(key, pdf, 'application/pdf');
  await ports.recordDocument({
    agencyId: job.agencyId, caseId: job.caseId, documentId, documentType: job.documentType, submissionId: job.submissionId,
    key, sha256: createHash('sha256').update(pdf).digest('hex'), bytes: pdf.length, createdAt: context.now().toISOString(),
  });

  const validHours = agency.delivery?.linkValidHours ?? DEFAULT_LINK_VALID_HOURS;
  const outcomes = await deliverAll({
    ports, now: context.now, leaseMs: context.leaseMs,
    message: async (to, delivery) => {
      let link: { url: string; expiresAt: Date } | undefined;
      if (to.method === 'link') {
        const token = newLinkToken();
        const createdAt = context.now();
        const expiresAt = new Date(createdAt.getTime() + validHours * 3_600_000);
        await ports.createLink({ ...delivery, tokenHash: linkTokenHash(token), createdAt: createdAt.toISOString(), validUntil: expiresAt.toISOString() });
        link = { url: linkUrl(context.publicBaseUrl, job.agencyId, token), expiresAt };
      }
      const recipientTitle = localizedTitle(templates, { agency, form, documentType: job.documentType, locale: to.locale, labels: labelsIn(to.locale) });
      return composeMessage({
        agency, strings: emailStrings(to.locale), to, caseId: job.caseId, replyTo,
        content: { kind: 'document', documentType: job.documentType, title: recipientTitle, pdf, ...(link ? { link } : {}) },
      });
    },
  }, { agencyId: job.agencyId, caseId: job.caseId, documentId }, planDeliveries(agency, job.documentType, caseContext.facts));
  await ports.completeJob(job, context.now());
  return outcomes;
}

const DEFAULT_LINK_VALID_HOURS = 72;
