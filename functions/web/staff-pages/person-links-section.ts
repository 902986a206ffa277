import type { StaffMember } from '../../contracts/staff-claims.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import type { CaseRecord } from '../../domain/cases/case-record.ts';
import { fullName } from '../../domain/forms/identity.ts';
import type { PossibleMatch } from '../../domain/people/find-matches.ts';
import type { PersonCase } from '../../domain/people/person-cases.ts';
import type { MatchReason } from '../../domain/people/possible-match.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { stateLabel } from './case-list-page.ts';

const REASONS: Readonly<Record<MatchReason, string>> = {
  'date-of-birth-and-name': 'Same date of birth and a similar name',
  email: 'Same email address',
  phone: 'Same phone number',
};

const NOTICES = { linked: 'The cases are linked as one person\'s.', unlinked: 'This case is no longer linked to the others.' } as const;

export interface PersonSection {
  readonly staff: StaffMember;
  readonly caseId: string;
  /** Other cases linked as the same person's (person-cases.ts). */
  readonly linked: readonly PersonCase[];
  /** Other cases that may be about the same person and are not linked yet (find-matches.ts). */
  readonly matches: readonly PossibleMatch[];
  /** The `?person=` query after a link or unlink. */
  readonly notice?: string;
}

const mayLink = (staff: StaffMember) => staff.roles.includes('supervisor');

/**
 * "Same person": the cases linked as this client's, each a link with its state, dates, documents and latest scores;
 * then the possible matches, with why each was found. Only a supervisor links or unlinks (never automatic). Absent
 * when there is neither.
 */
export function personLinksSection(section: PersonSection): SafeHtml | undefined {
  const { staff, caseId, linked } = section;
  const linkedIds = new Set(linked.map((entry) => entry.case.caseId));
  const matches = section.matches.filter((match) => !linkedIds.has(match.case.caseId));
  if (linked.length === 0 && matches.length === 0) return undefined;
  const action = `/staff/${staff.agencyId}/cases/${caseId}/person`;
  const notice = section.notice !== undefined && Object.hasOwn(NOTICES, section.notice) ? NOTICES[section.notice as keyof typeof NOTICES] : undefined;
  return html`<section aria-labelledby="person"><h2 id="person">Same person</h2>
${notice ? html`<div class="notice" role="status"><p>${notice}</p></div>` : undefined}
${linked.length > 0 ? html`<h3>Linked cases</h3><ul class="person-cases">${linked.map((entry) => html`<li>${caseLink(staff.agencyId, entry.case)} — ${stateLabel(entry.case.state)}, opened ${entry.case.createdAt.slice(0, 10)}, updated ${entry.case.updatedAt.slice(0, 10)}; ${entry.documents === 1 ? '1 document' : `${entry.documents} documents`}; ${entry.latestScores.length === 0 ? 'no scores' : `latest scores: ${entry.latestScores.map((score) => `${score.title} ${score.value}${score.band ? ` (${score.band})` : ''}`).join(', ')}`}.</li>`)}</ul>
${mayLink(staff) ? html`<form method="post" action="${action}"><input type="hidden" name="action" value="unlink"><button type="submit">Unlink this case from these</button></form>` : undefined}` : undefined}
${matches.length > 0 ? html`<section aria-labelledby="possible-matches"><h3 id="possible-matches">Possible matches</h3>
<p>These cases may be about the same person. Check before acting on it: nothing is linked automatically.</p>
<ul class="possible-matches">${matches.map(({ case: other, reason }) => html`<li>${caseLink(staff.agencyId, other)} — ${stateLabel(other.state)}, opened ${other.createdAt.slice(0, 10)}. ${REASONS[reason]}.
${mayLink(staff) ? html`<form method="post" action="${action}"><input type="hidden" name="action" value="link"><input type="hidden" name="otherCaseId" value="${other.caseId}"><button type="submit">Link as the same person<span class="visually-hidden"> (case ${caseReference(other.caseId)})</span></button></form>` : undefined}</li>`)}</ul></section>` : undefined}
</section>`;
}

function caseLink(agencyId: string, record: CaseRecord): SafeHtml {
  const name = fullName(record.identity);
  return html`<a href="/staff/${agencyId}/cases/${record.caseId}">${name ? html`<bdi dir="auto">${name}</bdi> · ` : undefined}case ${caseReference(record.caseId)}</a>`;
}
