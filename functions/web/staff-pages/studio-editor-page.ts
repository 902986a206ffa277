import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { LintProblem } from '../../domain/forms/lint-pack.ts';
import { html, SafeHtml } from '../public-pages/html.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH } from './staff-words.ts';
import { problemList, studioHref } from './studio-problems.ts';
import { STUDIO_SCRIPT } from './studio-script.ts';

export interface EditorView {
  readonly agencyId: string;
  readonly path: string;
  readonly text: string;
  /** The draft revision the text was read at (0: no draft yet). */
  readonly revision: number;
  /** Whether the pack holds the file (else saving adds it). */
  readonly exists: boolean;
  readonly problems: readonly LintProblem[];
  readonly notice?: string;
}

/** One file of the draft in a text area: JSON checked as it is typed where JavaScript runs, and by the linter on save. */
export function renderEditorPage(chrome: StaffChrome & { readonly staff: StaffMember }, view: EditorView): string {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  const base = studioHref(view.agencyId);
  const title = words.t('editor.title', { file: view.path });
  return staffDocument(title, { ...chrome, current: 'studio' }, html`<p><a href="${base}">${words.t('editor.back')}</a></p>
<h1>${title}</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : undefined}
<p>${view.revision === 0 ? words.t('editor.fromLive') : words.t('editor.revision', { revision: view.revision })}</p>
${view.exists ? undefined : html`<p>${words.t('editor.new')}</p>`}
${view.problems.length > 0 ? html`<h2 id="file-problems">${words.t('fileProblems.title')}</h2>${problemList(view.agencyId, view.problems, words, 'file-problem-list')}` : undefined}
<form method="post" action="${base}/draft" class="editor">
<input type="hidden" name="action" value="save"><input type="hidden" name="path" value="${view.path}"><input type="hidden" name="revision" value="${view.revision}">
<label for="text">${words.t('editor.label', { file: view.path })}</label>
<p class="help" id="text-hint">${words.t('editor.hint')}</p>
<textarea id="text" name="text" rows="24" spellcheck="false" autocapitalize="off" autocomplete="off" dir="ltr" aria-describedby="text-hint text-syntax">${view.text}</textarea>
<p id="text-syntax" role="status" data-ok="${words.t('editor.syntaxOk')}" data-error="${words.t('editor.syntaxError')}"></p>
<button type="submit">${words.t('editor.save')}</button>
</form>
${view.exists ? html`<form method="post" action="${base}/draft"><input type="hidden" name="action" value="remove"><input type="hidden" name="path" value="${view.path}"><input type="hidden" name="revision" value="${view.revision}"><button type="submit" class="secondary">${words.t('editor.remove')}</button></form>` : undefined}
<script>${new SafeHtml(STUDIO_SCRIPT)}</script>`);
}

/** Someone saved the draft first: nothing of this admin's was saved, and their text is kept on the page to copy. */
export function renderConflictPage(chrome: StaffChrome & { readonly staff: StaffMember }, agencyId: string, by: { readonly who: string; readonly when: string } | undefined, yours: string | undefined): string {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  return staffDocument(words.t('conflict.title'), { ...chrome, current: 'studio' }, html`<h1>${words.t('conflict.title')}</h1>
<p>${by ? words.t('conflict.text', by) : words.t('conflict.publish')}</p>
${yours === undefined ? undefined : html`<label for="yours">${words.t('conflict.yours')}</label>
<textarea id="yours" rows="16" readonly spellcheck="false" dir="ltr">${yours}</textarea>`}
<p><a href="${studioHref(agencyId)}">${words.t('editor.back')}</a></p>`);
}

/** A publish or roll-back the linter refused: every problem, where it is, and nothing changed. */
export function renderRefusedPage(chrome: StaffChrome & { readonly staff: StaffMember }, agencyId: string, problems: readonly LintProblem[]): string {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  return staffDocument(words.t('refused.title'), { ...chrome, current: 'studio' }, html`<h1>${words.t('refused.title')}</h1>
<p>${words.t('refused.text')}</p>
${problemList(agencyId, problems, words, 'refused-list')}
<p><a href="${studioHref(agencyId)}">${words.t('editor.back')}</a></p>`);
}
