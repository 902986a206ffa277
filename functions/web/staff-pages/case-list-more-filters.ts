import type { CaseListAgency } from '../../domain/cases/case-list.ts';
import { ANY_RISK_FLAG } from '../../domain/forms/risk-flag-choices.ts';
import type { CaseRecord } from '../../domain/cases/case-record.ts';
import { attr, html, type SafeHtml } from '../public-pages/html.ts';
import { agencyClock } from './local-time.ts';
import type { StaffLanguage } from './staff-words.ts';

/**
 * The case list's risk-flag and last-contact filters, for its GET form. The flags are the ones the agency's forms
 * declare, by their titles; a day is on the agency's clock, as staff read it.
 */
export function moreFilterControls(filters: { readonly riskFlag?: string; readonly noContactSince?: string }, agency: CaseListAgency, language: StaffLanguage): SafeHtml {
  const words = language.words('staffCaseList');
  return html`<div class="field"><label for="riskFlag">${words.t('riskFlag')}</label><select id="riskFlag" name="riskFlag"><option value="">${words.t('riskFlag.anyOrNone')}</option><option value="${ANY_RISK_FLAG}"${attr('selected', filters.riskFlag === ANY_RISK_FLAG)}>${words.t('riskFlag.any')}</option>${agency.riskFlags.map((flag) => html`<option value="${flag.id}"${attr('selected', filters.riskFlag === flag.id)}>${flag.title}</option>`)}</select></div>
<div class="field"><label for="noContactSince">${words.t('noContactSince')}</label><p class="help" id="noContactSince-hint">${words.t('noContactSince.hint')}</p><input type="date" id="noContactSince" name="noContactSince" value="${filters.noContactSince ?? ''}" aria-describedby="noContactSince-hint"></div>`;
}

/** The day of the case's last contact made, on the agency's clock; a dash when there has been none. */
export const lastContactDay = (record: Pick<CaseRecord, 'lastContactAt'>, agency: Pick<CaseListAgency, 'timeZone'>): string =>
  record.lastContactAt === undefined ? '—' : agencyClock(record.lastContactAt, agency.timeZone).slice(0, 10);
