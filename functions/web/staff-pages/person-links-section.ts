import type { StaffMember } from '../../contracts/staff-claims.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import type { CaseRecord } from '../../domain/cases/case-record.ts';
import { fullName } from '../../domain/forms/identity.ts';
import type { PossibleMatch } from '../../domain/people/find-matches.ts';
import type { PersonCase } from '../../domain/people/person-cases.ts';
import type { MatchReason } from '../../domain/people/possible-match.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { caseWords } from './case-words.ts';
import type { StaffLanguage, WordKey, Words } from './staff-words.ts';

type PersonWords = Words<'staffPerson'>;

const REASONS: Readonly<Record<MatchReason, WordKey<'staffPerson'>>> = {
  'date-of-birth-and-name': 'reason.date-of-birth-and-name',
  email: 'reason.email',
  phone: 'reason.phone',
};

const NOTICES = { linked: 'notice.linked', unlinked: 'notice.unlinked' } as const;

export interface PersonSection {
  readonly staff: StaffMember;
  readonly caseId: string;
  /** Other cases linked as the same person's (person-cases.ts). */
  readonly linked: readonly PersonCase[];
  /** Other cases that may be about the same person and are not linked yet (find-matches.ts). */
  readonly matches: readonly PossibleMatch[];
  /** The `?person=` query after a link or unlink. */
  readonly notice?: string;
  readonly language: StaffLanguage;
}

const mayLink = (staff: StaffMember) => staff.roles.includes('supervisor');

/**
 * "Same person": the cases linked as this client's, each a link with its state, dates, documents and latest scores;
 * then the possible matches, with why each was found. Only a supervisor links or unlinks (never automatic). Absent
 * when there is neither.
 */
export function personLinksSection(section: PersonSection): SafeHtml | undefined {
  const { staff, caseId, linked, language } = section;
  const words = language.words('staffPerson');
  const { state } = caseWords(language, undefined);
  const linkedIds = new Set(linked.map((entry) => entry.case.caseId));
  const matches = section.matches.filter((match) => !linkedIds.has(match.case.caseId));
  if (linked.length === 0 && matches.length === 0) return undefined;
  const action = `/staff/${staff.agencyId}/cases/${caseId}/person`;
  const notice = section.notice !== undefined && Object.hasOwn(NOTICES, section.notice) ? words.t(NOTICES[section.notice as keyof typeof NOTICES]) : undefined;
  const latest = (entry: PersonCase) => (entry.latestScores.length === 0
    ? words.t('noScores')
    : words.t('latestScores', { scores: entry.latestScores.map((score) => `${score.title} ${score.value}${score.band ? ` (${score.band})` : ''}`).join(', ') }));
  return html`<section aria-labelledby="person"><h2 id="person">${words.t('heading')}</h2>
${notice ? html`<div class="notice" role="status"><p>${notice}</p></div>` : undefined}
${linked.length > 0 ? html`<h3>${words.t('linked.heading')}</h3><ul class="person-cases">${linked.map((entry) => html`<li>${words.h('linked.line', {
    case: caseLink(staff.agencyId, entry.case, words), state: state(entry.case.state), opened: entry.case.createdAt.slice(0, 10), updated: entry.case.updatedAt.slice(0, 10),
    documents: words.n('documents', entry.documents), scores: latest(entry),
  })}</li>`)}</ul>
${mayLink(staff) ? html`<form method="post" action="${action}"><input type="hidden" name="action" value="unlink"><button type="submit">${words.t('unlink')}</button></form>` : undefined}` : undefined}
${matches.length > 0 ? html`<section aria-labelledby="possible-matches"><h3 id="possible-matches">${words.t('matches.heading')}</h3>
<p>${words.t('matches.intro')}</p>
<ul class="possible-matches">${matches.map(({ case: other, reason }) => html`<li>${words.h('match.line', { case: caseLink(staff.agencyId, other, words), state: state(other.state), opened: other.createdAt.slice(0, 10), reason: words.t(REASONS[reason]) })}
${mayLink(staff) ? html`<form method="post" action="${action}"><input type="hidden" name="action" value="link"><input type="hidden" name="otherCaseId" value="${other.caseId}"><button type="submit">${words.t('link')}<span class="visually-hidden"> ${words.t('linkCase', { reference: caseReference(other.caseId) })}</span></button></form>` : undefined}</li>`)}</ul></section>` : undefined}
</section>`;
}

function caseLink(agencyId: string, record: CaseRecord, words: PersonWords): SafeHtml {
  const name = fullName(record.identity);
  return html`<a href="/staff/${agencyId}/cases/${record.caseId}">${name ? html`<bdi dir="auto">${name}</bdi> · ` : undefined}${words.t('caseLink', { reference: caseReference(record.caseId) })}</a>`;
}
