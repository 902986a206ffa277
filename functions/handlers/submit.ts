import { acceptIntake, storedIds, type IntakeStore, type JobQueue } from '../domain/cases/intake.ts';
import type { FormCatalog } from '../domain/forms/catalog.ts';
import { StorageError } from '../domain/cases/storage-error.ts';
import { errorLanguageFor } from '../domain/forms/error-language.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { applicableSubmission } from '../domain/forms/applicable-answers.ts';
import { receiptClientKey } from '../web/public/client-key.ts';
import { jsonBody, type JsonBodyEvent } from '../web/http/json-body.ts';
import type { LocaleEvent } from '../web/http/request-locale.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { Problem, serviceUnavailable } from '../web/http/problem.ts';
import { publicForm } from '../web/public/public-form.ts';
import { intakeCredentials, type IntakeCredentialEvent } from '../web/public/intake-credentials.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { logger } from '../observability/logger.ts';
import { countOutcome } from '../observability/metrics.ts';
import { readIdempotencyKey } from '../web/http/idempotency-key.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoIntakeStore } from '../adapters/aws/intake-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoUploadRecords } from '../adapters/aws/upload-records.ts';
import type { UploadReader } from '../domain/uploads/upload-links.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** What accepting an intake works with: the forms, and where an accepted intake and its jobs go. */
export interface SubmitParts {
  readonly catalog: FormCatalog;
  readonly intakeStore: IntakeStore;
  readonly jobQueue: JobQueue;
  /** The upload records the answers' file ids are checked against and linked to. */
  readonly uploads?: UploadReader;
}

export function submitParts(config: Config): SubmitParts {
  const blobs = new BlobStore(config.bucketName);
  return {
    catalog: servingCatalog(config), intakeStore: new DynamoIntakeStore(config.tableName, blobs), jobQueue: new SqsJobQueue(config.documentQueueUrl),
    uploads: new DynamoUploadRecords(config.tableName),
  };
}

/**
 * POST /agencies/{agencyId}/forms/{formId}/submissions: validate a public intake and open a case. Its parts are given
 * (the stores on AWS by default), so the request-path benchmark can measure the same handler without storage.
 */
export function build(settings: () => Config = readConfig, partsFor: (config: Config) => SubmitParts = submitParts) {
  const parts = builtOnce(() => partsFor(settings()));
  const agencies = () => parts().catalog;
  return apiHandler<IntakeCredentialEvent & JsonBodyEvent & LocaleEvent>(async (event) => {
    const { intakeStore, jobQueue, catalog, uploads } = parts();
    const { form } = event;
    const agency = catalog.agency(form.agencyId)!;
    const { locale } = event;
    const language = errorLanguageFor(form, catalog.translations(form.agencyId, locale), locale);
    const idempotencyKey = readIdempotencyKey(event.headers['idempotency-key']);

    // The credential names an API key by its id, never the key; an open agency's requests carry none.
    const logIds = { agencyId: form.agencyId, formId: form.formId, requestId: event.requestContext.requestId, ...(event.intakeCredential ? { credential: event.intakeCredential } : {}) };
    // Answers to a section that does not apply are dropped before validation and never stored.
    const submission = applicableSubmission(form, event.jsonBody, event.rawBody);
    let result;
    try {
      result = await acceptIntake(intakeStore, jobQueue, {
        form, rawBody: submission.rawBody, body: submission.body, idempotencyKey, now: new Date(), language, receiptClientKey: receiptClientKey(agency, event), uploads,
      }, (error) =>
        logger.warn('document job left to the outbox sweeper', { ...logIds, errorName: (error as Error).name }),
      );
    } catch (error) {
      if (error instanceof StorageError) {
        countOutcome('Submission', 'unavailable', { ids: logIds });
        logger.warn('intake not stored', { ...logIds, step: error.step, errorName: (error.cause as Error)?.name });
        throw serviceUnavailable(phrase('storageUnavailable'));
      }
      throw error;
    }

    // The request's one log line: the outcome's count, with the ids that find a stored intake again.
    countOutcome('Submission', result.outcome, { ids: { ...logIds, ...storedIds(result) } });
    if (result.outcome === 'invalid') {
      throw new Problem('validationFailed', phrase('fieldsNeedAttention', result.errors.length), result.errors, { 'Content-Language': locale });
    }
    if (result.outcome === 'idempotency-key-reused') {
      throw new Problem('idempotencyKeyReused', phrase('idempotencyKeyReused'), [{ pointer: '', phrase: phrase('idempotencyKeyReusedField') }]);
    }
    const { receipt } = result;
    // A client whose own answers raise a risk flag is shown where to get help now, before anyone reads the case.
    const body = result.showCrisisResources ? { ...receipt, crisisResources: agency.crisisResources } : receipt;
    return jsonResponse(201, body, {
      Location: `/agencies/${form.agencyId}/cases/${receipt.caseId}/submissions/${receipt.id}`,
      ...(result.outcome === 'replayed' ? { 'Idempotent-Replayed': 'true' } : {}),
    });
  }, { middlewares: [originVerify(), publicForm(agencies), intakeCredentials(agencies), jsonBody()], agencies });
}

export const handler = build();
