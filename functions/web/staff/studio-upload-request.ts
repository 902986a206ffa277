import type { MultipartBodyEvent } from '../http/multipart-body.ts';
import { MAX_BODY_BYTES } from '../http/json-body.ts';
import type { HttpResponse } from '../http/responses.ts';
import { sameOrigin } from '../http/same-origin.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import type { PackJsonRefusal } from '../../domain/studio/pack-json.ts';
import type { StaffChrome } from '../staff-pages/staff-layout.ts';
import { ENGLISH } from '../staff-pages/staff-words.ts';
import { staffPageMessage } from './staff-page-handler.ts';
import { revisionOf } from './studio-request.ts';

/** The most a pack upload may be, as the page says it: the API's body limit, in KB. */
export const UPLOAD_LIMIT_KB = MAX_BODY_BYTES / 1024;

/** What the upload form sent: the pack file's text and the draft revision the page was opened at. */
export interface PackUpload {
  readonly text: string;
  readonly revision: number;
}

const refusal = (status: number, chrome: StaffChrome, message: string): HttpResponse => {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  return staffPageMessage(status, chrome, words.t('upload.refused'), message);
};

/**
 * The upload form's post, or the page refusing it before anything changes: not the studio's form, too large, sent by
 * another site's page (the session cookie is SameSite=Lax, which lets a top-level POST in), or without a file.
 */
export async function readPackUpload(event: MultipartBodyEvent, chrome: StaffChrome): Promise<(PackUpload & { readonly refused?: undefined }) | { readonly refused: HttpResponse }> {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  const { isMultipart, tooLarge } = event.multipartBody;
  // Another site's post is refused first, its body unread: it learns nothing of what this page would say of it.
  if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) return { refused: refusal(403, chrome, words.t('refused.otherSite')) };
  if (tooLarge) return { refused: refusal(413, chrome, words.t('upload.tooLarge', { limit: UPLOAD_LIMIT_KB })) };
  const parts = await event.multipartBody.parts();
  if (!isMultipart || !parts) return { refused: refusal(415, chrome, words.t('refused.notForm')) };
  const revisionField = parts.get('revision');
  const revision = revisionOf(typeof revisionField === 'string' ? revisionField : undefined);
  if (revision === undefined) return { refused: refusal(400, chrome, words.t('refused.notForm')) };
  const file = parts.get('pack');
  // A browser sends an empty file part when none was chosen.
  if (file === null || typeof file === 'string' || file.size === 0) return { refused: refusal(400, chrome, words.t('upload.noFile')) };
  const bytes = Buffer.from(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { refused: refusal(422, chrome, words.t('upload.notJson')) };
  }
  return { text, revision };
}

/** A file that is not a pack of this agency, said in plain words. */
export function refusedPackJson(chrome: StaffChrome, refused: PackJsonRefusal): HttpResponse {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  switch (refused.refusal) {
    case 'not-json': return refusal(422, chrome, words.t('upload.notJson'));
    case 'not-a-pack': return refusal(422, chrome, words.t('upload.notPack'));
    case 'other-agency': return refusal(422, chrome, words.t('upload.otherAgency', { agency: refused.agency }));
    case 'not-pack-files': return refusal(422, chrome, words.t('upload.badFiles', { files: refused.paths.slice(0, 10).join(', ') }));
  }
}
