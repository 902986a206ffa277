import { acceptStaffSubmission } from '../cases/staff-submission.ts';
import { isStaffForm, mayBeStaff } from '../forms/catalog.ts';
import { errorLanguageFor } from '../forms/error-language.ts';
import { negotiateLocale } from '../http/accept-language.ts';
import { isPlainCaseId, isPlainId } from '../http/ids.ts';
import { jsonBody, type JsonBodyEvent } from '../http/json-body.ts';
import { formUnavailable, Problem } from '../http/problem.ts';
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

  const result = await acceptStaffSubmission(caseStore, jobQueue, {
    form, agencyForms: pack.forms.values(), caseId, staff: event.staff, rawBody: event.rawBody, body: event.jsonBody,
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
      throw new Problem('validationFailed', `The client must get at least ${agency.minimumTerminationNoticeDays} days' notice.`, [{
        pointer: result.pointer,
        message: `must be on or after ${result.earliestEffectiveDate} (notice date ${result.noticeDate} + ${agency.minimumTerminationNoticeDays} days' minimum notice)`,
      }], { 'Content-Language': locale }, { noticeDate: result.noticeDate, earliestEffectiveDate: result.earliestEffectiveDate });
    case 'notice-not-delivered':
      throw new Problem('noticeNotDelivered', `The client has no confirmed ${result.document}: its email delivery was not confirmed. Record how else it was served.`, [{
        pointer: result.pointer,
        message: 'is required: the notice was not confirmed delivered by email (record the letter or in-person service)',
      }], {}, { deliveryStatuses: result.statuses });
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

/** If-Match: "7" (the case's ETag) or 7; anything else is ignored rather than guessed at. */
function readIfMatch(value: string | undefined): number | undefined {
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}
