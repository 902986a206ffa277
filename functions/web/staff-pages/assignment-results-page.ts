import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { AssignmentResult } from '../../domain/cases/assignment.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import { html } from '../public-pages/html.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH, type Words } from './staff-words.ts';

const said = (result: AssignmentResult, to: string, words: Words<'staffAssign'>): string => {
  switch (result.outcome) {
    case 'assigned': return words.t('results.assigned', { name: to });
    case 'unchanged': return words.t('results.unchanged', { name: to });
    case 'case-not-found': return words.t('results.notFound');
    case 'case-ended': return words.t('results.ended');
    case 'stale': return words.t('results.stale');
  }
};

/** The sentence above the table: counted by the language's plural rules, none, some or all assigned. */
function summary(refused: number, total: number, to: string, words: Words<'staffAssign'>): string {
  if (refused === 0) return words.n('results.allAssigned', total, { name: to });
  return refused === total ? words.n('results.noneAssigned', total) : words.n('results.someRefused', refused, { total });
}

/** What a bulk assignment did, case by case: the refused ones first, since they need the reader. */
export function renderAssignmentResults(chrome: StaffChrome & { readonly staff: StaffMember }, to: string, results: readonly AssignmentResult[]): string {
  const language = chrome.language ?? ENGLISH;
  const words = language.words('staffAssign');
  const base = `/staff/${chrome.staff.agencyId}/cases`;
  const refused = results.filter((result) => result.outcome !== 'assigned' && result.outcome !== 'unchanged');
  const ordered = [...refused, ...results.filter((result) => !refused.includes(result))];
  return staffDocument(words.t('results.title'), chrome, html`<h1>${words.t('results.title')}</h1>
<div class="${refused.length > 0 ? 'error-summary' : 'notice'}" role="${refused.length > 0 ? 'alert' : 'status'}"><p>${summary(refused.length, results.length, to, words)}</p></div>
<div class="table-wrap"><table><caption>${words.t('results.caption')}</caption>
<thead><tr><th scope="col">${words.t('results.col.case')}</th><th scope="col">${words.t('results.col.what')}</th></tr></thead>
<tbody>${ordered.map((result) => html`<tr><th scope="row"><a href="${base}/${result.caseId}">${caseReference(result.caseId)}</a></th><td${result.outcome === 'assigned' || result.outcome === 'unchanged' ? '' : html` class="status-failed"`}>${said(result, to, words)}</td></tr>`)}</tbody>
</table></div>
<p><a href="${base}">${language.words('staff').t('backToCases')}</a></p>`);
}
