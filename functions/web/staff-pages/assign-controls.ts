import type { CaseRecord } from '../../domain/cases/case-record.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import { isFinal } from '../../domain/forms/case-states.ts';
import type { StaffEntry } from '../../domain/forms/staff-list.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import type { StaffLanguage, Words } from './staff-words.ts';

/** The form the case list's checkboxes belong to (by their `form` attribute: the table stays outside it). */
export const ASSIGN_FORM_ID = 'assign-cases';

/** A name for a case manager's id: theirs in the staff list, or plain words when the list does not have them. */
export const caseManagerName = (caseManagers: readonly StaffEntry[], id: string | undefined, language: StaffLanguage): string =>
  id === undefined ? language.words('staffAssign').t('unassigned') : caseManagers.find((entry) => entry.id === id)?.name ?? language.words('staffAssign').t('notInList');

const choices = (caseManagers: readonly StaffEntry[], id: string, words: Words<'staffAssign'>) => html`<label for="${id}">${words.t('assignTo')}</label>
<select id="${id}" name="caseManager" required><option value="">${words.t('choose')}</option>${caseManagers.map((entry) => html`<option value="${entry.id}">${entry.name}</option>`)}</select>`;

/**
 * One case's checkbox in the case list, with the version the list showed: assigning a case changed since is a
 * conflict, not an overwrite. Ended cases have none: they cannot be assigned.
 */
export function assignCheckbox(record: CaseRecord, language: StaffLanguage): SafeHtml | undefined {
  if (isFinal(record.state)) return undefined;
  const id = `pick-${record.caseId}`;
  return html`<input type="checkbox" id="${id}" name="case" value="${record.caseId}" form="${ASSIGN_FORM_ID}"> <label for="${id}" class="visually-hidden">${language.words('staffAssign').t('selectCase', { reference: caseReference(record.caseId) })}</label><input type="hidden" name="version.${record.caseId}" value="${record.version}" form="${ASSIGN_FORM_ID}">`;
}

/** Under the case list: the chosen cases to one case manager, in one post that works without script. */
export function assignManyForm(agencyId: string, caseManagers: readonly StaffEntry[], language: StaffLanguage): SafeHtml {
  const words = language.words('staffAssign');
  return html`<h2 id="assign-heading">${words.t('many.heading')}</h2>
<form id="${ASSIGN_FORM_ID}" method="post" action="/staff/${agencyId}/assignments" class="filters" aria-labelledby="assign-heading">
<input type="hidden" name="from" value="list">
<div class="field">${choices(caseManagers, 'assign-many-to', words)}</div>
<div class="actions"><button type="submit">${words.t('many.button')}</button></div>
</form>`;
}

/** On the case page: who manages the case now, and (open cases) the choice of another. */
export function assignSection(agencyId: string, record: CaseRecord, caseManagers: readonly StaffEntry[], language: StaffLanguage): SafeHtml {
  const words = language.words('staffAssign');
  const now = caseManagerName(caseManagers, record.caseManager, language);
  if (isFinal(record.state)) {
    return html`<h2 id="assign-heading">${words.t('heading')}</h2><p>${words.t('ended', { name: now })}</p>`;
  }
  return html`<h2 id="assign-heading">${words.t('heading')}</h2>
<p>${words.t('now', { name: now })}</p>
<form method="post" action="/staff/${agencyId}/assignments" class="filters" aria-labelledby="assign-heading">
<input type="hidden" name="from" value="case"><input type="hidden" name="case" value="${record.caseId}"><input type="hidden" name="version.${record.caseId}" value="${record.version}">
<div class="field">${choices(caseManagers.filter((entry) => entry.id !== record.caseManager), 'assign-to', words)}</div>
<div class="actions"><button type="submit">${words.t('button')}</button></div>
</form>`;
}
