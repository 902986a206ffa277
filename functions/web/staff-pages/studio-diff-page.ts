import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { DiffField, PackDiff } from '../../domain/studio/pack-diff.ts';
import { isEmptyDiff } from '../../domain/studio/pack-diff.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH, type Words } from './staff-words.ts';
import { studioHref } from './studio-problems.ts';

/** Two versions side by side, as an admin decides on them: files, then each form's questions added, removed, changed. */
export function renderDiffPage(chrome: StaffChrome & { readonly staff: StaffMember }, agencyId: string, names: { readonly from: string; readonly to: string }, diff: PackDiff): string {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  const list = (title: string, items: readonly string[]) => (items.length === 0 ? undefined : html`<h2>${title}</h2><ul>${items.map((item) => html`<li><code>${item}</code></li>`)}</ul>`);
  return staffDocument(words.t('diff.title'), { ...chrome, current: 'studio' }, html`<p><a href="${studioHref(agencyId)}">${words.t('editor.back')}</a></p>
<h1>${words.t('diff.title')}</h1>
<p>${words.t('diff.line', names)}</p>
${isEmptyDiff(diff) ? html`<p>${words.t('diff.none')}</p>` : undefined}
${list(words.t('diff.files.added'), diff.addedFiles)}
${list(words.t('diff.files.removed'), diff.removedFiles)}
${list(words.t('diff.files.changed'), diff.changedFiles)}
${diff.forms.map((form) => html`<section aria-labelledby="form-${form.formId}"><h2 id="form-${form.formId}">${words.t('diff.form', { form: form.formId })}</h2>
${fields(words.t('diff.fields.added'), form.added, 'added')}${fields(words.t('diff.fields.removed'), form.removed, 'removed')}${fields(words.t('diff.fields.changed'), form.changed, 'changed')}</section>`)}`);

  function fields(title: string, items: readonly DiffField[], kind: string): SafeHtml | undefined {
    return items.length === 0 ? undefined : html`<h3>${title}</h3><ul class="diff-${kind}">${items.map((field) => html`<li><code>${field.pointer}</code>${field.title ? html` ${field.title}` : undefined}</li>`)}</ul>`;
  }
}

