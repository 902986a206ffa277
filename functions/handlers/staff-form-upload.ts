import { staffFormFor } from '../domain/forms/catalog.ts';
import { mayStaffSubmit, staffFormRoles } from '../domain/forms/form-roles.ts';
import type { JsonBodyEvent } from '../web/http/json-body.ts';
import { Problem, formUnavailable, serviceUnavailable } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { answerUpload, type UploadStores } from '../web/uploads/upload-routes.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { staffUploadAnswer } from '../web/staff/staff-upload-answer.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { logger } from '../observability/logger.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { uploadStores } from '../composition/upload-stores.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * A staff form's uploads (docs/uploads.md), the intake's three routes (web/uploads/upload-routes.ts) under the staff form's
 * page, `/staff/{agencyId}/cases/{caseId}/forms/{formId}/uploads[/{uploadId}]`: signed-in staff of the session's agency
 * whose role may send this form, for a case of that agency; the POSTs from the staff pages only, refusals in the staff
 * member's language (web/staff/staff-upload-answer.ts).
 */
export function build(settings: () => Config = readConfig, storesFor: (config: Config) => UploadStores | undefined = uploadStores) {
  const parts = builtOnce(() => {
    const config = settings();
    return { catalog: servingCatalog(config), stores: storesFor(config), cases: new DynamoCaseStore(config.tableName, new BlobStore(config.bucketName)) };
  });
  const agencies = () => parts().catalog;
  return staffPageHandler<JsonBodyEvent>('staff-form-upload', (event) => staffUploadAnswer(event, async () => {
    const { catalog, stores, cases } = parts();
    const { agencyId } = event.staff;
    const { caseId, formId } = event.pathParameters ?? {};
    const form = staffFormFor(catalog, agencyId, caseId, formId);
    if (form === 'unavailable') throw formUnavailable();
    if (!form || !isPlainCaseId(caseId)) throw new Problem('notFound', phrase('noSuchCaseOrStaffForm'));
    // The route lets in every role some form allows; this form's own roles decide, as they do for sending it.
    if (!mayStaffSubmit(form, event.staff)) throw new Problem('forbidden', phrase('formRolesRequired', form.formId, staffFormRoles(form).join(', ')));
    if (!stores) throw serviceUnavailable(phrase('uploadsUnavailable'));
    if (!(await cases.getCase(agencyId, caseId))) throw new Problem('notFound', phrase('noSuchCaseOrStaffForm'));
    const ids = { agencyId, caseId, formId: form.formId, actor: event.staff.subject, requestId: event.requestContext.requestId };
    return answerUpload(stores, { agencyId, formId: form.formId, schema: form.schema, pagePath: `/staff/${agencyId}/cases/${caseId}/forms/${form.formId}` }, event,
      ({ step, ...logged }) => logger.info(`staff upload ${step}`, { ...ids, ...logged }));
  }), staffPageDeps(settings, agencies));
}

export const handler = build();
