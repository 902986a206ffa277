import type { StaffMember } from '../../contracts/staff-claims.ts';
import { isStaffForm, type Form } from '../forms/catalog.ts';
import type { Agency } from '../forms/agency.ts';
import { ENGLISH } from '../forms/error-language.ts';
import { pointerTokens } from '../../contracts/json-pointer.ts';
import type { DocumentJob } from './document-job.ts';
import type { JobQueue } from './intake.ts';
import { localDate } from './notice-period.ts';
import { acceptStaffSubmission, type StaffOutcome, type StaffSubmissionStore } from './staff-submission.ts';

/** Who the audit trail names when the service, not a person, completed a termination. */
export const AUTO_TERMINATION_ACTOR = 'caseforms:auto-termination';

export type AutoTerminationResult =
  | { readonly outcome: 'completed' | 'not-enabled' | 'no-completion-form' }
  /** The schedule fired before the first day services may end (the notice reached the client late): fire again then. */
  | { readonly outcome: 'too-early'; readonly earliest: string }
  /** Anything else (no confirmed service yet, the case moved on): staff decide, as they would have without this. */
  | { readonly outcome: 'left-to-staff'; readonly reason: StaffOutcome['outcome'] };

/**
 * Completes a pending termination on the agency's behalf, on the day the case's schedule fires. It submits the
 * agency's completion form with today's date and nothing else, through the same rules and the same transaction as
 * a staff member's submission, so it can never end services earlier than a person could. Idempotent per day: a
 * second run the same day replays the first.
 */
export async function completeTermination(
  store: StaffSubmissionStore, queue: JobQueue, agency: Agency, forms: Iterable<Form>, job: Pick<DocumentJob, 'caseId' | 'submissionId'>, now: Date,
): Promise<AutoTerminationResult> {
  if (!agency.autoCompleteTermination) return { outcome: 'not-enabled' };
  const agencyForms = [...forms];
  const form = agencyForms.find((candidate) => isStaffForm(candidate) && candidate.completesNotice !== undefined);
  if (!form?.completesNotice) return { outcome: 'no-completion-form' };
  const today = localDate(now, agency.timeZone);
  const body = bodyWith(form.completesNotice.completedOn, today);
  const actor: StaffMember = { subject: AUTO_TERMINATION_ACTOR, agencyId: agency.id, roles: [], email: undefined };
  const result = await acceptStaffSubmission(store, queue, {
    form, agencyForms, caseId: job.caseId, staff: actor, rawBody: Buffer.from(JSON.stringify(body)), body,
    idempotencyKey: `auto-termination-${today}`, expectedVersion: undefined, now, requestId: `${COMPLETION_REQUEST}-${job.submissionId}-${today}`,
    language: ENGLISH, agency,
  }, () => undefined);
  if (result.outcome === 'created' || result.outcome === 'replayed') return { outcome: 'completed' };
  if (result.outcome === 'completion-too-early' && result.problem === 'too-early') return { outcome: 'too-early', earliest: result.earliest };
  return { outcome: 'left-to-staff', reason: result.outcome };
}

const COMPLETION_REQUEST = 'auto-termination';

/** `{ "completedOn": "2027-01-15" }` from the pointer `/completedOn`, nested objects included. */
function bodyWith(pointer: string, value: string): Record<string, unknown> {
  const tokens = pointerTokens(pointer);
  const body: Record<string, unknown> = {};
  let node = body;
  tokens.forEach((token, index) => {
    if (index === tokens.length - 1) node[token] = value;
    else node = (node[token] = {}) as Record<string, unknown>;
  });
  return body;
}
