import { randomUUID } from 'node:crypto';
import { acceptStaffSubmission } from '../domain/cases/staff-submission.ts';
import { errorLanguageFor, fieldPointer } from '../domain/forms/error-language.ts';
import { applicableAnswers } from '../domain/forms/applicable-answers.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { sameOrigin } from '../web/http/same-origin.ts';
import { resolveStaffForm, staffFormResponse, staffFormUploads } from '../web/staff/staff-form-request.ts';
import { postedUploadIds, type PageUploadPort } from '../web/uploads/page-uploads.ts';
import { formNotAllowed, noSuchStaffForm, stateRefusal, staffFormRefusal, staffFormUnavailable } from '../web/staff/staff-form-refusals.ts';
import { mayStaffSubmit } from '../domain/forms/form-roles.ts';
import { redirect, staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { terminationProblem } from '../web/http/termination-problem.ts';
import { logger } from '../observability/logger.ts';
import { formDataToJson } from '../web/public-pages/form-data.ts';
import { applyRowAction } from '../web/public-pages/row-actions.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoUploadRecords } from '../adapters/aws/upload-records.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { pageUploadPort } from '../composition/page-upload-port.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';
import type { FormPageState } from '../web/public/intake-page-request.ts';

const TOKEN = /^[A-Za-z0-9-]{16,64}$/;

/**
 * POST /staff/{agencyId}/cases/{caseId}/forms/{formId}: a staff form sent from its page. The same path as the API's
 * staff submission: the same validation, lifecycle, notice rules and idempotency (the page's token is the key), and
 * the write is conditional on the case version the form was opened at. Success goes back to the case page.
 */
export function build(settings: () => Config = readConfig, uploadPort: (config: Config) => PageUploadPort | undefined = pageUploadPort) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return {
      catalog, caseStore: new DynamoCaseStore(config.tableName, blobs), jobQueue: new SqsJobQueue(config.documentQueueUrl), config,
      uploads: new DynamoUploadRecords(config.tableName), pagePort: uploadPort(config),
    };
  });
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler<FormBodyEvent>('staff-form-post', async (event) => {
    const { catalog, config, caseStore, jobQueue, uploads, pagePort } = parts();
    const { chrome } = event;
    const { isForm, tooLarge, params } = event.formBody;
    if (!isForm) return staffFormRefusal(415, chrome, 'notSent.title', 'notSent.notForm');
    if (tooLarge) return staffFormRefusal(413, chrome, 'notSent.title', 'notSent.tooLarge');
    // Another site's page cannot make a signed-in browser submit a form (the session cookie is SameSite=Lax as well).
    if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
      return staffFormRefusal(403, chrome, 'notSent.title', 'notSent.otherSite');
    }
    const page = resolveStaffForm(event, catalog, config.templatesDir, params.get('_lang') ?? undefined);
    if (page === 'unavailable') return staffFormUnavailable(chrome);
    if (!page) return noSuchStaffForm(chrome);
    const words = page.chrome.language.words('staffForm');
    if (!mayStaffSubmit(page.form, event.staff)) {
      logger.info('staff submission', { agencyId: page.agency.id, caseId: page.caseId, formId: page.form.formId, outcome: 'role-not-allowed', actor: event.staff.subject, channel: 'page', requestId: event.requestContext.requestId });
      return formNotAllowed(page.chrome, page.form, page.model.title);
    }
    const token = params.get('_token') ?? '';
    const caseVersion = Number(params.get('_version'));
    const data = formDataToJson(page.model, params);
    // The page shown again lists the files its answers carry, with fresh forms to attach more (as the intake's does).
    const shown = async (status: number, state: FormPageState & { readonly caseVersion: number }) => {
      const attached = await staffFormUploads(pagePort, page, { ids: postedUploadIds(page.model, state.data), version: state.caseVersion });
      return staffFormResponse(page, status, { ...state, ...(attached ? { uploads: attached.uploads } : {}) });
    };
    if (!TOKEN.test(token) || !Number.isInteger(caseVersion)) return shown(400, { token: randomUUID(), data, errors: [], caseVersion: 0 });
    if (event.signedOutForInactivity) {
      // The session ended for inactivity before this was sent: nothing is saved, and the answers are not lost either.
      return shown(401, { token, data, errors: [{ pointer: '', message: words.t('signedOutIdle') }], caseVersion });
    }
    const action = params.get('_action');
    if (action) {
      const changed = applyRowAction(page.model, data, action);
      return shown(changed ? 200 : 400, { token, data: changed ?? data, errors: [], caseVersion });
    }

    const { agency, form, caseId } = page;
    // Answers to a section that does not apply are not saved (the page shown again keeps them).
    const applicable = applicableAnswers(form, data);
    const { locale } = page.language;
    const language = errorLanguageFor(form, catalog.translations(agency.id, locale), locale);
    const titleOf = (pointer: string) => language.title(fieldPointer(pointer)) ?? pointer.split('/').pop() ?? pointer;
    const result = await acceptStaffSubmission(caseStore, jobQueue, {
      form, agencyForms: catalog.pack(agency.id)!.forms.values(), caseId, staff: event.staff, rawBody: Buffer.from(JSON.stringify(applicable)), body: applicable,
      idempotencyKey: token, expectedVersion: caseVersion, now: new Date(), requestId: event.requestContext.requestId,
      language, agency, uploads,
    }, (error) => logger.warn('document job left to the outbox sweeper', { agencyId: agency.id, caseId, formId: form.formId, errorName: (error as Error).name }));
    logger.info('staff submission', { agencyId: agency.id, caseId, formId: form.formId, outcome: result.outcome, actor: event.staff.subject, channel: 'page', requestId: event.requestContext.requestId });
    const again = (status: number, errors: ReadonlyArray<{ pointer: string; message: string }>, version = caseVersion, newToken = token) =>
      shown(status, { token: newToken, data, errors, caseVersion: version });
    switch (result.outcome) {
      case 'created':
      case 'replayed':
        return redirect(`/staff/${agency.id}/cases/${caseId}?saved=${form.formId}`);
      case 'case-not-found':
        return noSuchStaffForm(page.chrome);
      case 'illegal-move':
        return stateRefusal(409, page.chrome, 'notSaved.title', 'notSaved.illegalMove', result.state);
      case 'stale':
        // Someone else changed the case: the answers stay, and sending again applies them to the case as it is now.
        return again(409, [{ pointer: '', message: words.t('stale') }], result.version);
      case 'invalid':
        return again(422, result.errors);
      case 'notice-too-short':
      case 'notice-not-delivered':
      case 'service-date-invalid':
      case 'completion-too-early': {
        const problem = terminationProblem(result, agency.minimumTerminationNoticeDays, titleOf);
        return again(problem.status, problem.body(locale).errors);
      }
      case 'idempotency-key-reused':
        return again(409, [{ pointer: '', message: words.t('reused') }], caseVersion, randomUUID());
    }
  }, { ...pageDeps, keepIdlePost: true }, [formBody()]);
}

export const handler = build();
