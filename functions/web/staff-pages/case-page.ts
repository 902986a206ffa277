import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { StaffEntry } from '../../domain/forms/staff-list.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import type { CaseView } from '../../domain/cases/case-view.ts';
import type { Score, RaisedFlag } from '../../domain/forms/scoring.ts';
import { bandLabel, flagTitle, scoreTitle, type Labels } from '../../domain/forms/pack-labels.ts';
import { html, SafeHtml } from '../public-pages/html.ts';
import { canExport, staffDocument, type StaffChrome } from './staff-layout.ts';
import type { ClientIdentity } from '../../domain/forms/identity.ts';
import { fullName } from '../../domain/forms/identity.ts';
import { identityFacts } from './client-facts.ts';
import { ENGLISH, type StaffLanguage, type WordKey, type Words } from './staff-words.ts';
import { caseWords, type CaseWords, type ProviderNames } from './case-words.ts';
import type { SubmissionAnswers } from '../../domain/cases/submission-answers.ts';
import { renderAnswers, type AnswerReading } from './case-answers.ts';
import { noteTimelineText } from './contact-types.ts';

export interface CasePage {
  /** The page's frame: agency, reader, language (staff-page-handler.ts). */
  readonly chrome: StaffChrome & { readonly staff: StaffMember };
  /** The agency's providers, so a delivery to one is named by the provider's name. */
  readonly agency?: ProviderNames;
  readonly view: CaseView;
  /** Form titles by form id, for the agency's forms, in the reader's language. */
  readonly formTitles: Readonly<Record<string, string>>;
  /**
   * The staff forms the signed-in user's roles may fill in (domain/forms/form-roles.ts): of the moves allowed now,
   * only these are offered; the others are named as needing another role.
   */
  readonly offeredForms: readonly string[];
  /** Each scored instrument's trend across the case's submissions: rendered charts (outcomes/). */
  readonly outcomes: SafeHtml | undefined;
  /** The "Same person" section (person-links-section.ts): linked cases and possible matches. */
  readonly personLinks?: SafeHtml;
  /** The "Files" section (case-files-section.ts): what the client sent, and what the virus check said of it. */
  readonly files?: SafeHtml;
  /** The "Signatures" section (signatures-section.ts): each signed document's signers and state. */
  readonly signatures?: SafeHtml;
  /** The "Notes and contacts" section (case-notes-section.ts). */
  readonly notes?: SafeHtml;
  /** The agency's case managers (its staff list), to name the case's. */
  readonly caseManagers?: readonly StaffEntry[];
  /** Who manages the case, and for those who may assign, the choice of another (assign-controls.ts). */
  readonly assignment?: SafeHtml;
  /** A notice after a form was sent, e.g. "Care plan saved", in the reader's words. */
  readonly notice?: string;
  /** Who the case is about (the record's, or read from the intake for older cases); undefined when unknown. */
  readonly identity: ClientIdentity | undefined;
  /** Today in the agency's time zone (YYYY-MM-DD): ages are counted to it. */
  readonly today: string;
  /** Every submission with its answers, and the reader's language to show them in (case-answers.ts). */
  readonly answers: { readonly entries: readonly SubmissionAnswers[]; readonly reading: AnswerReading };
}

type Item = Record<string, unknown>;
type PageWords = Words<'staffCasePage'>;
const text = (value: unknown) => (value === undefined || value === null ? '—' : String(value));
const day = (value: unknown) => (typeof value === 'string' ? value.replace('T', ' ').slice(0, 16) : '—');

