import type { Form } from '../forms/catalog.ts';
import { valueAt } from '../../contracts/json-pointer.ts';
import type { CaseRecord } from './case-record.ts';
import { checkNoticePeriod, localDate } from './notice-period.ts';
import { checkCompletion, checkServiceDate, earliestCompletion, firstService, withEmailService, type PendingTermination } from './termination.ts';

/** A client's copy of a notice as the mail service last reported it, with the time it confirmed delivery. */
export interface NoticeDelivery {
  readonly status: string;
  readonly deliveredAt?: string;
}

export interface TerminationContext {
  readonly form: Form;
  readonly before: CaseRecord;
  readonly body: unknown;
  readonly now: Date;
  readonly submissionId: string;
  readonly agency: { readonly timeZone: string; readonly minimumTerminationNoticeDays: number };
  /** The client's deliveries of the notice document, read only when a completion needs them. */
  readonly noticeDeliveries: (document: string) => Promise<readonly NoticeDelivery[]>;
}

/** Why a termination step refused the form; each names the field and the dates a person needs to fix it. */
export type TerminationRefusal =
  | { readonly outcome: 'notice-too-short'; readonly pointer: string; readonly noticeDate: string; readonly earliestEffectiveDate: string }
  | { readonly outcome: 'notice-not-delivered'; readonly pointer: string; readonly document: string; readonly statuses: readonly string[] }
  | { readonly outcome: 'service-date-invalid'; readonly pointer: string; readonly problem: 'served-before-notice' | 'served-in-future'; readonly noticeDate: string; readonly today: string }
  | { readonly outcome: 'completion-too-early'; readonly pointer: string; readonly problem: 'too-early' | 'before-earliest' | 'in-future'; readonly earliest: string; readonly today: string }
  | { readonly outcome: 'no-pending-termination' };

/** What an accepted step changes on the case. */
export interface TerminationChange {
  readonly termination?: PendingTermination;
  /** The notice reached the client: the "not delivered" banner goes. */
  readonly noticeServed: boolean;
  /** Set by the server for forms with a notice period: the day the notice is issued. */
  readonly noticeDate?: string;
}

/**
 * The termination rules a staff form is subject to: issuing a notice (its minimum period), recording how it
 * reached the client, and completing it (only on or after the earliest day, counted from service).
 */
export async function terminationStep(context: TerminationContext): Promise<TerminationRefusal | TerminationChange> {
  const { form, before, body, now, agency } = context;
  const today = localDate(now, agency.timeZone);
  if (form.noticePeriod) {
    const pointer = form.noticePeriod.effectiveDate;
    const effectiveDate = String(valueAt(body, pointer));
    const notice = checkNoticePeriod(now, agency.timeZone, agency.minimumTerminationNoticeDays, effectiveDate);
    if (!notice.ok) return { outcome: 'notice-too-short', pointer, noticeDate: notice.noticeDate, earliestEffectiveDate: notice.earliestEffectiveDate };
    return { termination: { submissionId: context.submissionId, noticeDate: notice.noticeDate, effectiveDate }, noticeServed: false, noticeDate: notice.noticeDate };
  }
  if (form.noticeServed) {
    if (!before.termination) return { outcome: 'no-pending-termination' };
    const pointer = form.noticeServed.servedOn;
    const servedOn = String(valueAt(body, pointer));
    const check = checkServiceDate(before.termination, servedOn, today);
    if (!check.ok) return { outcome: 'service-date-invalid', pointer, ...check };
    const servedBy = String(valueAt(body, form.noticeServed.channel));
    return { termination: firstService(before.termination, { on: servedOn, by: servedBy }), noticeServed: true };
  }
  if (form.completesNotice) {
    if (!before.termination) return { outcome: 'no-pending-termination' };
    const { document, otherChannel, servedOn: servedPointer, completedOn: completedPointer } = form.completesNotice;
    let termination = before.termination;
    const other = valueAt(body, otherChannel);
    if (other !== undefined) {
      const servedOn = String(valueAt(body, servedPointer));
      const check = checkServiceDate(termination, servedOn, today);
      if (!check.ok) return { outcome: 'service-date-invalid', pointer: servedPointer, ...check };
      const channel = typeof other === 'object' && other !== null ? (other as Record<string, unknown>).channel : undefined;
      termination = firstService(termination, { on: servedOn, by: typeof channel === 'string' ? channel : 'other' });
    }
    const deliveries = await context.noticeDeliveries(document);
    termination = withEmailService(termination, deliveries.flatMap((delivery) => (delivery.deliveredAt === undefined ? [] : [delivery.deliveredAt])), agency.timeZone);
    if (termination.servedOn === undefined) {
      return { outcome: 'notice-not-delivered', pointer: otherChannel, document, statuses: deliveries.map((delivery) => delivery.status) };
    }
    const earliest = earliestCompletion(termination, agency.minimumTerminationNoticeDays);
    const completion = checkCompletion(earliest, String(valueAt(body, completedPointer)), today);
    if (!completion.ok) return { outcome: 'completion-too-early', pointer: completedPointer, ...completion };
    return { termination, noticeServed: true };
  }
  return { noticeServed: false };
}

export const isRefusal = (step: TerminationRefusal | TerminationChange): step is TerminationRefusal => 'outcome' in step;
