import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { LintProblem } from '../../domain/forms/lint-pack.ts';
import type { Refusal } from '../../domain/forms/catalog.ts';
import { packFolder, type PackFiles } from '../../domain/forms/pack-files.ts';
import type { PackDiff } from '../../domain/studio/pack-diff.ts';
import type { Draft, LivePointer, PackEvent } from '../../domain/studio/pack-store.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { agencyClock } from './local-time.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH, type Words } from './staff-words.ts';
import { diffHref, editorHref, problemList, studioHref } from './studio-problems.ts';
import { packSection } from './studio-pack-section.ts';

export interface StudioView {
  readonly agencyId: string;
  readonly timeZone: string;
  readonly liveVersion: string;
  readonly pointer: LivePointer | undefined;
  readonly draft: Draft | undefined;
  readonly files: PackFiles;
  /** The draft against the live version (undefined without a draft). */
  readonly changes: PackDiff | undefined;
  readonly problems: readonly LintProblem[];
  readonly history: readonly PackEvent[];
  /** The draft's public forms, and the agency's languages: what the preview links to. */
  readonly publicForms: readonly string[];
  readonly locales: readonly string[];
  /** What the last post did, said once at the top. */
  readonly notice: string | undefined;
  /** Files of the live version that could not be loaded: out of service, the rest working (catalog.ts loadPack). */
  readonly refused: readonly Refusal[];
  /** The most a pack upload may be, said beside the form (the API's body limit). */
  readonly uploadLimitKb: number;
}

/** The studio's home: what is live, the draft and its problems, the files, the preview, and the history. */
export function renderStudioPage(chrome: StaffChrome & { readonly staff: StaffMember }, view: StudioView): string {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  const base = studioHref(view.agencyId);
  const when = (at: string) => agencyClock(at, view.timeZone);
  const who = (by: string) => (by === 'deploy' ? words.t('who.deploy') : by);
  const errors = view.problems.filter((problem) => problem.severity === 'error');
  const warnings = view.problems.filter((problem) => problem.severity === 'warning');
  const revision = view.draft?.revision ?? 0;
  return staffDocument(words.t('title'), { ...chrome, current: 'studio' }, html`<h1>${words.t('title')}</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : undefined}
<p>${words.t('intro')}</p>
<section aria-labelledby="live"><h2 id="live">${words.t('live.title')}</h2>
<p>${view.pointer && view.pointer.by !== 'deploy'
    ? words.t('live.line', { version: view.liveVersion, when: when(view.pointer.at), who: who(view.pointer.by) })
    : words.t('live.repository', { version: view.liveVersion })}</p></section>
${view.refused.length > 0 ? html`<section aria-labelledby="refused-live"><h2 id="refused-live">${words.t('refusedLive.title')}</h2>
<p>${words.t('refusedLive.text')}</p>
<ul>${view.refused.map((refusal) => html`<li><code>${refusal.file}</code>: <span lang="en">${refusal.reason}</span></li>`)}</ul></section>` : undefined}
<section aria-labelledby="draft"><h2 id="draft">${words.t('draft.title')}</h2>
${view.draft ? draftPart(view, words, when) : html`<p>${words.t('draft.none')}</p>`}
<h3 id="problems">${words.t('problems.title')}</h3>
${errors.length === 0 ? html`<p>${words.t('problems.none')}</p>` : html`<p>${words.n('problems.count', errors.length)}</p>`}
${warnings.length > 0 ? html`<p>${words.n('warnings.count', warnings.length)}</p>` : undefined}
${view.problems.length > 0 ? problemList(view.agencyId, view.problems, words, 'problem-list') : undefined}
${view.draft ? html`<div class="actions"><form method="post" action="${base}/publish"><input type="hidden" name="action" value="publish"><input type="hidden" name="revision" value="${revision}"><button type="submit">${words.t('publish')}</button></form>
<form method="post" action="${base}/draft"><input type="hidden" name="action" value="discard"><input type="hidden" name="revision" value="${revision}"><button type="submit" class="secondary">${words.t('discard')}</button></form></div>` : undefined}
</section>
<section aria-labelledby="files"><h2 id="files">${words.t('files.title')}</h2>
<div class="table-wrap" tabindex="0" role="region" aria-label="${words.t('files.caption')}"><table><caption>${words.t('files.caption')}</caption>
<thead><tr><th scope="col">${words.t('col.file')}</th><th scope="col">${words.t('col.state')}</th><th scope="col">${words.t('col.edit')}</th></tr></thead>
<tbody>${[...view.files.keys()].sort().map((file) => html`<tr><th scope="row"><code>${file}</code></th><td>${fileState(view.changes, file, words)}</td><td><a href="${editorHref(view.agencyId, file)}">${words.t('edit')}<span class="visually-hidden"> ${words.t('edit.of', { file })}</span></a></td></tr>`)}</tbody>
</table></div>
<form method="get" action="${base}/file"><label for="new-file">${words.t('new.label')}</label>
<p class="help" id="new-file-hint">${words.t('new.hint')}</p>
<input id="new-file" name="path" type="text" required aria-describedby="new-file-hint" autocomplete="off" spellcheck="false" dir="ltr">
<button type="submit">${words.t('new.button')}</button></form>
</section>
${packSection(words, { agencyId: view.agencyId, draft: view.draft, liveVersion: view.liveVersion, limitKb: view.uploadLimitKb })}
${view.publicForms.length > 0 ? html`<section aria-labelledby="preview"><h2 id="preview">${words.t('preview.title')}</h2>
<p>${words.t('preview.intro')}</p>
<ul>${view.publicForms.map((formId) => html`<li><code>${formId}</code>: ${view.locales.map((locale, index) => html`${index > 0 ? ' · ' : ''}<a href="${base}/preview/${formId}?lang=${locale}" hreflang="${locale}">${locale}</a>`)}</li>`)}</ul></section>` : undefined}
<section aria-labelledby="history"><h2 id="history">${words.t('history.title')}</h2>
${view.history.length === 0 ? html`<p>${words.t('history.none')}</p>` : historyTable(view, words, when, who, base)}
</section>`);
}