/** A case on one page: where it stands, what may be done next, and everything received, produced and sent. */
export function renderCasePage(page: CasePage): string {
  const { view, chrome } = page;
  const { staff } = chrome;
  const language = chrome.language ?? ENGLISH;
  const words = language.words('staffCasePage');
  const named = caseWords(language, page.agency);
  const labels = page.answers.reading.labels;
  const record = view.case;
  const base = `/staff/${staff.agencyId}/cases/${record.caseId}`;
  const title = (formId: unknown) => page.formTitles[String(formId)] ?? String(formId);
  const formOf = (submissionId: unknown) => String(view.submissions.find((submission) => submission.submissionId === submissionId)?.formId ?? '');
  const documentTitle = (documentId: unknown) => {
    const found = view.documents.find((document) => document.documentId === documentId);
    return named.documentType(found ? text(found.documentType) : String(documentId).replace(/^[0-9a-f-]{36}-/, ''));
  };
  const reference = caseReference(record.caseId);
  // By name from the agency's staff list; the manager's email address when the list does not have them.
  const managerName = record.caseManager === undefined ? undefined : page.caseManagers?.find((entry) => entry.id === record.caseManager)?.name ?? record.caseManagerEmail;
  const manager = record.caseManager === undefined ? words.t('manager.unassigned') : record.caseManager === staff.subject ? words.t('manager.you') : managerName ?? words.t('manager.another');
  // A raised flag by its title as its submission recorded it (or the pack's translation of it), never its id.
  const riskFlags = view.riskFlags.map((flag) => `${raisedFlagTitle(flag.flag, labels(formOf(flag.submissionId)))} (${words.t(riskStatus(flag.status))})`);

  const name = fullName(page.identity);
  // The tab's title keeps to the reference: browser history and shared screens need not carry the client's name.
  return staffDocument(words.t('title', { reference }), { ...chrome, current: 'cases' }, html`<p><a href="/staff/${staff.agencyId}/cases">${words.t('allCases')}</a></p>
<h1>${name ? html`<bdi dir="auto">${name}</bdi> <span class="case-ref">${words.t('caseRef', { reference })}</span>` : words.t('title', { reference })}</h1>
${page.notice ? html`<div class="notice" role="status"><p>${page.notice}</p></div>` : undefined}
<dl class="facts">
${identityFacts(page.identity, page.today, language)}
<dt>${words.t('fact.state')}</dt><dd>${named.state(record.state)}</dd>
<dt>${words.t('fact.opened')}</dt><dd>${day(record.createdAt)}</dd>
<dt>${words.t('fact.caseManager')}</dt><dd>${manager}</dd>
<dt>${words.t('fact.reviewDue')}</dt><dd>${record.reviewDueAt ?? '—'}</dd>
<dt>${words.t('fact.riskFlags')}</dt><dd>${riskFlags.length === 0 ? words.t('fact.none') : riskFlags.join(', ')}</dd>
${record.noticeUndelivered ? html`<dt>${words.t('fact.notice')}</dt><dd class="status-failed">${words.t('fact.noticeUndelivered')}</dd>` : undefined}
<dt>${words.t('fact.clientEmail')}</dt><dd>${clientAddressFacts(view.clientAddress, staff, base, words)}</dd>
${view.termination ? terminationFacts(view.termination, words) : undefined}
${record.legalHold ? html`<dt>${words.t('fact.legalHold')}</dt><dd>${words.t('fact.legalHoldOn')}</dd>` : undefined}
</dl>
${page.assignment}
${page.personLinks}

<h2 id="next-steps">${words.t('nextSteps')}</h2>
${nextSteps(view.allowedMoves, page.offeredForms, base, title, words, named)}

${page.outcomes ? html`<h2 id="outcomes">${words.t('outcomes')}</h2>${page.outcomes}` : undefined}

<h2 id="submissions">${words.t('submissions')}</h2>
${canExport(staff) ? html`<p><a href="${base}/fhir">${words.t('fhirCase')}</a> ${words.t('fhirCase.note')}</p>` : undefined}
${table(words, words.t('submissions.caption'), [words.t('col.form'), words.t('col.received'), words.t('col.channel'), words.t('col.scores'), words.t('col.flags'), ...(canExport(staff) ? [words.t('col.export')] : [])], byTime(view.submissions, 'receivedAt').map((submission) => [
    title(submission.formId), day(submission.receivedAt), words.maybe(`channel.${text(submission.channel)}`) ?? text(submission.channel),
    scores(submission.scores, labels(String(submission.formId))), flags(submission.flags, labels(String(submission.formId))),
    ...(canExport(staff) ? [html`<a href="${base}/submissions/${String(submission.submissionId)}/fhir">FHIR<span class="visually-hidden"> ${words.t('fhirOf', { form: title(submission.formId), date: day(submission.receivedAt) })}</span></a>`] : []),
  ]))}

<h2 id="answers">${words.t('answers')}</h2>
${renderAnswers(page.answers.entries, page.answers.reading, title, day, words)}

<h2 id="documents">${words.t('documents')}</h2>
${table(words, words.t('documents.caption'), [words.t('col.document'), words.t('col.created'), words.t('col.size'), words.t('col.download')], byTime(view.documents, 'createdAt').map((document) => [
    named.documentType(text(document.documentType)), day(document.createdAt), words.t('size', { kb: Math.ceil(Number(document.bytes ?? 0) / 1024) }),
    html`<a href="${base}/documents/${String(document.documentId)}">PDF<span class="visually-hidden"> ${words.t('pdfOf', { document: named.documentType(text(document.documentType)), date: day(document.createdAt) })}</span></a>`,
  ]))}

${page.files}

${page.signatures}

<h2 id="deliveries">${words.t('deliveries')}</h2>
${table(words, words.t('deliveries.caption'), [words.t('col.document'), words.t('col.recipient'), words.t('col.status'), words.t('col.reason'), words.t('col.sent')], byDocument(view.deliveries, view.documents).map((delivery) => [
    documentTitle(delivery.documentId), named.recipient(text(delivery.recipient)),
    html`<span class="status-${text(delivery.status)}">${named.deliveryStatus(text(delivery.status))}</span>`,
    delivery.reason === undefined ? '—' : named.deliveryReason(text(delivery.reason)), day(delivery.sentAt),
  ]))}

${page.notes}

<h2 id="timeline">${words.t('timeline')}</h2>
<ol>${view.timeline.map((entry) => html`<li><time datetime="${text(entry.at)}">${day(entry.at)}</time>: ${timelineText(entry, title, documentTitle, words, named, language)}</li>`)}</ol>`);
}

