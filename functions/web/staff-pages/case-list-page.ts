import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { CaseRecord } from '../../domain/cases/case-record.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import { CASE_STATES, type CaseState } from '../../domain/forms/case-states.ts';
import { attr, html, type SafeHtml } from '../public-pages/html.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH, type StaffLanguage } from './staff-words.ts';
import { caseWords } from './case-words.ts';
import { clientName, keyFacts } from './client-facts.ts';
import type { StaffEntry } from '../../domain/forms/staff-list.ts';
import type { Caseload } from '../../domain/cases/caseloads.ts';
import { assignCheckbox, assignManyForm } from './assign-controls.ts';
import { caseloadSummary } from './caseload-summary.ts';
import { lastContactDay, moreFilterControls } from './case-list-more-filters.ts';
import type { CaseListAgency } from '../../domain/cases/case-list.ts';

export interface CaseListFilters {
  readonly state?: CaseState;
  /** Only the signed-in case manager's cases. */
  readonly mine?: boolean;
  /** Only this case manager's cases (their subject), chosen from a case manager's name in the list. */
  readonly caseManager?: string;
  readonly reviewDueBy?: string;
  /** A search as typed: a name, reference, phone number or email address. */
  readonly q?: string;
  /** A risk flag id the agency's forms declare, or `any`. */
  readonly riskFlag?: string;
  /** A day (YYYY-MM-DD, the agency's): cases with no contact made since. */
  readonly noContactSince?: string;
}

export interface CaseListPage {
  /** The page's frame: agency, reader, language (staff-page-handler.ts). */
  readonly chrome: StaffChrome & { readonly staff: StaffMember };
  readonly filters: CaseListFilters;
  /** The risk flags the agency's forms raise, and its clock: the more filters' choices and the last contact's day. */
  readonly agency: CaseListAgency;
  /** Filters the page could not use, in words. */
  readonly problems: readonly string[];
  readonly cases: readonly CaseRecord[];
  readonly nextHref: string | undefined;
  /** Today in the agency's time zone (YYYY-MM-DD): ages are counted to it. */
  readonly today: string;
  /** These cases, every page of them, as a CSV file; none for a search, which is one page. */
  readonly csvHref: string | undefined;
  /** A search found more cases than it shows: staff should type more. */
  readonly moreMatches?: boolean;
  /** For those who may assign: the agency's case managers and their caseloads (checkboxes, the assign form, counts). */
  readonly assign?: { readonly caseManagers: readonly StaffEntry[]; readonly caseloads: readonly Caseload[] };
}

