import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { CaseRecord } from '../../domain/cases/case-record.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import { CASE_STATES, type CaseState } from '../../domain/forms/case-states.ts';
import { attr, html, type SafeHtml } from '../public-pages/html.ts';
import { staffDocument } from './staff-layout.ts';
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
  readonly agencyName: string;
  readonly brandColor?: string;
  readonly staff: StaffMember;
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

export const stateLabel = (state: string) => state.charAt(0).toUpperCase() + state.slice(1).replaceAll('-', ' ');

/** The agency's cases: filters that work without script (a GET form), a table, and the next page. */
export function renderCaseList(page: CaseListPage): string {
  const { filters, staff } = page;
  const base = `/staff/${staff.agencyId}/cases`;
  const managerName = (record: CaseRecord) => (record.caseManager === staff.subject ? 'You' : record.caseManagerEmail ?? 'A case manager');
  // A case manager's name filters the list to their cases: how a supervisor sees one person's caseload.
  const manager = (record: CaseRecord) => (record.caseManager === undefined ? 'Unassigned'
    : html`<a href="${base}?${new URLSearchParams({ caseManager: record.caseManager }).toString()}">${managerName(record)}<span class="visually-hidden">: only their cases</span></a>`);
  const filteredManager = filters.caseManager === undefined ? undefined : page.cases.find((record) => record.caseManager === filters.caseManager);
  return staffDocument('Cases', { agencyName: page.agencyName, brandColor: page.brandColor, staff, current: 'cases' }, html`<h1>Cases</h1>
${page.problems.length > 0 ? html`<div class="error-summary" role="alert"><h2>Some filters were not used</h2><ul>${page.problems.map((problem) => html`<li>${problem}</li>`)}</ul></div>` : undefined}
<form method="get" action="${base}" class="filters" aria-label="Filter cases">
<div class="field search"><label for="q">Find a client</label><span class="hint" id="q-hint">Name, reference, phone number or email address</span><input type="search" id="q" name="q" value="${filters.q ?? ''}" aria-describedby="q-hint" autocomplete="off" spellcheck="false"></div>
<div class="field"><label for="state">State</label><select id="state" name="state"><option value="">Any state</option>${CASE_STATES.map((state) => html`<option value="${state}"${attr('selected', filters.state === state)}>${stateLabel(state)}</option>`)}</select></div>
<div class="field"><label for="reviewDueBy">Review due by</label><input type="date" id="reviewDueBy" name="reviewDueBy" value="${filters.reviewDueBy ?? ''}"></div>
${moreFilterControls(filters, page.agency)}
<div class="field checkbox"><input type="checkbox" id="mine" name="mine" value="1"${attr('checked', filters.mine === true)}> <label for="mine">Only my cases</label></div>
${filters.caseManager ? html`<input type="hidden" name="caseManager" value="${filters.caseManager}">` : undefined}
<div class="actions"><button type="submit" class="secondary">${filters.q ? 'Search' : 'Filter'}</button></div>
</form>
${filters.caseManager ? html`<p>Showing the cases of ${filteredManager ? managerName(filteredManager) : 'one case manager'}. <a href="${base}">Show every case manager's cases</a></p>` : undefined}
${filters.q ? html`<p>Cases matching “${filters.q}”. <a href="${base}">Clear the search</a></p>` : undefined}
${page.moreMatches ? html`<p>More cases match than are shown: type more of the name, or the reference, phone number or email address.</p>` : undefined}
${page.cases.length === 0 ? html`<p>No cases match.</p>` : html`<div class="table-wrap"><table>
<caption>${page.cases.length} case${page.cases.length === 1 ? '' : 's'}${filters.reviewDueBy && !filters.q ? ', soonest review first' : ', newest first'}</caption>
<thead><tr><th scope="col">Client</th><th scope="col">Reference</th><th scope="col">State</th><th scope="col">Case manager</th><th scope="col">Review due</th><th scope="col">Opened</th><th scope="col">Updated</th><th scope="col">Last contact</th></tr></thead>
<tbody>${page.cases.map((record) => html`<tr><th scope="row">${page.assign ? assignCheckbox(record) : undefined}${client(record, base, page.today)}</th><td>${caseReference(record.caseId)}</td><td>${stateLabel(record.state)}</td><td>${manager(record)}</td><td>${record.reviewDueAt ?? '—'}</td><td>${record.createdAt.slice(0, 10)}</td><td>${record.updatedAt.slice(0, 10)}</td><td>${lastContactDay(record, page.agency)}</td></tr>`)}</tbody>
</table></div>`}
${page.nextHref ? html`<p><a href="${page.nextHref}">Next page</a></p>` : undefined}
${page.cases.length === 0 || !page.csvHref ? undefined : html`<p><a href="${page.csvHref}">Download these cases as CSV</a> (every page, with the filters above)</p>`}
${page.assign && page.cases.length > 0 ? assignManyForm(staff.agencyId, page.assign.caseManagers) : undefined}
${page.assign ? caseloadSummary(staff.agencyId, page.assign.caseloads) : undefined}`);
}

/** The client's name linking to the case, and their key facts; a case opened before identity was recorded by its reference. */
function client(record: CaseRecord, base: string, today: string): SafeHtml {
  const name = clientName(record.identity);
  const facts = keyFacts(record.identity, today);
  return html`<a href="${base}/${record.caseId}">${name ?? `Case ${caseReference(record.caseId)}`}</a>${facts ? html`<span class="client-facts">${facts}</span>` : undefined}`;
}
