import { addDays, localDate } from './notice-period.ts';

/**
 * A termination between its notice and its end. Services may end only once the client has had the agency's
 * minimum notice, counted from the day the notice actually reached them: the notice date when the mail service
 * confirmed delivery that day, or the later day a letter or a visit served it. Ending services earlier is client
 * abandonment, so every date here is a floor, never a default. Dates are calendar days (YYYY-MM-DD) on the
 * agency's clock.
 */
export interface PendingTermination {
  /** The termination form's submission: the notice the client was sent. */
  readonly submissionId: string;
  /** The day the notice was issued (set by the server). */
  readonly noticeDate: string;
  /** The effective date the notice gives. */
  readonly effectiveDate: string;
  /** The day the notice reached the client, once known: confirmed email delivery or another channel. */
  readonly servedOn?: string;
  /** How it reached them: `email`, or the channel staff recorded (`letter`, `in-person`, …). */
  readonly servedBy?: string;
}

/** The client was served the first time the notice reached them; a later channel does not restart the period. */
export function firstService(termination: PendingTermination, service: { readonly on: string; readonly by: string }): PendingTermination {
  if (termination.servedOn !== undefined && termination.servedOn <= service.on) return termination;
  return { ...termination, servedOn: service.on, servedBy: service.by };
}

/**
 * The notice as served once its email deliveries are known: an email the mail service confirmed delivered (`at`,
 * an instant) serves it on that day in the agency's time zone, never before the notice date, unless the notice
 * reached the client earlier another way.
 */
export function withEmailService(termination: PendingTermination, deliveredAt: readonly string[], timeZone: string): PendingTermination {
  const day = deliveredAt.map((at) => localDate(new Date(at), timeZone)).sort()[0];
  if (day === undefined) return termination;
  return firstService(termination, { on: day < termination.noticeDate ? termination.noticeDate : day, by: 'email' });
}

/** The first day services may end: the notice's effective date, or later when the notice reached the client late. */
export function earliestCompletion(termination: Pick<PendingTermination, 'noticeDate' | 'effectiveDate' | 'servedOn'>, minimumDays: number): string {
  const fromService = addDays(termination.servedOn ?? termination.noticeDate, minimumDays);
  return fromService > termination.effectiveDate ? fromService : termination.effectiveDate;
}

/** Whether the notice reached the client later than the notice date moved the end of services. */
export function completionMoved(termination: PendingTermination, minimumDays: number): boolean {
  return earliestCompletion(termination, minimumDays) > termination.effectiveDate;
}

export type ServiceCheck =
  | { readonly ok: true }
  /** A notice cannot be served before it was issued, nor on a day that has not come yet. */
  | { readonly ok: false; readonly problem: 'served-before-notice' | 'served-in-future'; readonly noticeDate: string; readonly today: string };

export function checkServiceDate(termination: Pick<PendingTermination, 'noticeDate'>, servedOn: string, today: string): ServiceCheck {
  if (servedOn < termination.noticeDate) return { ok: false, problem: 'served-before-notice', noticeDate: termination.noticeDate, today };
  if (servedOn > today) return { ok: false, problem: 'served-in-future', noticeDate: termination.noticeDate, today };
  return { ok: true };
}

export type CompletionCheck =
  | { readonly ok: true }
  | {
    readonly ok: false;
    /** `too-early`: today is before the earliest day; the others are about the date typed in. */
    readonly problem: 'too-early' | 'before-earliest' | 'in-future';
    readonly earliest: string;
    readonly today: string;
  };

/**
 * Completion is accepted only when today is on or after the earliest day, and the day services ended is neither
 * before it nor after today.
 */
export function checkCompletion(earliest: string, completedOn: string, today: string): CompletionCheck {
  if (today < earliest) return { ok: false, problem: 'too-early', earliest, today };
  if (completedOn < earliest) return { ok: false, problem: 'before-earliest', earliest, today };
  if (completedOn > today) return { ok: false, problem: 'in-future', earliest, today };
  return { ok: true };
}
