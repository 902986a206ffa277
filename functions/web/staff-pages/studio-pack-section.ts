import type { Draft } from '../../domain/studio/pack-store.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import type { Words } from './staff-words.ts';
import { studioHref } from './studio-problems.ts';

export const packDownloadHref = (agencyId: string, version: string) => `${studioHref(agencyId)}/pack?version=${encodeURIComponent(version)}`;

/**
 * The studio home's round trip to the repository: the draft and the live version as one file each, and a form that
 * takes such a file back into the draft. The form names the revision it was opened at, as a file save does.
 */
export function packSection(words: Words<'staffStudio'>, view: { readonly agencyId: string; readonly draft: Draft | undefined; readonly liveVersion: string; readonly limitKb: number }): SafeHtml {
  const { agencyId, draft, liveVersion } = view;
  return html`<section aria-labelledby="pack"><h2 id="pack">${words.t('pack.title')}</h2>
<p>${words.t('pack.intro', { agency: agencyId })}</p>
<ul>${draft ? html`<li><a href="${packDownloadHref(agencyId, 'draft')}" download>${words.t('pack.downloadDraft', { revision: draft.revision })}</a></li>` : undefined}
<li><a href="${packDownloadHref(agencyId, 'live')}" download>${words.t('pack.downloadLive', { version: liveVersion })}</a></li></ul>
<h3 id="upload">${words.t('upload.title')}</h3>
<form method="post" action="${studioHref(agencyId)}/upload" enctype="multipart/form-data"><input type="hidden" name="revision" value="${draft?.revision ?? 0}">
<label for="pack-file">${words.t('upload.label')}</label>
<p class="help" id="pack-file-hint">${words.t('upload.intro', { limit: view.limitKb })}</p>
<input id="pack-file" name="pack" type="file" required accept=".json,application/json" aria-describedby="pack-file-hint">
<button type="submit">${words.t('upload.button')}</button></form>
</section>`;
}
