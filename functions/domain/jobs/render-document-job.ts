import { createHash } from 'node:crypto';
import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { documentKey } from '../documents/document-key.ts';
import { documentLocale, localizedTitle, renderDocumentHtml } from '../documents/document-view.ts';
import { packLabels } from '../forms/pack-labels.ts';
import { answersOnce, caseContextFor } from './case-context.ts';
import { wireJob, type RenderDocumentJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { deliverDocument } from './document-notice.ts';
import { completeJob } from './job-steps.ts';
import { openSigning } from './open-signing.ts';
import { jobSubmission } from './job-submission.ts';
import { PermanentJobError } from './permanent-job-error.ts';

/**
 * Renders the document, stores it, and delivers it to every recipient its route names. Every step is idempotent:
 * the PDF key and document id derive from the submission, and each (document, recipient) delivery is claimed
 * before sending, so a duplicated message or a retried invocation sends nothing twice.
 */
export async function runRenderDocument(context: JobContext, job: RenderDocumentJob): Promise<readonly DeliveryOutcome[]> {
  const { ports, catalog, templates } = context;
  // Any name that is not a special job parses as a document: one that no template renders is a job nobody does.
  if (!templates.has(job.agencyId, job.documentType)) {
    throw new PermanentJobError(`unknown job: ${JSON.stringify(job.documentType)} is neither a special job nor a template of agency ${job.agencyId}`);
  }
  const wire = wireJob(job);
  const { agency, submission, form } = await jobSubmission(context, wire);
  // Only the form's own `documents` start document jobs (document-job.ts jobsFor): any other was never ours to send.
  if (!form.documents.includes(job.documentType)) {
    throw new PermanentJobError(`unknown job: ${JSON.stringify(job.documentType)} is neither a special job nor a document form ${submission.formId} produces`);
  }
  const answers = answersOnce(ports);
  const caseContext = await caseContextFor(context, wire, answers);
  // The pack's words in a language: forms, fields, options, scores and flags (forms/pack-labels.ts).
  const labelsIn = (language: string) => packLabels((one) => catalog.translations(agency.id, one), language);
  const locale = documentLocale(templates, agency, job.documentType, caseContext.clientLanguage);
  const labels = labelsIn(locale);
  const documentId = `${job.submissionId}-${job.documentType}`;
  // A document already stored is delivered as it was made: a held one goes out once the client confirms their
  // address (client-address.ts), and must be the letter staff already have, not one rendered from the case as it is now.
  const stored = await ports.findDocument(job.agencyId, job.caseId, documentId);
  const pdf = stored ? await ports.readBlob(stored.key) : await renderAndStore();

  async function renderAndStore(): Promise<Buffer> {
    const data = await answers(submission.rawKey);
    const html = renderDocumentHtml(templates, {
      caseContext,
      locale,
      labels,
      documentType: job.documentType, agency, form, caseId: job.caseId, submissionId: job.submissionId, receivedAt: submission.receivedAt, data,
      assessment: { scores: submission.scores ?? [], flags: submission.flags ?? [] },
      ...(submission.noticeDate ? { noticeDate: submission.noticeDate } : {}),
    });
    const title = localizedTitle(templates, { agency, form, documentType: job.documentType, locale, labels });
    const rendered = await context.renderer.render(html, {
      footer: [agency.name, title, job.caseId], paperSize: agency.branding?.paperSize ?? 'A4',
      metadata: { title, author: agency.name, language: locale, subject: `${String(templates.strings(agency.id, 'document', locale)?.reference ?? 'Reference')} ${job.caseId}` },
    });
    const key = documentKey(job.agencyId, job.caseId, documentId);
    await ports.putBlob(key, rendered, 'application/pdf');
    await ports.recordDocument({
      agencyId: job.agencyId, caseId: job.caseId, documentId, documentType: job.documentType, submissionId: job.submissionId,
      key, sha256: createHash('sha256').update(rendered).digest('hex'), bytes: rendered.length, createdAt: context.now().toISOString(),
    });
    return rendered;
  }

  if (context.signing) {
    await openSigning(context, context.signing, agency, { caseId: job.caseId, documentId, documentType: job.documentType, documentSha256: createHash('sha256').update(pdf).digest('hex') });
  }
  const outcomes = await deliverDocument(context, agency, job, caseContext, {
    documentType: job.documentType, documentId, pdf,
    titleIn: (language) => localizedTitle(templates, { agency, form, documentType: job.documentType, locale: language, labels: labelsIn(language) }),
  });
  await completeJob(context, job);
  return outcomes;
}
