import type { StaffMember } from '../../contracts/staff-claims.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import type { CaseView } from '../../domain/cases/case-view.ts';
import type { Score, RaisedFlag } from '../../domain/forms/scoring.ts';
import { humanize } from '../../domain/forms/humanize.ts';
import { html, SafeHtml } from '../public-pages/html.ts';
import { stateLabel } from './case-list-page.ts';
import { canExport, staffDocument } from './staff-layout.ts';
import type { ClientIdentity } from '../../domain/forms/identity.ts';
import { fullName } from '../../domain/forms/identity.ts';
import { identityFacts } from './client-facts.ts';
import { ENGLISH } from './staff-words.ts';
import type { SubmissionAnswers } from '../../domain/cases/submission-answers.ts';
import { renderAnswers, type AnswerReading } from './case-answers.ts';
import { noteTimelineText } from './contact-types.ts';

export interface CasePage {
  readonly agencyName: string;
  readonly brandColor?: string;
  readonly staff: StaffMember;
  readonly view: CaseView;
  /** Form titles by form id, for the agency's forms. */
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
  /** The "Notes and contacts" section (case-notes-section.ts). */
  readonly notes?: SafeHtml;
  /** Who manages the case, and for those who may assign, the choice of another (assign-controls.ts). */
  readonly assignment?: SafeHtml;
  /** A notice after a form was sent, e.g. "Care plan saved". */
  readonly notice?: string;
  /** Who the case is about (the record's, or read from the intake for older cases); undefined when unknown. */
  readonly identity: ClientIdentity | undefined;
  /** Today in the agency's time zone (YYYY-MM-DD): ages are counted to it. */
  readonly today: string;
  /** Every submission with its answers, and the reader's language to show them in (case-answers.ts). */
  readonly answers: { readonly entries: readonly SubmissionAnswers[]; readonly reading: AnswerReading };
}

type Item = Record<string, unknown>;
const text = (value: unknown) => (value === undefined || value === null ? '—' : String(value));
const day = (value: unknown) => (typeof value === 'string' ? value.replace('T', ' ').slice(0, 16) : '—');

