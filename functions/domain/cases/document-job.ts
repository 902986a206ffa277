/**
 * A job as it travels on the document queue, waits in the outbox and in schedules, and is kept in its record on the
 * case: plain JSON, read back into its kind of work by domain/jobs/parse-job.ts.
 */
export interface DocumentJob {
  /**
   * The kind of work: a template's name, as the form's `documents` annotation names it, or a special job (risk
   * alert, receipt, the review jobs of review-reminders.ts).
   */
  readonly documentType: string;
  readonly agencyId: string;
  readonly caseId: string;
  readonly submissionId: string;
  /**
   * Receipts only: a keyed hash of the network address the intake came from, for the per-client limit on receipts.
   * Never the address itself.
   */
  readonly clientKey?: string;
  /** Review jobs only (review-reminders.ts): the review date the job was made for; none when a review is cancelled. */
  readonly reviewDueAt?: string;
}

/** The job of a submission's risk alert: routed to staff at once, before any document is rendered. */
export const RISK_ALERT_JOB = 'risk-alert';

/** The job of an intake's receipt to the client: the case reference and nothing else, where the agency routes one. */
export const RECEIPT_JOB = 'receipt';

/**
 * The jobs a submission starts: a risk alert first when a raised flag asks for the supervisor, then one job per
 * document the form produces.
 */
export function jobsFor(
  ids: Omit<DocumentJob, 'documentType' | 'clientKey' | 'reviewDueAt'>,
  documents: readonly string[],
  flags: ReadonlyArray<{ readonly alertSupervisor: boolean }>,
  /** A public intake whose agency sends receipts: the submitting client's key (see DocumentJob.clientKey). */
  receipt?: { readonly clientKey: string },
): DocumentJob[] {
  const types = [...(flags.some((flag) => flag.alertSupervisor) ? [RISK_ALERT_JOB] : []), ...documents];
  return [
    ...types.map((documentType) => ({ documentType, ...ids })),
    ...(receipt ? [{ documentType: RECEIPT_JOB, ...ids, clientKey: receipt.clientKey }] : []),
  ];
}

/** Attempts a job gets before the worker moves it to the dead-letter queue with its reason. */
export const JOB_MAX_ATTEMPTS = 5;
/**
 * The queue's own redrive count: above JOB_MAX_ATTEMPTS, so it only catches a job whose worker died on every
 * attempt (and so could not dead-letter it with a reason).
 */
export const QUEUE_MAX_RECEIVE_COUNT = JOB_MAX_ATTEMPTS + 3;

/** Seconds before attempt `attempt + 1` of a failed job: doubling from `baseSeconds`, at most 15 minutes. */
export function retryDelaySeconds(attempt: number, baseSeconds: number): number {
  return Math.min(900, baseSeconds * 2 ** Math.max(0, attempt - 1));
}