function draftPart(view: StudioView, words: Words<'staffStudio'>, when: (at: string) => string): SafeHtml {
  const draft = view.draft!;
  const changes = view.changes;
  const changed = changes ? [...changes.addedFiles, ...changes.changedFiles, ...changes.removedFiles] : [];
  return html`<p>${words.t('draft.line', { revision: draft.revision, when: when(draft.at), who: draft.by })}</p>
${changed.length === 0 ? html`<p>${words.t('draft.same')}</p>` : html`<p>${words.t('draft.changes', { files: changed.join(', ') })}</p>
<p><a href="${diffHref(view.agencyId, view.liveVersion, 'draft')}">${words.t('draft.compare')}</a></p>`}`;
}

function fileState(changes: PackDiff | undefined, file: string, words: Words<'staffStudio'>): string {
  if (changes?.addedFiles.includes(file)) return words.t('state.added');
  if (changes?.changedFiles.includes(file)) return words.t('state.changed');
  return words.t('state.same');
}

function historyTable(view: StudioView, words: Words<'staffStudio'>, when: (at: string) => string, who: (by: string) => string, base: string): SafeHtml {
  const shown = new Set<string>();
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${words.t('history.caption')}"><table><caption>${words.t('history.caption')}</caption>
<thead><tr><th scope="col">${words.t('col.when')}</th><th scope="col">${words.t('col.what')}</th><th scope="col">${words.t('col.version')}</th><th scope="col">${words.t('col.who')}</th><th scope="col">${words.t('col.actions')}</th></tr></thead>
<tbody>${view.history.map((event) => {
    const live = event.version === view.liveVersion;
    // A version listed twice (published, later deployed) offers its actions once, on its newest line.
    const first = !shown.has(event.version);
    shown.add(event.version);
    return html`<tr><td>${when(event.at)}</td><td>${words.maybe(`action.${event.action}`) ?? event.action}</td><td><code>${event.version}</code>${live ? ` ${words.t('current')}` : ''}</td><td>${who(event.by)}</td><td>${!live && first ? html`<a href="${diffHref(view.agencyId, event.version, view.liveVersion)}">${words.t('compare')}<span class="visually-hidden"> ${words.t('compare.of', { version: event.version })}</span></a>
<form method="post" action="${base}/publish" class="inline"><input type="hidden" name="action" value="rollback"><input type="hidden" name="version" value="${event.version}"><button type="submit" class="secondary">${words.t('rollback')}<span class="visually-hidden"> ${words.t('rollback.of', { version: event.version })}</span></button></form>` : undefined}</td></tr>`;
  })}</tbody></table></div>`;
}

/** The agency's public forms in a pack's files: the ones with an intake page to preview. */
export function publicFormIds(files: PackFiles): string[] {
  return packFolder(files, 'forms').filter(([, text]) => {
    try {
      const access = (JSON.parse(text) as { 'x-caseforms'?: { access?: unknown } })['x-caseforms']?.access;
      return access === 'public' || access === 'both';
    } catch {
      return false;
    }
  }).map(([formId]) => formId);
}
