import { randomUUID } from 'node:crypto';
import { caseReference } from '../domain/cases/case-reference.ts';
import { acceptIntake, storedIds } from '../domain/cases/intake.ts';
import { StorageError } from '../domain/cases/storage-error.ts';
import { errorLanguageFor } from '../domain/forms/error-language.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { applicableAnswers } from '../domain/forms/applicable-answers.ts';
import { receiptClientKey } from '../web/public/client-key.ts';
import { formPageResponse, resolveIntakePage, type FormPageState } from '../web/public/intake-page-request.ts';
import { pageUploads, postedUploadIds } from '../web/uploads/page-uploads.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { htmlResponse, pageSecurityHeaders } from '../web/http/page-responses.ts';
import { sameOrigin } from '../web/http/same-origin.ts';
import { logger } from '../observability/logger.ts';
import { countOutcome } from '../observability/metrics.ts';
import { formDataToJson } from '../web/public-pages/form-data.ts';
import { renderConfirmation, renderMessagePage } from '../web/public-pages/intake-page-html.ts';
import { applyRowAction } from '../web/public-pages/row-actions.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoIntakeStore } from '../adapters/aws/intake-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoUploadRecords } from '../adapters/aws/upload-records.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { pageUploadPort } from '../composition/page-upload-port.ts';
import { readConfig, type Config } from '../contracts/config.ts';

const TOKEN = /^[A-Za-z0-9-]{16,64}$/;

/**
 * POST /intake/{agencyId}/{formId}: the intake page, sent without JavaScript (`application/x-www-form-urlencoded`).
 * Each field is converted to the schema's type, validated by the same validator as the JSON API and stored by the
 * same path, keyed by the page's token so a page sent twice makes one case. Errors come back as the same page with
 * every answer kept, messages beside their fields and a summary linking to them.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return {
      catalog, intakeStore: new DynamoIntakeStore(config.tableName, blobs), jobQueue: new SqsJobQueue(config.documentQueueUrl), config,
      uploads: pageUploadPort(config), uploadRecords: new DynamoUploadRecords(config.tableName),
    };
  });
  const agencies = () => parts().catalog;
  return apiHandler<FormBodyEvent>(async (event) => {
    const { catalog, config, intakeStore, jobQueue, uploads, uploadRecords } = parts();
    const { isForm, tooLarge, params } = event.formBody;
    const page = resolveIntakePage(event, catalog, config.templatesDir, params.get('_lang') ?? undefined);
    if (!('model' in page)) return page;
    const { strings } = page.language;
    const refuse = (status: number, title: string, message: string, headers: Record<string, string> = {}) =>
      htmlResponse(status, renderMessagePage(page.agency.name, page.language, title, message), { 'Content-Language': page.language.locale, ...headers });

    if (!isForm) return refuse(415, strings.errorSummaryTitle!, strings.wrongType!);
    if (tooLarge) return refuse(413, strings.errorSummaryTitle!, strings.tooLarge!);
    // A page on another site cannot post a client's browser into this form (cross-site request forgery).
    if (!sameOrigin(event.headers.origin, event.headers.host, config.publicBaseUrl)) return refuse(403, strings.errorSummaryTitle!, strings.wrongOrigin!);

    const token = params.get('_token') ?? '';
    const data = formDataToJson(page.model, params);
    // The page shown again lists the files its answers carry, with fresh forms to attach more.
    const shown = async (status: number, state: FormPageState, headers: Record<string, string> = {}) => formPageResponse(page, status, {
      ...state, ...(uploads && config.publicBaseUrl ? { uploads: (await pageUploads(uploads, page, { ids: postedUploadIds(page.model, state.data), baseUrl: config.publicBaseUrl }))?.uploads } : {}),
    }, headers);
    if (!TOKEN.test(token)) return shown(400, { token: randomUUID(), data, errors: [] });

    const logIds = { agencyId: page.agency.id, formId: page.form.formId, requestId: event.requestContext.requestId, channel: 'page' };
    // A bot fills in every field, the hidden one too: it is answered as if accepted, and nothing is stored.
    if ((params.get('_hp') ?? '') !== '') {
      countOutcome('Submission', 'honeypot', { ids: logIds });
      return htmlResponse(201, renderConfirmation({
        agencyName: page.agency.name, formTitle: page.model.title, language: page.language,
        reference: caseReference(randomUUID()), newRequestHref: page.path,
      }), { 'Content-Language': page.language.locale });
    }

    const action = params.get('_action');
    if (action) {
      const changed = applyRowAction(page.model, data, action);
      return shown(changed ? 200 : 400, { token, data: changed ?? data, errors: [] });
    }

    const language = errorLanguageFor(page.form, catalog.translations(page.agency.id, page.language.locale), page.language.locale);
    // Answers to a section that does not apply are not sent on (the page shows them all without its script); the page
    // shown again keeps them, in case the client goes back to the answer that asks them.
    const applicable = applicableAnswers(page.form, data);
    let result;
    try {
      result = await acceptIntake(intakeStore, jobQueue, {
        form: page.form, rawBody: Buffer.from(JSON.stringify(applicable)), body: applicable, idempotencyKey: token, now: new Date(), language,
        receiptClientKey: receiptClientKey(page.agency, event), uploads: uploadRecords,
      }, (error) => logger.warn('document job left to the outbox sweeper', { ...logIds, errorName: (error as Error).name }));
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      countOutcome('Submission', 'unavailable', { ids: logIds });
      logger.warn('intake not stored', { ...logIds, step: error.step, errorName: (error.cause as Error)?.name });
      // Nothing was saved; the same page, answers and token come back, so sending again cannot make two cases.
      return shown(503, { token, data, errors: [{ pointer: '', message: strings.unavailable! }] }, { 'Retry-After': '5' });
    }

    countOutcome('Submission', result.outcome, { ids: { ...logIds, ...storedIds(result) } });
    if (result.outcome === 'invalid') return shown(422, { token, data, errors: result.errors });
    if (result.outcome === 'idempotency-key-reused') {
      // The client went back after sending and changed answers: a new token makes their next send a new request.
      return shown(409, { token: randomUUID(), data, errors: [{ pointer: '', message: strings.alreadySent! }] });
    }
    const { receipt } = result;
    return htmlResponse(201, renderConfirmation({
      agencyName: page.agency.name, formTitle: page.model.title, language: page.language,
      reference: caseReference(receipt.caseId), newRequestHref: page.path,
      ...(result.showCrisisResources ? { crisisResources: page.agency.crisisResources } : {}),
    }), { 'Content-Language': page.language.locale });
  }, { middlewares: [originVerify(), formBody()], securityHeaders: pageSecurityHeaders(agencies), agencies });
}

export const handler = build();
