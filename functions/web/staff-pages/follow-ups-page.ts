import type { StaffMember } from '../../contracts/staff-claims.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import type { FollowUp, FollowUpBuckets } from '../../domain/cases/follow-ups.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { contactTypeInSentence } from './contact-types.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { followUpDoneForm } from './follow-up-done-form.ts';
import { ENGLISH, type StaffLanguage } from './staff-words.ts';

/** What to come back to: the signed-in staff member's overdue follow-ups, today's, and this week's, soonest first. */
export function renderFollowUpsPage(chrome: StaffChrome & { readonly staff: StaffMember }, buckets: FollowUpBuckets, notice?: SafeHtml): string {
  const { staff } = chrome;
  const language = chrome.language ?? ENGLISH;
  const words = language.words('staffFollowUps');
  const list = (id: string, title: string, items: readonly FollowUp[], none: string): SafeHtml => html`<h2 id="${id}">${title} <span class="count">(${items.length})</span></h2>
${items.length === 0 ? html`<p>${none}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}"><table aria-labelledby="${id}">
<thead><tr><th scope="col">${words.t('col.due')}</th><th scope="col">${words.t('col.case')}</th><th scope="col">${words.t('col.what')}</th><th scope="col">${words.t('col.done')}</th></tr></thead>
<tbody>${items.map((item) => html`<tr><td>${item.due}</td><th scope="row"><a href="${caseHref(staff, item)}">${caseReference(item.caseId)}</a></th><td>${what(item, language)}</td><td>${followUpDoneForm(staff.agencyId, item, words)}</td></tr>`)}</tbody>
</table></div>`}`;
  return staffDocument(words.t('title'), { ...chrome, current: 'follow-ups' }, html`<h1>${words.t('title')}</h1>
${notice}
<p>${words.t('intro', { today: buckets.today })}</p>
${list('overdue', words.t('overdue'), buckets.overdue, words.t('overdue.none'))}
${list('due-today', words.t('dueToday'), buckets.dueToday, words.t('dueToday.none'))}
${list('this-week', words.t('thisWeek', { weekEnd: buckets.weekEnd }), buckets.thisWeek, words.t('thisWeek.none'))}`);
}

const caseHref = (staff: StaffMember, item: FollowUp) =>
  `/staff/${staff.agencyId}/cases/${item.caseId}${item.kind === 'note' && item.noteId ? `#note-${item.noteId}` : ''}`;

const what = (item: FollowUp, language: StaffLanguage) => {
  const words = language.words('staffFollowUps');
  return item.kind === 'review' ? words.t('review') : words.t('note', { kind: contactTypeInSentence(item.contactType, language) });
};
