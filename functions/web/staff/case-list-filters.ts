import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { CaseListAgency, CaseQuery } from '../../domain/cases/case-list.ts';
import { CASE_STATES, type CaseState } from '../../domain/forms/case-states.ts';
import type { CaseListFilters } from '../staff-pages/case-list-page.ts';
import { MIN_WORD, searchWords } from '../../domain/cases/search-terms.ts';
import type { Words } from '../staff-pages/staff-words.ts';
import { isCalendarDate } from '../../domain/cases/case-note.ts';
import { startOfAgencyDay } from '../../domain/cases/last-contact.ts';
import { ANY_RISK_FLAG, riskFlagChoices } from '../../domain/forms/risk-flag-choices.ts';
import type { FormCatalog } from '../../domain/forms/catalog.ts';

/** The longest search staff may type: a name, a phone number or an email address fits; a pasted document does not. */
const MAX_SEARCH = 200;

/** A request for the case list, read once for the page and its CSV alike, so a filter added here applies to both. */
export interface CaseListRequest {
  readonly filters: CaseListFilters;
  /** Filters that could not be used, in words. */
  readonly problems: readonly string[];
  /** What to ask storage for, without the page size and the cursor. */
  readonly query: Omit<CaseQuery, 'limit' | 'cursor'>;
  /** What staff searched for (`q`): as typed, for the audit, and its words for the index. Absent: the plain list. */
  readonly search?: { readonly typed: string; readonly words: readonly string[] };
  /** The filters as URL parameters: the next page's link and the CSV's (a search has neither: it is one page). */
  readonly params: URLSearchParams;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A staff subject as tokens carry it: Cognito's UUID, the dev issuer's hash, or an external issuer's id. */
const SUBJECT = /^[A-Za-z0-9._:@|-]{1,128}$/;

/** The agency's flags and clock, from its pack: what `riskFlag` and `noContactSince` are read against. */
export function caseListAgency(catalog: Pick<FormCatalog, 'agency' | 'pack'>, agencyId: string): CaseListAgency {
  return { riskFlags: riskFlagChoices(catalog.pack(agencyId)?.forms.values() ?? []), timeZone: catalog.agency(agencyId)!.timeZone };
}

/** `riskFlag` and `noContactSince` as read, for the page and the API alike; each names the parameter it could not use. */
export interface MoreFilters {
  readonly riskFlag?: string;
  /** The day as typed (YYYY-MM-DD), and the instant it starts on the agency's clock. */
  readonly noContactSince?: { readonly day: string; readonly since: string };
  readonly unusable: ReadonlyArray<'riskFlag' | 'noContactSince'>;
}

/** `riskFlag=<id>|any`: an id one of the agency's forms declares. `noContactSince=YYYY-MM-DD`: a real calendar day. */
export function moreFilters(parameters: Readonly<Record<string, string | undefined>>, agency: CaseListAgency): MoreFilters {
  const unusable: Array<'riskFlag' | 'noContactSince'> = [];
  const flag = parameters.riskFlag || undefined;
  const riskFlag = flag !== undefined && (flag === ANY_RISK_FLAG || agency.riskFlags.some((choice) => choice.id === flag)) ? flag : undefined;
  if (flag !== undefined && riskFlag === undefined) unusable.push('riskFlag');
  const day = parameters.noContactSince || undefined;
  const noContactSince = day !== undefined && isCalendarDate(day) ? { day, since: startOfAgencyDay(day, agency.timeZone) } : undefined;
  if (day !== undefined && noContactSince === undefined) unusable.push('noContactSince');
  return { ...(riskFlag ? { riskFlag } : {}), ...(noContactSince ? { noContactSince } : {}), unusable };
}

/**
 * `?q=&state=&mine=1&caseManager=&reviewDueBy=&riskFlag=&noContactSince=`: a filter the list cannot use is left out
 * and said in words.
 */
export function caseListRequest(parameters: Readonly<Record<string, string | undefined>>, staff: StaffMember, agency: CaseListAgency, said: Words<'staffCaseList'>): CaseListRequest {
  const problems: string[] = [];
  const state = parameters.state ? ((CASE_STATES as readonly string[]).includes(parameters.state) ? (parameters.state as CaseState) : undefined) : undefined;
  if (parameters.state && !state) problems.push(said.t('problem.state', { value: parameters.state }));
  const reviewDueBy = parameters.reviewDueBy && DATE.test(parameters.reviewDueBy) ? parameters.reviewDueBy : undefined;
  if (parameters.reviewDueBy && !reviewDueBy) problems.push(said.t('problem.reviewDueBy'));
  const chosenManager = parameters.caseManager && SUBJECT.test(parameters.caseManager) ? parameters.caseManager : undefined;
  if (parameters.caseManager && !chosenManager) problems.push(said.t('problem.caseManager'));
  const mine = parameters.mine === '1';
  const typed = (parameters.q ?? '').trim().slice(0, MAX_SEARCH);
  const words = searchWords(typed);
  if (typed.length > 0 && words.length === 0) problems.push(said.t('problem.searchTooShort', { min: MIN_WORD }));
  const more = moreFilters(parameters, agency);
  if (more.unusable.includes('riskFlag')) problems.push(said.t('problem.riskFlag'));
  if (more.unusable.includes('noContactSince')) problems.push(said.t('problem.noContactSince'));
  const { riskFlag } = more;
  const noContactDay = more.noContactSince?.day;
  const filters: CaseListFilters = {
    ...(state ? { state } : {}), ...(reviewDueBy ? { reviewDueBy } : {}), ...(mine ? { mine: true } : {}),
    ...(chosenManager && !mine ? { caseManager: chosenManager } : {}), ...(typed ? { q: typed } : {}),
    ...(riskFlag ? { riskFlag } : {}), ...(noContactDay ? { noContactSince: noContactDay } : {}),
  };
  const caseManager = mine ? staff.subject : filters.caseManager;
  return {
    filters,
    problems,
    ...(words.length > 0 ? { search: { typed, words } } : {}),
    query: {
      agencyId: staff.agencyId, ...(state ? { state } : {}), ...(reviewDueBy ? { reviewDueBy } : {}), ...(caseManager ? { caseManager } : {}),
      ...(riskFlag ? { riskFlag } : {}), ...(more.noContactSince ? { noContactSince: more.noContactSince.since } : {}),
    },
    params: new URLSearchParams({
      ...(state ? { state } : {}), ...(reviewDueBy ? { reviewDueBy } : {}), ...(mine ? { mine: '1' } : {}), ...(filters.caseManager ? { caseManager: filters.caseManager } : {}),
      ...(riskFlag ? { riskFlag } : {}), ...(noContactDay ? { noContactSince: noContactDay } : {}),
    }),
  };
}
