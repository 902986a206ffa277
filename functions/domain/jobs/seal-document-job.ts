import { sealedLockUntil } from '../cases/retention-years.ts';
import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { documentKey } from '../documents/document-key.ts';
import { documentLocale, localizedTitle } from '../documents/document-view.ts';
import { packLabels } from '../forms/pack-labels.ts';
import type { SignatureEvidence } from '../signatures/evidence.ts';
import { sealDocument } from '../seal/seal-document.ts';
import { sha256Hex, signedDocumentId } from '../signatures/sealed-copy.ts';
import { readyToSeal, seal } from '../signatures/signing.ts';
import { answersOnce, caseContextFor } from './case-context.ts';
import { deliverDocument } from './document-notice.ts';
import type { SealDocumentJob } from './job.ts';
import type { DocumentRecord, JobContext } from './job-ports.ts';
import { completeJob } from './job-steps.ts';
import { jobSubmission } from './job-submission.ts';
import { PermanentJobError } from './permanent-job-error.ts';

/**
 * Every signature of a document is in: append the signature page, seal the whole file with the agency's key, store
 * the final PDF once (never replaced, and locked for the agency's records years from now), list it on the case, mark
 * the record sealed with the final PDF's hash, and deliver it by the document type's routes, once its bytes are
 * checked against that hash. Each step is idempotent, so a retry finishes what an attempt began. A
 * record superseded meanwhile is not sealed.
 */
export async function runSealDocument(context: JobContext, job: SealDocumentJob): Promise<readonly DeliveryOutcome[]> {
  const { ports, templates, catalog } = context;
  const signing = context.signing;
  if (!signing) throw new PermanentJobError('seal-document: this worker has no signing ports');
  const documentId = job.submissionId;
  const stored = await signing.store.findSigning(job.agencyId, job.caseId, documentId);
  if (!stored) throw new PermanentJobError(`seal-document: no signing record for document ${documentId}`);
  const { record } = stored;
  if (record.state === 'superseded') {
    await completeJob(context, job);
    return [];
  }
  if (record.state !== 'sealed' && !readyToSeal(record)) throw new PermanentJobError(`seal-document: document ${documentId} is ${record.state}, not ready to seal`);
  const document = await ports.findDocument(job.agencyId, job.caseId, documentId);
  if (!document) throw new PermanentJobError(`seal-document: document ${documentId} is not stored`);

  const wire = { documentType: record.documentType, agencyId: job.agencyId, caseId: job.caseId, submissionId: document.submissionId };
  const { agency, form } = await jobSubmission(context, wire);
  const caseContext = await caseContextFor(context, wire, answersOnce(ports));
  const labelsIn = (language: string) => packLabels((one) => catalog.translations(agency.id, one), language);
  const titleIn = (language: string) => localizedTitle(templates, { agency, form, documentType: record.documentType, locale: language, labels: labelsIn(language) });
  const sealedId = signedDocumentId(documentId);
  const earlier = await ports.findDocument(job.agencyId, job.caseId, sealedId);
  const fresh = earlier ? undefined : await sealAndStore();
  const sealed = earlier ?? fresh!.recorded;

  /** The final PDF made, stored and listed on the case now, with its bytes as stored. */
  async function sealAndStore(): Promise<{ readonly recorded: DocumentRecord; readonly pdf: Buffer }> {
    const locale = documentLocale(templates, agency, record.documentType, caseContext.clientLanguage);
    const evidence = record.steps.flatMap((step): SignatureEvidence[] => (step.evidence ? [step.evidence] : []));
    const key = documentKey(job.agencyId, job.caseId, sealedId);
    const made = await sealDocument({
      pdf: await ports.readBlob(document!.key), evidence, notSigned: record.steps.filter((step) => step.status === 'not-signed').map((step) => step.role), agency, locale, documentTitle: titleIn(locale),
      templates, htmlToPdf: context.renderer, signingKey: await signing!.sealKey(agency), clock: context.now,
    });
    // An earlier attempt stored its seal and died before recording it: that file is the final one, not this.
    const put = await signing!.putFinalPdf(key, made.pdf, sealedLockUntil(context.now(), agency));
    const pdf = put === 'stored' ? made.pdf : await ports.readBlob(key);
    const recorded: DocumentRecord = {
      agencyId: job.agencyId, caseId: job.caseId, documentId: sealedId, documentType: record.documentType, submissionId: document!.submissionId,
      key, sha256: sha256Hex(pdf), bytes: pdf.length, createdAt: context.now().toISOString(),
    };
    await ports.recordDocument(recorded);
    return { recorded, pdf };
  }

  let sealedSha256 = record.sealedSha256;
  if (record.state !== 'sealed') {
    const done = seal(record, sealed.sha256);
    if (done.refusal) throw new PermanentJobError(`seal-document: document ${documentId} refused the seal: ${done.refusal}`);
    const saved = await signing.store.saveSigning(job.agencyId, job.caseId, {
      record: done.record, version: stored.version,
      audit: { agencyId: job.agencyId, caseId: job.caseId, actor: 'document-worker', roles: [], action: 'seal-document', target: documentId, at: context.now().toISOString(), requestId: `${documentId}#seal` },
    });
    // Someone changed the record meanwhile (it was superseded): the retry reads it again and decides.
    if (saved !== 'saved') throw new Error(`seal-document: signing record ${documentId} changed while it was sealed`);
    sealedSha256 = sealed.sha256;
  }
  // What goes out is what was sealed: bytes changed in storage since an earlier attempt stored them (a newer version
  // put over the locked one) are never mailed as the signed document. Ids only in the reason: it is logged.
  const pdf = fresh?.pdf ?? await ports.readBlob(sealed.key);
  if (sha256Hex(pdf) !== sealedSha256) throw new PermanentJobError(`seal-document: the stored final PDF of document ${documentId} does not match the SHA-256 it was sealed with`);
  const outcomes = await deliverDocument(context, agency, job, caseContext, { documentType: record.documentType, documentId: sealedId, pdf, titleIn });
  await completeJob(context, job);
  return outcomes;
}
