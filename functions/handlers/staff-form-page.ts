import { randomUUID } from 'node:crypto';
import { moveFor } from '../domain/cases/lifecycle.ts';
import { mayStaffSubmit } from '../domain/forms/form-roles.ts';
import { staffFormResponse, staffFormUploads, resolveStaffForm } from '../web/staff/staff-form-request.ts';
import { filesParameter, versionParameter } from '../web/uploads/upload-addresses.ts';
import type { PageUploadPort } from '../web/uploads/page-uploads.ts';
import { formNotAllowed, noSuchStaffForm, stateRefusal, staffFormUnavailable } from '../web/staff/staff-form-refusals.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { pageUploadPort } from '../composition/page-upload-port.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/cases/{caseId}/forms/{formId}: a staff form for the case, when the case may take it now. As on
 * the intake page, `files=` names the files attached so far and `refused=` why the last one was not (both set by the
 * upload receive step); `version=` is the case version the form was opened at, kept through that round trip.
 */
export function build(settings: () => Config = readConfig, uploadPort: (config: Config) => PageUploadPort | undefined = pageUploadPort) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return { catalog, caseStore: new DynamoCaseStore(config.tableName, blobs), config, uploads: uploadPort(config) };
  });
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-form-page', async (event) => {
    const { catalog, config, caseStore, uploads } = parts();
    const query = event.queryStringParameters ?? {};
    const page = resolveStaffForm(event, catalog, config.templatesDir, query.lang);
    if (page === 'unavailable') return staffFormUnavailable(event.chrome);
    if (page && !mayStaffSubmit(page.form, event.staff)) return formNotAllowed(page.chrome, page.form, page.model.title);
    const record = page ? await caseStore.getCase(page.agency.id, page.caseId) : undefined;
    if (!page || !record) return noSuchStaffForm(page ? page.chrome : event.chrome);
    const move = page.form.legalHold ? null : moveFor(page.form.transitions, record.state);
    if (move === undefined) return stateRefusal(409, page.chrome, 'notNow.title', 'notNow.message', record.state);
    // Back from attaching a file without JavaScript: the version the form was opened at, unless the address names
    // one the case never had (then the case as it is now).
    const opened = versionParameter(query.version);
    const caseVersion = opened !== undefined && opened <= record.version ? opened : record.version;
    const attached = await staffFormUploads(uploads, page, { ids: filesParameter(query.files), refused: query.refused, version: caseVersion });
    // A fresh token per opening: the same filling-in sent twice (a double click, a reload) is stored once.
    return staffFormResponse(page, 200, { token: randomUUID(), data: attached?.data ?? {}, errors: [], caseVersion, ...(attached ? { uploads: attached.uploads } : {}) });
  }, { ...pageDeps });
}

export const handler = build();
