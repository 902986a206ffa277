import type { Agency } from '../../domain/forms/agency.ts';
import { PAPER_SCAN_FIELD, paperScanForm } from '../../domain/signatures/paper-scan.ts';
import { turnRefusal, type SigningRecord } from '../../domain/signatures/signing.ts';
import { CLIENT_STEP_RECORDERS, mayActOn } from '../../domain/signatures/staff-signing.ts';
import { checkUploadLinks } from '../../domain/uploads/upload-links.ts';
import type { UploadRecord } from '../../domain/uploads/upload-record.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import { logger } from '../../observability/logger.ts';
import type { JsonBodyEvent } from '../http/json-body.ts';
import { Problem, serviceUnavailable } from '../http/problem.ts';
import { phrase } from '../http/problem-phrases/index.ts';
import type { HttpResponse } from '../http/responses.ts';
import { formModel, uploadFieldsOfModel } from '../public-pages/form-model.ts';
import type { PageLanguage } from '../public-pages/intake-page-html.ts';
import type { PaperScanPart } from '../staff-pages/signing-page.ts';
import { pageUploads, type PageUploadPort } from '../uploads/page-uploads.ts';
import { answerUpload, type UploadStores } from '../uploads/upload-routes.ts';
import type { StaffPageEvent } from './staff-page-handler.ts';
import { staffUploadAnswer } from './staff-upload-answer.ts';

/**
 * The paper signature's scan, uploaded on the signing page itself (docs/signatures.md "Signing on the case"): the
 * upload steps a staff form's file question has (web/uploads/upload-routes.ts), at the routes under the signing page
 * (`…/signatures/{documentId}/uploads[/{uploadId}]`), for the case's paper-scan form (domain/signatures/paper-scan.ts).
 * Only a staff member who may record the client's paper signature may send one, and only while the client's step
 * takes it.
 */

/** The uploads bucket and records, as the signing page's paper form uses them; none without an uploads bucket. */
export interface PaperScanUploads {
  /** Presign and receive (the upload steps). */
  readonly stores: UploadStores;
  /** The files the page's address names, and the form a page without JavaScript attaches one with. */
  readonly page: PageUploadPort;
}

const signingPath = (agencyId: string, caseId: string, documentId: string) => `/staff/${agencyId}/cases/${caseId}/signatures/${documentId}`;

/** Whether a request to the signing page's function is one of the scan's upload routes, rather than the page or its forms. */
export const isPaperScanUpload = (event: StaffPageEvent): boolean => /\/signatures\/\{documentId\}\/uploads(\/\{uploadId\})?$/.test(event.routeKey);

/**
 * `POST …/uploads` (JSON: presign) or `…/uploads/{uploadId}` (POST: the script's receive; GET: storage's redirect, a
 * 303 back to the page with the file in `files=`). Problems in the staff member's language (staff-upload-answer.ts).
 */
export function paperScanUpload(
  event: StaffPageEvent & JsonBodyEvent, uploads: PaperScanUploads | undefined, ids: { readonly caseId: string; readonly documentId: string }, record: SigningRecord | undefined,
): Promise<HttpResponse> {
  return staffUploadAnswer(event, async () => {
    const { staff } = event;
    if (!record) throw new Problem('notFound', phrase('noSuchDocument'));
    if (!mayActOn(staff, 'client')) throw new Problem('forbidden', phrase('rolesRequired', CLIENT_STEP_RECORDERS.join(', ')));
    // Only while the page offers the paper form: nothing is uploaded for a step that takes no scan.
    if (turnRefusal(record, 'client') !== undefined) throw new Problem('conflict', phrase('noPaperScanNow'));
    if (!uploads) throw serviceUnavailable(phrase('uploadsUnavailable'));
    const form = paperScanForm(staff.agencyId, ids.caseId);
    const logged = { agencyId: staff.agencyId, caseId: ids.caseId, documentId: ids.documentId, actor: staff.subject, requestId: event.requestContext.requestId };
    return answerUpload(uploads.stores, { ...form, pagePath: signingPath(staff.agencyId, ids.caseId, ids.documentId) }, event,
      ({ step, ...rest }) => logger.info(`paper scan upload ${step}`, { ...logged, ...rest }));
  });
}

/**
 * The paper form's file question on the signing page: the scan attached so far (`files=` on a GET, the posted one when
 * the page comes back refused), a presigned POST for a page without JavaScript, and why the last file was refused.
 */
export async function paperScanPart(
  uploads: PaperScanUploads | undefined,
  page: { readonly agency: Agency; readonly caseId: string; readonly documentId: string; readonly language: PageLanguage; readonly label: string },
  request: { readonly ids: readonly string[]; readonly refused?: string | undefined },
): Promise<PaperScanPart | undefined> {
  if (!uploads) return undefined;
  const form = paperScanForm(page.agency.id, page.caseId);
  const model = formModel(form.schema, (key) => (key === PAPER_SCAN_FIELD ? page.label : undefined));
  const path = signingPath(page.agency.id, page.caseId, page.documentId);
  const shown = await pageUploads(uploads.page, { agency: page.agency, form, language: page.language, model, path }, {
    ...request, baseUrl: readSignInConfig().pagesBaseUrl,
  });
  const [field] = uploadFieldsOfModel(model.fields);
  return shown && field ? { field, uploads: shown.uploads, language: page.language } : undefined;
}

/**
 * A scan uploaded on this case's signing page that the paper signature may name: received for the case's paper-scan
 * form, not linked yet, not found infected (upload-links.ts, as a staff form's submission checks its files).
 */
export function uploadedScanOf(uploads: PaperScanUploads | undefined, agencyId: string, caseId: string): (uploadId: string) => Promise<UploadRecord | undefined> {
  return async (uploadId) => {
    if (!uploads) return undefined;
    const checked = await checkUploadLinks(uploads.stores.uploads, paperScanForm(agencyId, caseId), { paperScan: [uploadId] });
    return checked.files[0];
  };
}
