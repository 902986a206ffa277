import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { AssignmentResult } from '../../domain/cases/assignment.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import { html } from '../public-pages/html.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';

const said = (result: AssignmentResult, to: string): string => {
  switch (result.outcome) {
    case 'assigned': return `Assigned to ${to}. They have been emailed.`;
    case 'unchanged': return `Already ${to}'s case: nothing changed.`;
    case 'case-not-found': return 'Not assigned: there is no such case.';
    case 'case-ended': return 'Not assigned: the case has ended.';
    case 'stale': return 'Not assigned: the case changed since the list was shown (another assignment or a form). Check it, then assign it again.';
  }
};

/** What a bulk assignment did, case by case: the refused ones first, since they need the reader. */
export function renderAssignmentResults(chrome: StaffChrome & { readonly staff: StaffMember }, to: string, results: readonly AssignmentResult[]): string {
  const base = `/staff/${chrome.staff.agencyId}/cases`;
  const refused = results.filter((result) => result.outcome !== 'assigned' && result.outcome !== 'unchanged');
  const ordered = [...refused, ...results.filter((result) => !refused.includes(result))];
  return staffDocument('Assignment', chrome, html`<h1>Assignment</h1>
<div class="${refused.length > 0 ? 'error-summary' : 'notice'}" role="${refused.length > 0 ? 'alert' : 'status'}"><p>${refused.length > 0
    ? `${refused.length} of ${results.length} cases were not assigned; the others were.`
    : `${results.length} case${results.length === 1 ? '' : 's'} assigned to ${to}.`}</p></div>
<div class="table-wrap"><table><caption>Each case</caption>
<thead><tr><th scope="col">Case</th><th scope="col">What happened</th></tr></thead>
<tbody>${ordered.map((result) => html`<tr><th scope="row"><a href="${base}/${result.caseId}">${caseReference(result.caseId)}</a></th><td${result.outcome === 'assigned' || result.outcome === 'unchanged' ? '' : html` class="status-failed"`}>${said(result, to)}</td></tr>`)}</tbody>
</table></div>
<p><a href="${base}">Back to cases</a></p>`);
}
