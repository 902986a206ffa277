import { acceptStaffSubmission } from '../cases/staff-submission.ts';
import { isStaffForm, mayBeStaff } from '../forms/catalog.ts';
import { errorLanguageFor } from '../forms/error-language.ts';
import { negotiateLocale } from '../http/accept-language.ts';
import { applicableSubmission } from '../http/applicable-answers.ts';
import { isPlainCaseId, isPlainId } from '../http/ids.ts';
import { jsonBody, type JsonBodyEvent } from '../http/json-body.ts';
import { formUnavailable, Problem } from '../http/problem.ts';
import { terminationMessage } from '../http/termination-messages.ts';
import type { StaffOutcome } from '../cases/staff-submission.ts';
import { jsonResponse } from '../http/responses.ts';
import type { StaffEvent } from '../http/staff-auth.ts';
import { staffHandler } from '../http/staff-handler.ts';
import { readIdempotencyKey } from '../http/idempotency-key.ts';
import { logger } from '../observability/logger.ts';
import { getServices } from '../services.ts';

/** POST /agencies/{agencyId}/cases/{caseId}/forms/{formId}/submissions: a staff form against a case, moving it as the pack says. */
export const handler = staffHandler<StaffEvent & JsonBodyEvent>('submit-staff-form', async (event) => {
  const { catalog, caseStore, jobQueue } = getServices();
  const { agencyId } = event.staff;
  const { caseId, formId } = event.pathParameters ?? {};
  const form = isPlainId(formId) ? catalog.form(agencyId, formId) : undefined;
  const refused = !form && isPlainId(formId) ? catalog.refusedForm(agencyId, formId) : undefined;
  if (isPlainCaseId(caseId) && refused && mayBeStaff(refused)) throw formUnavailable();
  if (!isPlainCaseId(caseId) || !form || !isStaffForm(form)) throw new Problem('notFound', 'There is no such case or staff form.');
  const agency = catalog.agency(agencyId)!;
  const locale = negotiateLocale(event.headers['accept-language'], agency.locales, agency.defaultLocale);
  const pack = catalog.pack(agencyId)!;

  // Answers to a section that does not apply are dropped before validation and never stored.
  const { body, rawBody } = applicableSubmission(form, event.jsonBody, event.rawBody);
  const result = await acceptStaffSubmission(caseStore, jobQueue, {
    form, agencyForms: pack.forms.values(), caseId, staff: event.staff, rawBody, body,
    idempotencyKey: readIdempotencyKey(event.headers['idempotency-key']), expectedVersion: readIfMatch(event.headers['if-match']),
    now: new Date(), requestId: event.requestContext.requestId, language: errorLanguageFor(form, catalog.translations(agencyId, locale), locale),
    agency,
  }, (error) => logger.warn('document job left to the outbox sweeper', { agencyId, caseId, formId: form.formId, errorName: (error as Error).name }));
  logger.info('staff submission', { agencyId, caseId, formId: form.formId, outcome: result.outcome, actor: event.staff.subject, requestId: event.requestContext.requestId });
  switch (result.outcome) {
    case 'case-not-found':
      throw new Problem('notFound', 'There is no such case or staff form.');
    case 'illegal-move':
      throw new Problem('conflict', `A case in state "${result.state}" cannot take the form "${form.formId}" now.`, [], {}, { currentState: result.state, allowedMoves: result.allowed });
    case 'stale':
      throw new Problem('conflict', 'The case changed since you read it. Reload it and submit again.', [], {}, { currentState: result.state, currentVersion: result.version });
    case 'invalid':
      throw new Problem('validationFailed', `${result.errors.length} field(s) need attention.`, result.errors, { 'Content-Language': locale });
    case 'notice-too-short':
    case 'notice-not-delivered':
    case 'service-date-invalid':
    case 'completion-too-early': {
      const message = terminationMessage(result, locale, agency.minimumTerminationNoticeDays);
      const kind = result.outcome === 'notice-not-delivered' ? 'noticeNotDelivered' : result.outcome === 'completion-too-early' ? 'terminationTooEarly' : 'validationFailed';
      throw new Problem(kind, message.detail, [{ pointer: result.pointer, message: message.field }], { 'Content-Language': locale }, terminationFacts(result));
    }
    case 'idempotency-key-reused':
      throw new Problem('idempotencyKeyReused', 'This Idempotency-Key was already used with a different body.', [{ pointer: '', message: 'differs from the body first sent with this Idempotency-Key' }]);
    default: {
      const { receipt } = result;
      return jsonResponse(201, receipt, {
        Location: `/agencies/${agencyId}/cases/${caseId}/submissions/${receipt.id}`,
        ETag: `"${receipt.version}"`,
        ...(result.outcome === 'replayed' ? { 'Idempotent-Replayed': 'true' } : {}),
      });
    }
  }
}, [jsonBody()]);

/** The dates behind a termination refusal, for API clients that act on them. */
function terminationFacts(result: Extract<StaffOutcome, { pointer: string }>): Record<string, unknown> {
  switch (result.outcome) {
    case 'notice-too-short': return { noticeDate: result.noticeDate, earliestEffectiveDate: result.earliestEffectiveDate };
    case 'notice-not-delivered': return { deliveryStatuses: result.statuses };
    case 'service-date-invalid': return { noticeDate: result.noticeDate, today: result.today };
    case 'completion-too-early': return { earliestCompletion: result.earliest, today: result.today };
  }
}

/** If-Match: "7" (the case's ETag) or 7; anything else is ignored rather than guessed at. */
function readIfMatch(value: string | undefined): number | undefined {
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}
