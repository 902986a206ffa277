import { caseReference } from '../../domain/cases/case-reference.ts';
import { fullName } from '../../domain/forms/identity.ts';
import type { PossibleMatch } from '../../domain/people/find-matches.ts';
import type { MatchReason } from '../../domain/people/possible-match.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { stateLabel } from './case-list-page.ts';

const REASONS: Readonly<Record<MatchReason, string>> = {
  'date-of-birth-and-name': 'Same date of birth and a similar name',
  email: 'Same email address',
  phone: 'Same phone number',
};

/**
 * "Possible matches": other cases of the agency that may be about the same client, each a link, with why it was
 * found. Nothing is linked automatically: staff judge. Absent when there is none.
 */
export function personLinksSection(agencyId: string, matches: readonly PossibleMatch[]): SafeHtml | undefined {
  if (matches.length === 0) return undefined;
  return html`<section aria-labelledby="possible-matches"><h2 id="possible-matches">Possible matches</h2>
<p>These cases may be about the same person. Check before acting on it: nothing is linked automatically.</p>
<ul class="possible-matches">${matches.map(({ case: other, reason }) => {
    const name = fullName(other.identity);
    return html`<li><a href="/staff/${agencyId}/cases/${other.caseId}">${name ? html`<bdi dir="auto">${name}</bdi> · ` : undefined}case ${caseReference(other.caseId)}</a>
 — ${stateLabel(other.state)}, opened ${other.createdAt.slice(0, 10)}. ${REASONS[reason]}.</li>`;
  })}</ul></section>`;
}