/** A case on one page: where it stands, what may be done next, and everything received, produced and sent. */
export function renderCasePage(page: CasePage): string {
  const { view, staff } = page;
  const record = view.case;
  const base = `/staff/${staff.agencyId}/cases/${record.caseId}`;
  const title = (formId: unknown) => page.formTitles[String(formId)] ?? String(formId);
  const documentTitle = (documentId: unknown) => {
    const found = view.documents.find((document) => document.documentId === documentId);
    return documentName(found ? found.documentType : String(documentId).replace(/^[0-9a-f-]{36}-/, ''));
  };
  // A raised flag by its title as its submission recorded it, never its id.
  const reference = caseReference(record.caseId);
  const manager = record.caseManager === undefined ? 'Unassigned' : record.caseManager === staff.subject ? 'You' : 'Another case manager';

  const name = fullName(page.identity);
  // The tab's title keeps to the reference: browser history and shared screens need not carry the client's name.
  return staffDocument(`Case ${reference}`, { agencyName: page.agencyName, brandColor: page.brandColor, staff, current: 'cases' }, html`<p><a href="/staff/${staff.agencyId}/cases">All cases</a></p>
<h1>${name ? html`<bdi dir="auto">${name}</bdi> <span class="case-ref">· case ${reference}</span>` : `Case ${reference}`}</h1>
${page.notice ? html`<div class="notice" role="status"><p>${page.notice}</p></div>` : undefined}
<dl class="facts">
${identityFacts(page.identity, page.today, ENGLISH)}
<dt>State</dt><dd>${stateLabel(record.state)}</dd>
<dt>Opened</dt><dd>${day(record.createdAt)}</dd>
<dt>Case manager</dt><dd>${manager}</dd>
<dt>Review due</dt><dd>${record.reviewDueAt ?? '—'}</dd>
<dt>Risk flags</dt><dd>${view.riskFlags.length === 0 ? 'None' : view.riskFlags.map((flag) => `${flagTitle(flag.flag)} (${riskStatus(flag.status)})`).join(', ')}</dd>
${record.noticeUndelivered ? html`<dt>Notice</dt><dd class="status-failed">A notice to the client was not delivered: record how else it was served.</dd>` : undefined}
<dt>Client email</dt><dd>${clientAddressFacts(view.clientAddress, staff, base)}</dd>
${view.termination ? terminationFacts(view.termination) : undefined}
${record.legalHold ? html`<dt>Legal hold</dt><dd>On: nothing of this case is purged.</dd>` : undefined}
</dl>
${page.assignment}
${page.personLinks}

<h2 id="next-steps">Next steps</h2>
${nextSteps(view.allowedMoves, page.offeredForms, base, title)}

${page.outcomes ? html`<h2 id="outcomes">Outcomes over time</h2>${page.outcomes}` : undefined}

<h2 id="submissions">Submissions</h2>
${canExport(staff) ? html`<p><a href="${base}/fhir">Whole case as FHIR R4</a> (a Bundle of every response, and an Observation of each instrument score)</p>` : undefined}
${table('Submissions, oldest first', ['Form', 'Received', 'Channel', 'Scores', 'Flags', ...(canExport(staff) ? ['Export'] : [])], byTime(view.submissions, 'receivedAt').map((submission) => [
    title(submission.formId), day(submission.receivedAt), text(submission.channel), scores(submission.scores), flags(submission.flags),
    ...(canExport(staff) ? [html`<a href="${base}/submissions/${String(submission.submissionId)}/fhir">FHIR<span class="visually-hidden"> QuestionnaireResponse of ${title(submission.formId)}, ${day(submission.receivedAt)}</span></a>`] : []),
  ]))}

<h2 id="answers">Answers</h2>
${renderAnswers(page.answers.entries, page.answers.reading, title, day)}

<h2 id="documents">Documents</h2>
${table('Generated documents, oldest first', ['Document', 'Created', 'Size', 'Download'], byTime(view.documents, 'createdAt').map((document) => [
    documentName(document.documentType), day(document.createdAt), `${Math.ceil(Number(document.bytes ?? 0) / 1024)} KB`,
    html`<a href="${base}/documents/${String(document.documentId)}">PDF<span class="visually-hidden"> of ${documentName(document.documentType)}, ${day(document.createdAt)}</span></a>`,
  ]))}

<h2 id="deliveries">Deliveries</h2>
${table('Who was sent what, by document', ['Document', 'Recipient', 'Status', 'Reason', 'Sent'], byDocument(view.deliveries, view.documents).map((delivery) => [
    documentTitle(delivery.documentId), text(delivery.recipient), html`<span class="status-${text(delivery.status)}">${text(delivery.status)}</span>`, text(delivery.reason), day(delivery.sentAt),
  ]))}

${page.notes}

<h2 id="timeline">Timeline</h2>
<ol>${view.timeline.map((entry) => html`<li><time datetime="${text(entry.at)}">${day(entry.at)}</time>: ${timelineText(entry, title, documentTitle)}</li>`)}</ol>`);
}

/** The moves allowed now: links to the forms this user may fill in, and the names of those that need another role. */
function nextSteps(moves: CaseView['allowedMoves'], offeredForms: readonly string[], base: string, title: (formId: unknown) => string): SafeHtml {
  if (moves.length === 0) return html`<p>No form can be submitted in this state.</p>`;
  const offered = moves.filter((move) => offeredForms.includes(move.formId));
  const others = moves.filter((move) => !offeredForms.includes(move.formId));
  if (offered.length === 0) return html`<p>Forms that may be submitted now: ${others.map((move) => title(move.formId)).join(', ')}. Your role cannot submit them.</p>`;
  return html`<ul class="moves">${offered.map((move) => html`<li><a href="${base}/forms/${move.formId}">${title(move.formId)}${move.to ? html` <span class="visually-hidden">(moves the case to ${stateLabel(move.to)})</span><span aria-hidden="true"> → ${stateLabel(move.to)}</span>` : undefined}</a></li>`)}</ul>
${others.length > 0 ? html`<p>Also possible now, by another role: ${others.map((move) => title(move.formId)).join(', ')}.</p>` : undefined}`;
}

