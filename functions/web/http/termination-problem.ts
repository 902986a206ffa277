import type { TerminationRefusal } from '../../domain/cases/termination-steps.ts';
import { Problem, type ProblemKind } from './problem.ts';
import { phrase, type Phrase } from './problem-phrases/index.ts';

type Refusal = Exclude<TerminationRefusal, { readonly outcome: 'no-pending-termination' }>;

/**
 * A termination rule's refusal as a problem: the same answer for the API and, worded in the page's language
 * (`body(locale).errors`), beside the field on the staff page. Each names the date a person can act on, and the
 * field by its title in the reader's language (`titleOf`).
 */
export function terminationProblem(refusal: Refusal, minimumDays: number, titleOf: (pointer: string) => string, headers: Readonly<Record<string, string>> = {}): Problem {
  const title = titleOf(refusal.pointer);
  const field = (fieldPhrase: Phrase) => [{ pointer: refusal.pointer, phrase: fieldPhrase }];
  const problem = (kind: ProblemKind, detail: Phrase, fieldPhrase: Phrase, facts: Record<string, unknown>) =>
    new Problem(kind, detail, field(fieldPhrase), headers, facts);
  switch (refusal.outcome) {
    case 'notice-too-short':
      return problem('validationFailed', phrase('noticeTooShort', minimumDays, refusal.earliestEffectiveDate),
        phrase('noticeTooShortField', title, refusal.earliestEffectiveDate, refusal.noticeDate, minimumDays),
        { noticeDate: refusal.noticeDate, earliestEffectiveDate: refusal.earliestEffectiveDate });
    case 'notice-not-delivered':
      return problem('noticeNotDelivered', phrase('noticeNotDelivered'), phrase('noticeNotDeliveredField', title), { deliveryStatuses: refusal.statuses });
    case 'service-date-invalid': {
      const facts = { noticeDate: refusal.noticeDate, today: refusal.today };
      return refusal.problem === 'served-before-notice'
        ? problem('validationFailed', phrase('servedBeforeNotice', refusal.noticeDate), phrase('servedBeforeNoticeField', title, refusal.noticeDate), facts)
        : problem('validationFailed', phrase('notYet', refusal.today), phrase('notYetField', title, refusal.today), facts);
    }
    case 'completion-too-early': {
      const facts = { earliestCompletion: refusal.earliest, today: refusal.today };
      if (refusal.problem === 'too-early') {
        return problem('terminationTooEarly', phrase('completionTooEarly', refusal.earliest, refusal.today), phrase('completionTooEarlyField', title, refusal.earliest), facts);
      }
      return refusal.problem === 'before-earliest'
        ? problem('terminationTooEarly', phrase('completionBeforeEarliest', refusal.earliest), phrase('completionBeforeEarliestField', title, refusal.earliest), facts)
        : problem('terminationTooEarly', phrase('notYet', refusal.today), phrase('notYetField', title, refusal.today), facts);
    }
  }
}
