import { acceptStaffSubmission } from '../domain/cases/staff-submission.ts';
import { staffFormFor } from '../domain/forms/catalog.ts';
import { mayStaffSubmit, staffFormRoles } from '../domain/forms/form-roles.ts';
import { errorLanguageFor, fieldPointer } from '../domain/forms/error-language.ts';
import { applicableSubmission } from '../domain/forms/applicable-answers.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { jsonBody, type JsonBodyEvent } from '../web/http/json-body.ts';
import type { LocaleEvent } from '../web/http/request-locale.ts';
import { formUnavailable, Problem } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { terminationProblem } from '../web/http/termination-problem.ts';
import { jsonResponse } from '../web/http/responses.ts';
import type { StaffEvent } from '../web/staff/staff-auth.ts';
import { staffHandler } from '../web/staff/staff-handler.ts';
import { readIdempotencyKey } from '../web/http/idempotency-key.ts';
import { logger } from '../observability/logger.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoUploadRecords } from '../adapters/aws/upload-records.ts';
import { builtOnce } from '../composition/built-once.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** POST /agencies/{agencyId}/cases/{caseId}/forms/{formId}/submissions: a staff form against a case, moving it as the pack says. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return {
      catalog, caseStore: new DynamoCaseStore(config.tableName, blobs), jobQueue: new SqsJobQueue(config.documentQueueUrl),
      uploads: new DynamoUploadRecords(config.tableName),
    };
  });
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler<StaffEvent & JsonBodyEvent & LocaleEvent>('submit-staff-form', async (event) => {
    const { catalog, caseStore, jobQueue, uploads } = parts();
    const { agencyId } = event.staff;
    const { caseId, formId } = event.pathParameters ?? {};
    const form = staffFormFor(catalog, agencyId, caseId, formId);
    if (form === 'unavailable') throw formUnavailable();
    if (!form || !isPlainCaseId(caseId)) throw new Problem('notFound', phrase('noSuchCaseOrStaffForm'));
    // The route lets in every role some form allows; this form's own roles decide, before the case is even read.
    if (!mayStaffSubmit(form, event.staff)) {
      logger.info('staff submission', { agencyId, caseId, formId: form.formId, outcome: 'role-not-allowed', actor: event.staff.subject, requestId: event.requestContext.requestId });
      throw new Problem('forbidden', phrase('formRolesRequired', form.formId, staffFormRoles(form).join(', ')));
    }
    const agency = catalog.agency(agencyId)!;
    const { locale } = event;
    const pack = catalog.pack(agencyId)!;
    const language = errorLanguageFor(form, catalog.translations(agencyId, locale), locale);
    // The notice rules' messages name the field as validation errors do: its title in the request's language.
    const titleOf = (pointer: string) => language.title(fieldPointer(pointer)) ?? pointer.split('/').pop() ?? pointer;

    // Answers to a section that does not apply are dropped before validation and never stored.
    const { body, rawBody } = applicableSubmission(form, event.jsonBody, event.rawBody);
    const result = await acceptStaffSubmission(caseStore, jobQueue, {
      form, agencyForms: pack.forms.values(), caseId, staff: event.staff, rawBody, body,
      idempotencyKey: readIdempotencyKey(event.headers['idempotency-key']), expectedVersion: readIfMatch(event.headers['if-match']),
      now: new Date(), requestId: event.requestContext.requestId, language,
      agency, uploads,
    }, (error) => logger.warn('document job left to the outbox sweeper', { agencyId, caseId, formId: form.formId, errorName: (error as Error).name }));
    logger.info('staff submission', { agencyId, caseId, formId: form.formId, outcome: result.outcome, actor: event.staff.subject, requestId: event.requestContext.requestId });
    switch (result.outcome) {
      case 'case-not-found':
        throw new Problem('notFound', phrase('noSuchCaseOrStaffForm'));
      case 'illegal-move':
        throw new Problem('conflict', phrase('illegalMove', result.state, form.formId), [], {}, { currentState: result.state, allowedMoves: result.allowed });
      case 'stale':
        throw new Problem('conflict', phrase('caseChanged'), [], {}, { currentState: result.state, currentVersion: result.version });
      case 'invalid':
        throw new Problem('validationFailed', phrase('fieldsNeedAttention', result.errors.length), result.errors, { 'Content-Language': locale });
      case 'notice-too-short':
      case 'notice-not-delivered':
      case 'service-date-invalid':
      case 'completion-too-early':
        throw terminationProblem(result, agency.minimumTerminationNoticeDays, titleOf, { 'Content-Language': locale });
      case 'idempotency-key-reused':
        throw new Problem('idempotencyKeyReused', phrase('idempotencyKeyReused'), [{ pointer: '', phrase: phrase('idempotencyKeyReusedField') }]);
      default: {
        const { receipt } = result;
        return jsonResponse(201, receipt, {
          Location: `/agencies/${agencyId}/cases/${caseId}/submissions/${receipt.id}`,
          ETag: `"${receipt.version}"`,
          ...(result.outcome === 'replayed' ? { 'Idempotent-Replayed': 'true' } : {}),
        });
      }
    }
  }, { middlewares: [jsonBody()], agencies, sessions });
}

export const handler = build();

/** If-Match: "7" (the case's ETag) or 7; anything else is ignored rather than guessed at. */
function readIfMatch(value: string | undefined): number | undefined {
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}
