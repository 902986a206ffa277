import { isPlainCaseId } from '../../contracts/ids.ts';
import { pointerTokens, valueAt } from '../../contracts/json-pointer.ts';
import type { ReceiveRefusal } from '../../domain/uploads/receive-upload.ts';
import { formPageAddress, uploadReturnAddress, uploadRoutesUnder } from './upload-addresses.ts';
import type { UploadField } from '../../domain/uploads/upload-field.ts';
import type { ScanResult } from '../../domain/uploads/upload-record.ts';
import { uploadFieldsOfModel, type Field, type FormModel } from '../public-pages/form-model.ts';
import type { PageLanguage } from '../public-pages/intake-page-html.ts';
import type { AttachedFile, PageUploads, PresignedForm } from '../public-pages/upload-questions.ts';

/** A file the service received for a form (its bytes checked), not yet linked to a submission. */
export interface ReceivedUpload {
  readonly uploadId: string;
  /** The file question's pointer. */
  readonly field: string;
  readonly name: string;
  readonly size: number;
  readonly scan: ScanResult;
}

/** What a form's page (the intake's, a staff form's) needs of the uploads: the files named in its address, and forms to attach more. */
export interface PageUploadPort {
  /** The received, unlinked uploads among `uploadIds` of this agency's form; ids of another agency or form are left out. */
  received(agencyId: string, formId: string, uploadIds: readonly string[]): Promise<readonly ReceivedUpload[]>;
  /**
   * A presigned POST for a page without JavaScript: `Content-Type` pinned to application/octet-stream (a browser's form
   * cannot set it; the receive step reads the type from the bytes) and `success_action_redirect` to `redirect(uploadId)`.
   */
  presignPageForm(request: {
    readonly agencyId: string; readonly formId: string; readonly field: UploadField; readonly redirect: (uploadId: string) => string;
  }): Promise<PresignedForm>;
}

const REASON = /^[a-z-]{1,20}$/;

/** The page's words for each `refused=` reason the receive step sends (upload-addresses.ts); any other gets the general one. */
const REFUSALS: Readonly<Partial<Record<ReceiveRefusal | 'already-received', string>>> = {
  type: 'uploadRefusedType', 'too-large': 'uploadRefusedSize', empty: 'uploadRefusedEmpty', 'already-received': 'uploadRefusedAgain', missing: 'uploadRefused',
};

/** The upload ids posted at the page's file questions (the page shown again with errors lists them again). */
export function postedUploadIds(model: { readonly fields: readonly Field[] }, data: Record<string, unknown>): string[] {
  return uploadFieldsOfModel(model.fields).flatMap((field) => {
    const value = valueAt(data, field.pointer);
    return Array.isArray(value) ? value.filter((id): id is string => isPlainCaseId(id)) : [];
  });
}

export interface PageUploadRequest {
  /** The ids the page carries: from `files=` on a GET, from the posted answers when the page comes back with errors. */
  readonly ids: readonly string[];
  /** The `refused=` reason the receive step sent the client back with. */
  readonly refused?: string | undefined;
  /** Where the page is served (the public edge, the staff pages): storage redirects the browser to an absolute URL. */
  readonly baseUrl: string;
  /** A staff form's case version, carried through the upload's round trip (upload-addresses.ts). */
  readonly version?: number | undefined;
}

/**
 * The page a form's uploads are shown on: the intake page (intake-page-request.ts), a staff form's
 * (staff-form-request.ts), or a document's signing page for its paper scan (web/staff/paper-scan-request.ts).
 */
export interface UploadPage {
  readonly agency: { readonly id: string };
  readonly form: { readonly formId: string };
  readonly language: PageLanguage;
  readonly model: FormModel;
  /** The page's own path: where a file sent without JavaScript comes back to, and its upload routes are under. */
  readonly path: string;
}

/** Where the script finds the receive address of an upload it sent (`data-receive`, filled in by the script). */
export const RECEIVE_PLACEHOLDER = '{uploadId}';

/**
 * What the page shows of its file questions: the files attached (read from their records, so only this form's received
 * files show, whatever the address says), a fresh presigned POST per question for the page without JavaScript, and
 * the refusal, if any, in the page's language. `data` holds the attached ids at their questions' pointers.
 */
export async function pageUploads(port: PageUploadPort, page: UploadPage, request: PageUploadRequest): Promise<{ readonly uploads: PageUploads; readonly data: Record<string, unknown> } | undefined> {
  const fields = uploadFieldsOfModel(page.model.fields);
  if (fields.length === 0) return undefined;
  const { agency, form } = page;
  const known = new Set(fields.map((field) => field.pointer));
  const received = request.ids.length > 0 ? await port.received(agency.id, form.formId, request.ids) : [];
  const order = new Map(request.ids.map((id, index) => [id, index]));
  const files = received.filter((file) => known.has(file.field)).sort((a, b) => order.get(a.uploadId)! - order.get(b.uploadId)!);
  const ids = files.map((file) => file.uploadId);
  const state = { lang: page.language.locale, version: request.version };
  const addresses = uploadRoutesUnder(page.path);
  const attached: AttachedFile[] = files.map((file) => ({ ...file, removeHref: formPageAddress(page.path, { ...state, files: ids.filter((id) => id !== file.uploadId) }) }));
  const forms = Object.fromEntries(await Promise.all(fields.map(async (field) => [field.pointer, await port.presignPageForm({
    agencyId: agency.id, formId: form.formId, field,
    redirect: (uploadId) => uploadReturnAddress(request.baseUrl, addresses.receive(uploadId), { ...state, files: ids }),
  })] as const)));
  const reason = request.refused && REASON.test(request.refused) ? request.refused : undefined;
  const refused = reason ? page.language.strings[(REFUSALS as Record<string, string>)[reason] ?? 'uploadRefused'] : undefined;
  const data: Record<string, unknown> = {};
  for (const file of files) {
    const list = valueAtPointer(data, file.field);
    list.push(file.uploadId);
  }
  const script = { presignUrl: addresses.presign, receiveUrl: addresses.receive(RECEIVE_PLACEHOLDER) };
  return { uploads: { attached, forms, ...script, ...(refused ? { refused } : {}) }, data };
}

/** The array at `pointer` in `data`, made (with the objects around it) when missing. */
function valueAtPointer(data: Record<string, unknown>, pointer: string): unknown[] {
  const tokens = pointerTokens(pointer);
  let current = data;
  for (const token of tokens.slice(0, -1)) {
    if (typeof current[token] !== 'object' || current[token] === null) define(current, token, {});
    current = current[token] as Record<string, unknown>;
  }
  const last = tokens.at(-1)!;
  if (!Array.isArray(current[last])) define(current, last, []);
  return current[last] as unknown[];
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // Keys come from the schema's pointers, not the request; defineProperty keeps even `__proto__` a plain key.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
