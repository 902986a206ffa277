import type { StaffMember } from '../../contracts/staff-claims.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import type { FollowUp, FollowUpBuckets } from '../../domain/cases/follow-ups.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { contactTypeLabel } from './contact-types.ts';
import { followUpDoneForm } from './follow-up-done-form.ts';
import { staffDocument } from './staff-layout.ts';

/** What to come back to: the signed-in staff member's overdue follow-ups, today's, and this week's, soonest first. */
export function renderFollowUpsPage(agencyName: string, staff: StaffMember, buckets: FollowUpBuckets, brandColor?: string, notice?: SafeHtml): string {
  const list = (id: string, title: string, items: readonly FollowUp[], none: string): SafeHtml => html`<h2 id="${id}">${title} <span class="count">(${items.length})</span></h2>
${items.length === 0 ? html`<p>${none}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}"><table aria-labelledby="${id}">
<thead><tr><th scope="col">Due</th><th scope="col">Case</th><th scope="col">What</th><th scope="col">Done?</th></tr></thead>
<tbody>${items.map((item) => html`<tr><td>${item.due}</td><th scope="row"><a href="${caseHref(staff, item)}">${caseReference(item.caseId)}</a></th><td>${what(item)}</td><td>${followUpDoneForm(staff.agencyId, item)}</td></tr>`)}</tbody>
</table></div>`}`;
  return staffDocument('My follow-ups', { agencyName, brandColor, staff, current: 'follow-ups' }, html`<h1>My follow-ups</h1>
${notice}
<p>Follow-up dates from notes, and review dates of your cases, on the agency's calendar: today is ${buckets.today}.</p>
${list('overdue', 'Overdue', buckets.overdue, 'Nothing overdue.')}
${list('due-today', 'Due today', buckets.dueToday, 'Nothing due today.')}
${list('this-week', `This week, to ${buckets.weekEnd}`, buckets.thisWeek, 'Nothing else due this week.')}`);
}

const caseHref = (staff: StaffMember, item: FollowUp) =>
  `/staff/${staff.agencyId}/cases/${item.caseId}${item.kind === 'note' && item.noteId ? `#note-${item.noteId}` : ''}`;

const what = (item: FollowUp) => (item.kind === 'review' ? 'Case review' : `Follow-up of a ${contactTypeLabel(item.contactType).toLowerCase()} note`);