/** The agency's cases: filters that work without script (a GET form), a table, and the next page. */
export function renderCaseList(page: CaseListPage): string {
  const { filters, chrome } = page;
  const { staff } = chrome;
  const language = chrome.language ?? ENGLISH;
  const words = language.words('staffCaseList');
  const { state: stateName } = caseWords(language, undefined);
  const base = `/staff/${staff.agencyId}/cases`;
  const managerName = (record: CaseRecord) => (record.caseManager === staff.subject ? words.t('you') : record.caseManagerEmail ?? words.t('aCaseManager'));
  // A case manager's name filters the list to their cases: how a supervisor sees one person's caseload.
  const manager = (record: CaseRecord) => (record.caseManager === undefined ? words.t('unassigned')
    : html`<a href="${base}?${new URLSearchParams({ caseManager: record.caseManager }).toString()}">${managerName(record)}<span class="visually-hidden">${words.t('onlyTheirCases')}</span></a>`);
  const filteredManager = filters.caseManager === undefined ? undefined : page.cases.find((record) => record.caseManager === filters.caseManager);
  return staffDocument(words.t('title'), { ...chrome, current: 'cases' }, html`<h1>${words.t('title')}</h1>
${page.problems.length > 0 ? html`<div class="error-summary" role="alert"><h2>${words.t('problems.title')}</h2><ul>${page.problems.map((problem) => html`<li>${problem}</li>`)}</ul></div>` : undefined}
<form method="get" action="${base}" class="filters" aria-label="${words.t('filters')}">
<div class="field search"><label for="q">${words.t('find')}</label><p class="help" id="q-hint">${words.t('find.hint')}</p><input type="search" id="q" name="q" value="${filters.q ?? ''}" aria-describedby="q-hint" autocomplete="off" spellcheck="false"></div>
<div class="field"><label for="state">${words.t('state')}</label><select id="state" name="state"><option value="">${words.t('anyState')}</option>${CASE_STATES.map((state) => html`<option value="${state}"${attr('selected', filters.state === state)}>${stateName(state)}</option>`)}</select></div>
<div class="field"><label for="reviewDueBy">${words.t('reviewDueBy')}</label><input type="date" id="reviewDueBy" name="reviewDueBy" value="${filters.reviewDueBy ?? ''}"></div>
${moreFilterControls(filters, page.agency, language)}
<div class="field checkbox"><input type="checkbox" id="mine" name="mine" value="1"${attr('checked', filters.mine === true)}> <label for="mine">${words.t('mine')}</label></div>
${filters.caseManager ? html`<input type="hidden" name="caseManager" value="${filters.caseManager}">` : undefined}
<div class="actions"><button type="submit" class="secondary">${filters.q ? words.t('search') : words.t('filter')}</button></div>
</form>
${filters.caseManager ? html`<p>${words.t('showingManager', { name: filteredManager ? managerName(filteredManager) : words.t('oneManager') })} <a href="${base}">${words.t('everyManager')}</a></p>` : undefined}
${filters.q ? html`<p><bdi dir="auto">${words.t('matching', { q: filters.q })}</bdi> <a href="${base}">${words.t('clearSearch')}</a></p>` : undefined}
${page.moreMatches ? html`<p>${words.t('moreMatches')}</p>` : undefined}
${page.cases.length === 0 ? html`<p>${words.t('none')}</p>` : html`<div class="table-wrap"><table>
<caption>${words.t('caption', { count: words.n('count', page.cases.length), order: filters.reviewDueBy && !filters.q ? words.t('order.review') : words.t('order.newest') })}</caption>
<thead><tr><th scope="col">${words.t('col.client')}</th><th scope="col">${words.t('col.reference')}</th><th scope="col">${words.t('col.state')}</th><th scope="col">${words.t('col.caseManager')}</th><th scope="col">${words.t('col.reviewDue')}</th><th scope="col">${words.t('col.opened')}</th><th scope="col">${words.t('col.updated')}</th><th scope="col">${words.t('col.lastContact')}</th></tr></thead>
<tbody>${page.cases.map((record) => html`<tr><th scope="row">${page.assign ? assignCheckbox(record, language) : undefined}${client(record, base, page.today, language)}</th><td>${caseReference(record.caseId)}</td><td>${stateName(record.state)}</td><td>${manager(record)}</td><td>${record.reviewDueAt ?? '—'}</td><td>${record.createdAt.slice(0, 10)}</td><td>${record.updatedAt.slice(0, 10)}</td><td>${lastContactDay(record, page.agency)}</td></tr>`)}</tbody>
</table></div>`}
${page.nextHref ? html`<p><a href="${page.nextHref}">${words.t('nextPage')}</a></p>` : undefined}
${page.cases.length === 0 || !page.csvHref ? undefined : html`<p><a href="${page.csvHref}">${words.t('csv')}</a> ${words.t('csv.note')}</p>`}
${page.assign && page.cases.length > 0 ? assignManyForm(staff.agencyId, page.assign.caseManagers, language) : undefined}
${page.assign ? caseloadSummary(staff.agencyId, page.assign.caseloads, language) : undefined}`);
}

/** The client's name linking to the case, and their key facts; a case opened before identity was recorded by its reference. */
function client(record: CaseRecord, base: string, today: string, language: StaffLanguage): SafeHtml {
  const name = clientName(record.identity, language);
  const facts = keyFacts(record.identity, today, language);
  return html`<a href="${base}/${record.caseId}">${name ?? language.words('staffCaseList').t('caseNumber', { reference: caseReference(record.caseId) })}</a>${facts ? html`<span class="client-facts">${facts}</span>` : undefined}`;
}
