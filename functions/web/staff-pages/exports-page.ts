import type { StaffMember } from '../../contracts/staff-claims.ts';
import { html } from '../public-pages/html.ts';
import { staffDocument } from './staff-layout.ts';

export interface ExportEntry {
  readonly formId: string;
  readonly title: string;
  readonly version: string;
  readonly current: boolean;
  readonly submissions: number;
  readonly firstAt: string;
  readonly lastAt: string;
}

/** What a supervisor may export: one CSV per form version that has submissions, newest form versions first. */
export function renderExportsPage(agencyName: string, staff: StaffMember, entries: readonly ExportEntry[], brandColor?: string): string {
  const base = `/staff/${staff.agencyId}/exports`;
  return staffDocument('Exports', { agencyName, brandColor, staff, current: 'exports' }, html`<h1>Exports</h1>
<p>Each file holds every submission of one version of a form, one row each, with a column per question titled as the form titles it. Files contain client data: keep them on agency systems only. Every export is recorded in the audit trail of each case it includes.</p>
<p>A single submission can be exported as a FHIR R4 QuestionnaireResponse from its case page.</p>
<p><a href="${base}/notes">Notes and contacts of every case, CSV</a>: one row per note and per addendum.</p>
${entries.length === 0 ? html`<p>No submissions yet.</p>` : html`<div class="table-wrap"><table><caption>Form versions with submissions</caption>
<thead><tr><th scope="col">Form</th><th scope="col">Version</th><th scope="col">Submissions</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Download</th></tr></thead>
<tbody>${entries.map((entry) => html`<tr><th scope="row">${entry.title}</th><td><code>${entry.version}</code>${entry.current ? ' (current)' : ''}</td><td>${entry.submissions}</td><td>${entry.firstAt.slice(0, 10)}</td><td>${entry.lastAt.slice(0, 10)}</td><td><a href="${base}/${entry.formId}/${entry.version}">CSV<span class="visually-hidden"> of ${entry.title}, version ${entry.version}</span></a></td></tr>`)}</tbody>
</table></div>`}`);
}
