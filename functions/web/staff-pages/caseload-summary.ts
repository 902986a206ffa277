import type { Caseload } from '../../domain/cases/caseloads.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import type { StaffLanguage } from './staff-words.ts';

/** Each listed case manager's open cases, each linked to the list of their cases. */
export function caseloadSummary(agencyId: string, caseloads: readonly Caseload[], language: StaffLanguage): SafeHtml | undefined {
  if (caseloads.length === 0) return undefined;
  const words = language.words('staffAssign');
  const base = `/staff/${agencyId}/cases`;
  return html`<div class="table-wrap"><table class="caseloads">
<caption>${words.t('caseloads')}</caption>
<thead><tr><th scope="col">${words.t('col.caseManager')}</th><th scope="col">${words.t('col.openCases')}</th></tr></thead>
<tbody>${caseloads.map(({ caseManager, openCases }) => html`<tr><th scope="row"><a href="${base}?${new URLSearchParams({ caseManager: caseManager.id }).toString()}">${caseManager.name}</a></th><td>${openCases}</td></tr>`)}</tbody>
</table></div>`;
}