/** The moves allowed now: links to the forms this user may fill in, and the names of those that need another role. */
function nextSteps(moves: CaseView['allowedMoves'], offeredForms: readonly string[], base: string, title: (formId: unknown) => string, words: PageWords, named: CaseWords): SafeHtml {
  if (moves.length === 0) return html`<p>${words.t('moves.none')}</p>`;
  const offered = moves.filter((move) => offeredForms.includes(move.formId));
  const others = moves.filter((move) => !offeredForms.includes(move.formId));
  const list = (some: typeof moves) => some.map((move) => title(move.formId)).join(', ');
  if (offered.length === 0) return html`<p>${words.t('moves.notYourRole', { forms: list(others) })}</p>`;
  return html`<ul class="moves">${offered.map((move) => html`<li><a href="${base}/forms/${move.formId}">${title(move.formId)}${move.to ? html` <span class="visually-hidden">${words.t('moves.movesTo', { state: named.state(move.to) })}</span><span aria-hidden="true"> → ${named.state(move.to)}</span>` : undefined}</a></li>`)}</ul>
${others.length > 0 ? html`<p>${words.t('moves.byOthers', { forms: list(others) })}</p>` : undefined}`;
}

function table(words: PageWords, caption: string, headings: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | SafeHtml>>): SafeHtml {
  if (rows.length === 0) return html`<p>${words.t('noneYet')}</p>`;
  // A table wider than a phone scrolls inside its box: the box takes focus, so it scrolls by keyboard too (WCAG 2.1.1).
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table><caption>${caption}</caption>
<thead><tr>${headings.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table></div>`;
}

const byTime = (items: readonly Item[], field: string) => [...items].sort((a, b) => String(a[field]).localeCompare(String(b[field])));

/** Deliveries in the order their documents were made (risk alerts and receipts, which have none, last), then by recipient. */
function byDocument(deliveries: readonly Item[], documents: readonly Item[]): Item[] {
  const order = new Map(byTime(documents, 'createdAt').map((document, index) => [document.documentId, index]));
  const rank = (delivery: Item) => order.get(delivery.documentId) ?? order.size;
  return [...deliveries].sort((a, b) => rank(a) - rank(b) || String(a.recipient).localeCompare(String(b.recipient)));
}

/** Scores by the pack's titles and band labels in the reader's language, where it translates them. */
function scores(value: unknown, labels: Labels): string {
  const list = Array.isArray(value) ? (value as Score[]) : [];
  return list.length === 0 ? '—' : list.map((score) => {
    const band = bandLabel(labels, score.id, score.band);
    return `${scoreTitle(labels, score.id, score.title)}: ${score.value}${band ? ` (${band})` : ''}`;
  }).join('; ');
}

function flags(value: unknown, labels: Labels): string {
  const list = Array.isArray(value) ? (value as RaisedFlag[]) : [];
  return list.length === 0 ? '—' : list.map((flag) => flagTitle(labels, flag.id, flag.title)).join('; ');
}

const raisedFlagTitle = (flag: unknown, labels: Labels) => (typeof flag === 'object' && flag !== null
  ? flagTitle(labels, String((flag as RaisedFlag).id), text((flag as RaisedFlag).title))
  : text(flag));
const riskStatus = (status: unknown): WordKey<'staffCasePage'> => (status === 'alert-pending' ? 'risk.alert-pending' : status === 'alerted' ? 'risk.alerted' : 'risk.recorded');

/** Roles that may record a client's address as verified in person (the route's roles: contracts/routes.ts). */
const VERIFYING_ROLES = ['case-manager', 'supervisor'];

/**
 * Whether the client's email address is confirmed theirs: documents with health information wait until it is
 * (client-address.ts). A case manager or supervisor who saw the client may record it (a POST from this page).
 */
function clientAddressFacts(address: CaseView['clientAddress'], staff: StaffMember, base: string, words: PageWords): SafeHtml {
  if (address.state === 'none') return html`${words.t('address.none')}`;
  if (address.state === 'verified') {
    const how = address.method === 'in-person'
      ? words.t('address.inPerson', { who: address.staff === staff.subject ? words.t('address.you') : text(address.staff) })
      : words.t('address.byLink');
    return html`${words.t('address.verified', { date: day(address.at), how })}`;
  }
  const mayVerify = staff.roles.some((role) => VERIFYING_ROLES.includes(role));
  return html`${words.h('address.waiting', { status: html`<span class="status-held">${words.t('address.notVerified')}</span>` })}${mayVerify
    ? html`<form method="post" action="${base}/client-address"><button type="submit">${words.t('address.record')}</button></form>`
    : undefined}`;
}

/** When services may end: the earliest day, and why it moved when the notice reached the client late. */
function terminationFacts(termination: NonNullable<CaseView['termination']>, words: PageWords): SafeHtml {
  // How it was served is the answer given on the form (a choice's value), except email, which the service confirms itself.
  const served = termination.servedOn === undefined
    ? words.t('termination.notConfirmed')
    : termination.servedBy ? words.t('termination.servedBy', { date: termination.servedOn, how: termination.servedBy === 'email' ? words.t('termination.byEmail') : termination.servedBy }) : termination.servedOn;
  const moved = termination.earliestCompletion > termination.effectiveDate;
  const why = moved
    ? words.t('termination.moved', { effective: termination.effectiveDate, served: termination.servedOn ?? '' })
    : termination.servedOn === undefined ? words.t('termination.once') : '.';
  return html`<dt>${words.t('termination.notice')}</dt><dd>${words.t('termination.facts', { notice: termination.noticeDate, effective: termination.effectiveDate, served })}</dd>
<dt>${words.t('termination.end')}</dt><dd><strong>${words.t('termination.onOrAfter', { date: termination.earliestCompletion })}</strong>${why}</dd>`;
}

function timelineText(entry: Item, title: (formId: unknown) => string, documentTitle: (documentId: unknown) => string, words: PageWords, named: CaseWords, language: StaffLanguage): string {
  const transition = entry.transition as { from?: string; to?: string } | undefined;
  switch (entry.event) {
    case 'submission':
      return transition?.to && transition.to !== transition.from
        ? words.t('timeline.receivedMoved', { form: title(entry.formId), from: named.state(String(transition.from)), to: named.state(transition.to) })
        : words.t('timeline.received', { form: title(entry.formId) });
    case 'document':
      return words.t('timeline.generated', { document: named.documentType(text(entry.documentType)) });
    case 'note':
    case 'addendum':
      return noteTimelineText(entry, language);
    default:
      return words.t('timeline.sent', { document: documentTitle(entry.documentId), recipient: named.recipient(text(entry.recipient)) });
  }
}
