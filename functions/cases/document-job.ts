/** A document to produce and deliver, as it travels on the document queue and waits in the outbox. */
export interface DocumentJob {
  /** The template that renders it, as the form's `documents` annotation names it. */
  readonly documentType: string;
  readonly agencyId: string;
  readonly caseId: string;
  readonly submissionId: string;
}

export function isDocumentJob(value: unknown): value is DocumentJob {
  const job = value as Partial<DocumentJob> | null;
  return (
    typeof job === 'object' && job !== null &&
    typeof job.documentType === 'string' && typeof job.agencyId === 'string' &&
    typeof job.caseId === 'string' && typeof job.submissionId === 'string'
  );
}
