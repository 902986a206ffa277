import { randomUUID } from 'node:crypto';
import { moveFor } from '../domain/cases/lifecycle.ts';
import { mayStaffSubmit } from '../domain/forms/form-roles.ts';
import { formNotAllowed, STAFF_FORM_UNAVAILABLE, staffFormResponse, resolveStaffForm } from '../web/staff/staff-form-request.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
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
    const chrome = { agencyName: event.agencyName, brandColor: event.brandColor, staff: event.staff };
    const page = resolveStaffForm(event, catalog, config.templatesDir, event.queryStringParameters?.lang);
    if (page === 'unavailable') return staffPageMessage(503, chrome, STAFF_FORM_UNAVAILABLE.title, STAFF_FORM_UNAVAILABLE.message);
    if (page && !mayStaffSubmit(page.form, event.staff)) return formNotAllowed(chrome, page.form);
    const record = page ? await caseStore.getCase(page.agency.id, page.caseId) : undefined;
    if (!page || !record) return staffPageMessage(404, chrome, 'Not found', 'There is no such case or staff form.');
    const move = page.form.legalHold ? null : moveFor(page.form.transitions, record.state);
    if (move === undefined) {
      return staffPageMessage(409, chrome, 'Not now', `A case in state "${record.state}" cannot take this form now.`);
    }
    // A fresh token per opening: the same filling-in sent twice (a double click, a reload) is stored once.
    return staffFormResponse(page, event, 200, { token: randomUUID(), data: {}, errors: [], caseVersion: record.version });
  }, { ...pageDeps });
}

export const handler = build();
