import { isPlainCaseId } from '../../contracts/ids.ts';
import type { ReceiveRefusal } from '../../domain/uploads/receive-upload.ts';

/** The most upload ids an intake page address carries back (`files=`): every file question's most, with room to spare. */
export const MAX_FILES_IN_ADDRESS = 50;

/** The ids of a `files=` query value (comma-separated), kept only when they are upload ids, each once. */
export function filesParameter(value: string | undefined): string[] {
  const ids = (value ?? '').split(',').filter(isPlainCaseId);
  return [...new Set(ids)].slice(0, MAX_FILES_IN_ADDRESS);
}

export interface PageState {
  readonly lang?: string;
  /** Upload ids already attached on the page. */
  readonly files: readonly string[];
}

function query(state: PageState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (state.lang) params.set('lang', state.lang);
  if (state.files.length > 0) params.set('files', state.files.join(','));
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A form's page (`path`) with its files attached (and why one was refused): where a POST from a page without JavaScript comes back to. */
export function formPageAddress(path: string, state: PageState, refused?: ReceiveRefusal | 'already-received'): string {
  return `${path}${query(state, refused ? { refused } : {})}`;
}

/** The intake page with its files attached (and why one was refused). */
export function intakePageAddress(agencyId: string, formId: string, state: PageState, refused?: ReceiveRefusal | 'already-received'): string {
  return formPageAddress(`/intake/${agencyId}/${formId}`, state, refused);
}

/**
 * Where S3 sends the browser after a page's upload POST (success_action_redirect, absolute as S3 requires): the
 * receive route of this upload, carrying the page's language and the files it already had. S3 appends bucket, key and
 * etag, which receiving ignores.
 */
export function uploadReturnAddress(publicBaseUrl: string, agencyId: string, formId: string, uploadId: string, state: PageState): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/intake/${agencyId}/${formId}/uploads/${uploadId}${query(state)}`;
}
