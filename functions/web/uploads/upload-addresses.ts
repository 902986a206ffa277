import { isPlainCaseId } from '../../contracts/ids.ts';
import type { ReceiveRefusal } from '../../domain/uploads/receive-upload.ts';

/** The most upload ids a form page's address carries back (`files=`): every file question's most, with room to spare. */
export const MAX_FILES_IN_ADDRESS = 50;

/** The ids of a `files=` query value (comma-separated), kept only when they are upload ids, each once. */
export function filesParameter(value: string | undefined): string[] {
  const ids = (value ?? '').split(',').filter(isPlainCaseId);
  return [...new Set(ids)].slice(0, MAX_FILES_IN_ADDRESS);
}

/** A `version=` query value: the case version a staff form was opened at, kept while files are attached without JavaScript. */
export function versionParameter(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

export interface PageState {
  readonly lang?: string | undefined;
  /** Upload ids already attached on the page. */
  readonly files: readonly string[];
  /** A staff form's case version (its `_version`), so the form still saves only onto the case as it was opened. */
  readonly version?: number | undefined;
}

/**
 * Where a page's uploads are answered: the presign request, and the receive of one upload, at the routes under the
 * page (`…/uploads`, `…/uploads/{uploadId}`): an intake page's, a staff form's, a signing page's.
 */
export interface UploadAddresses {
  readonly presign: string;
  receive(uploadId: string): string;
}

export const uploadRoutesUnder = (pagePath: string): UploadAddresses => ({
  presign: `${pagePath}/uploads`, receive: (uploadId) => `${pagePath}/uploads/${uploadId}`,
});

function query(state: PageState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (state.lang) params.set('lang', state.lang);
  if (state.files.length > 0) params.set('files', state.files.join(','));
  if (state.version !== undefined) params.set('version', String(state.version));
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A form's page (`path`) with its files attached (and why one was refused): where a POST from a page without JavaScript comes back to. */
export function formPageAddress(path: string, state: PageState, refused?: ReceiveRefusal | 'already-received'): string {
  return `${path}${query(state, refused ? { refused } : {})}`;
}

/**
 * Where S3 sends the browser after a page's upload POST (success_action_redirect, absolute as S3 requires): the
 * receive address of this upload (`receivePath`, served at `baseUrl`: the public edge for the intake, the staff pages'
 * address for a staff form or the signing page), carrying the page's state. S3 appends bucket, key and etag, which
 * receiving ignores.
 */
export function uploadReturnAddress(baseUrl: string, receivePath: string, state: PageState): string {
  return `${baseUrl.replace(/\/+$/, '')}${receivePath}${query(state)}`;
}