function table(caption: string, headings: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | SafeHtml>>): SafeHtml {
  if (rows.length === 0) return html`<p>None yet.</p>`;
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

/** A document type in words (`care-plan` → "Care plan"): staff read the page, not the template names. */
const documentName = (documentType: unknown) => humanize(text(documentType));

function scores(value: unknown): string {
  const list = Array.isArray(value) ? (value as Score[]) : [];
  return list.length === 0 ? '—' : list.map((score) => `${score.title}: ${score.value}${score.band ? ` (${score.band})` : ''}`).join('; ');
}

const flagTitle = (flag: unknown) => (typeof flag === 'object' && flag !== null ? text((flag as RaisedFlag).title) : text(flag));
const riskStatus = (status: unknown) => (status === 'alert-pending' ? 'supervisor alert pending' : status === 'alerted' ? 'supervisor alerted' : 'recorded');

/** Roles that may record a client's address as verified in person (the route's roles: contracts/routes.ts). */
const VERIFYING_ROLES = ['case-manager', 'supervisor'];

/**
 * Whether the client's email address is confirmed theirs: documents with health information wait until it is
 * (client-address.ts). A case manager or supervisor who saw the client may record it (a POST from this page).
 */
function clientAddressFacts(address: CaseView['clientAddress'], staff: StaffMember, base: string): SafeHtml {
  if (address.state === 'none') return html`No email address used yet.`;
  if (address.state === 'verified') {
    const how = address.method === 'in-person' ? `in person, recorded by ${address.staff === staff.subject ? 'you' : text(address.staff)}` : 'by the client, with the link emailed to them';
    return html`Verified on ${day(address.at)}, ${how}.`;
  }
  const mayVerify = staff.roles.some((role) => VERIFYING_ROLES.includes(role));
  return html`<span class="status-held">Email address not verified</span>: documents for the client wait until they confirm it.${mayVerify
    ? html`<form method="post" action="${base}/client-address"><button type="submit">Record that the client confirmed this address in person</button></form>`
    : undefined}`;
}

/** When services may end: the earliest day, and why it moved when the notice reached the client late. */
function terminationFacts(termination: NonNullable<CaseView['termination']>): SafeHtml {
  const served = termination.servedOn === undefined
    ? 'not yet confirmed'
    : `${termination.servedOn}${termination.servedBy ? ` (${termination.servedBy === 'email' ? 'email delivered' : termination.servedBy})` : ''}`;
  const moved = termination.earliestCompletion > termination.effectiveDate;
  return html`<dt>Termination notice</dt><dd>Issued ${termination.noticeDate}; effective ${termination.effectiveDate}; reached the client: ${served}.</dd>
<dt>Services may end</dt><dd><strong>On or after ${termination.earliestCompletion}</strong>${moved
    ? `: moved from ${termination.effectiveDate}, because the notice reached the client on ${termination.servedOn ?? ''} and the minimum notice counts from that day`
    : termination.servedOn === undefined ? ', once the notice is confirmed to have reached the client' : ''}.</dd>`;
}

function flags(value: unknown): string {
  const list = Array.isArray(value) ? (value as RaisedFlag[]) : [];
  return list.length === 0 ? '—' : list.map((flag) => flag.title).join('; ');
}

function timelineText(entry: Item, title: (formId: unknown) => string, documentTitle: (documentId: unknown) => string): string {
  const transition = entry.transition as { from?: string; to?: string } | undefined;
  switch (entry.event) {
    case 'submission':
      return `${title(entry.formId)} received${transition?.to && transition.to !== transition.from ? `; case moved from ${stateLabel(String(transition.from))} to ${stateLabel(transition.to)}` : ''}`;
    case 'document':
      return `${documentName(entry.documentType)} generated`;
    case 'note':
    case 'addendum':
      return noteTimelineText(entry);
    default:
      return `${documentTitle(entry.documentId)} sent to ${text(entry.recipient)}`;
  }
}
