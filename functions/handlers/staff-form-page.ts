import { randomUUID } from 'node:crypto';
import { moveFor } from '../domain/cases/lifecycle.ts';
import { mayStaffSubmit } from '../domain/forms/form-roles.ts';
import { staffFormResponse, resolveStaffForm } from '../web/staff/staff-form-request.ts';
import { formNotAllowed, noSuchStaffForm, stateRefusal, staffFormUnavailable } from '../web/staff/staff-form-refusals.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** GET /staff/{agencyId}/cases/{caseId}/forms/{formId}: a staff form for the case, when the case may take it now. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return { catalog, caseStore: new DynamoCaseStore(config.tableName, blobs), config };
  });
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-form-page', async (event) => {
    const { catalog, config, caseStore } = parts();
    const page = resolveStaffForm(event, catalog, config.templatesDir, event.queryStringParameters?.lang);
    if (page === 'unavailable') return staffFormUnavailable(event.chrome);
    if (page && !mayStaffSubmit(page.form, event.staff)) return formNotAllowed(page.chrome, page.form, page.model.title);
    const record = page ? await caseStore.getCase(page.agency.id, page.caseId) : undefined;
    if (!page || !record) return noSuchStaffForm(page ? page.chrome : event.chrome);
    const move = page.form.legalHold ? null : moveFor(page.form.transitions, record.state);
    if (move === undefined) return stateRefusal(409, page.chrome, 'notNow.title', 'notNow.message', record.state);
    // A fresh token per opening: the same filling-in sent twice (a double click, a reload) is stored once.
    return staffFormResponse(page, 200, { token: randomUUID(), data: {}, errors: [], caseVersion: record.version });
  }, { ...pageDeps });
}

export const handler = build();
