import type { StaffMember } from '../../contracts/staff-claims.ts';
import { html } from '../public-pages/html.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH } from './staff-words.ts';

export interface ExportEntry {
  readonly formId: string;
  readonly title: string;
  readonly version: string;
  readonly current: boolean;
  readonly submissions: number;
  readonly firstAt: string;
  readonly lastAt: string;
}

/** What a supervisor may export: one CSV per form version that has submissions, newest form versions first. */
export function renderExportsPage(chrome: StaffChrome & { readonly staff: StaffMember }, entries: readonly ExportEntry[]): string {
  const words = (chrome.language ?? ENGLISH).words('staffExports');
  const base = `/staff/${chrome.staff.agencyId}/exports`;
  return staffDocument(words.t('title'), { ...chrome, current: 'exports' }, html`<h1>${words.t('title')}</h1>
<p>${words.t('intro')}</p>
<p>${words.t('fhir')}</p>
<p>${words.h('notes', { link: html`<a href="${base}/notes">${words.t('notes.link')}</a>` })}</p>
${entries.length === 0 ? html`<p>${words.t('none')}</p>` : html`<div class="table-wrap"><table><caption>${words.t('caption')}</caption>
<thead><tr><th scope="col">${words.t('col.form')}</th><th scope="col">${words.t('col.version')}</th><th scope="col">${words.t('col.submissions')}</th><th scope="col">${words.t('col.from')}</th><th scope="col">${words.t('col.to')}</th><th scope="col">${words.t('col.download')}</th></tr></thead>
<tbody>${entries.map((entry) => html`<tr><th scope="row">${entry.title}</th><td><code>${entry.version}</code>${entry.current ? ` ${words.t('current')}` : ''}</td><td>${entry.submissions}</td><td>${entry.firstAt.slice(0, 10)}</td><td>${entry.lastAt.slice(0, 10)}</td><td><a href="${base}/${entry.formId}/${entry.version}">${words.t('csv')}<span class="visually-hidden"> ${words.t('csv.of', { form: entry.title, version: entry.version })}</span></a></td></tr>`)}</tbody>
</table></div>`}`);
}
