import { clientAddressRecordOf, clientAddressState, type ClientAddressState } from './client-address.ts';
import { caseRecordOf, type CaseRecord } from './case-record.ts';
import { allowedMoves, type AllowedMove, type LifecycleForm } from './lifecycle.ts';
import { notesOf, type NoteView } from './note-view.ts';
import { earliestCompletion, withEmailService, type PendingTermination } from './termination.ts';
import { caseFilesOf } from '../uploads/case-files.ts';
import type { CaseFile } from '../uploads/upload-record.ts';

type Item = Record<string, unknown>;

const pick = (item: Item, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));

export interface CaseView {
  readonly case: CaseRecord;
  readonly submissions: readonly Item[];
  readonly documents: readonly Item[];
  readonly deliveries: readonly Item[];
  readonly jobs: readonly Item[];
  readonly riskFlags: readonly Item[];
  /** Files sent with the case's submissions, oldest first, each with its scan result (only a clean one opens). */
  readonly files: readonly CaseFile[];
  /** Notes and contacts, newest contact first, each with its addenda (domain/cases/). */
  readonly notes: readonly NoteView[];
  readonly timeline: ReadonlyArray<Item & { readonly at: unknown; readonly event: string }>;
  readonly allowedMoves: readonly AllowedMove[];
  /** Whether the client's email address is confirmed to be theirs: documents wait for it (client-address.ts). */
  readonly clientAddress: ClientAddressState;
  /** A termination notice on a case not yet ended: its dates and the first day services may end. */
  readonly termination?: PendingTermination & { readonly earliestCompletion: string };
}

/**
 * A case as staff see it, from its stored items: the record, submissions (with scores and flags), documents, files,
 * deliveries (withheld, held, failed and bounced ones with their reason: staff see what did not go out and why), jobs,
 * risk flags, one timeline, and the moves the agency's staff forms allow now. The API and the case page share it.
 */
export function caseView(
  items: readonly Item[],
  staffForms: Iterable<LifecycleForm>,
  agency: { readonly timeZone: string; readonly minimumTerminationNoticeDays: number },
): CaseView | undefined {
  const caseItem = items.find((item) => item.type === 'case');
  if (!caseItem) return undefined;
  const record = caseRecordOf(caseItem);
  const of = (type: string) => items.filter((item) => item.type === type);
  const submissions = of('submission').map((item) => pick(item, ['submissionId', 'formId', 'formVersion', 'channel', 'submittedBy', 'receivedAt', 'transition', 'scores', 'flags']));
  const documents = of('document').map((item) => pick(item, ['documentId', 'documentType', 'submissionId', 'sha256', 'bytes', 'createdAt']));
  const deliveries = of('delivery').map((item) => pick(item, ['documentId', 'recipient', 'status', 'reason', 'method', 'attempts', 'sentAt', 'events']));
  const jobs = of('job').map((item) => ({ ...(item.job as object), ...pick(item, ['status', 'reason', 'createdAt', 'completedAt', 'deadLetteredAt']) }));
  const notes = notesOf(items);
  // The timeline names notes by type and id; their words are in `notes`.
  const timeline = [
    ...submissions.map((s) => ({ at: s.receivedAt, event: 'submission', formId: s.formId, submissionId: s.submissionId, transition: s.transition })),
    ...documents.map((d) => ({ at: d.createdAt, event: 'document', documentType: d.documentType, documentId: d.documentId })),
    ...deliveries.filter((d) => d.sentAt).map((d) => ({ at: d.sentAt, event: 'delivery', documentId: d.documentId, recipient: d.recipient })),
    ...notes.map((n) => ({ at: n.contactedAt, event: 'note', noteId: n.noteId, contactType: n.contactType })),
    ...notes.flatMap((n) => n.addenda.map((a) => ({ at: a.recordedAt, event: 'addendum', noteId: n.noteId, addendumId: a.addendumId, contactType: n.contactType }))),
  ].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return {
    case: record,
    submissions,
    documents,
    deliveries,
    jobs,
    riskFlags: of('risk-flag').map((item) => pick(item, ['submissionId', 'flag', 'status', 'raisedAt', 'alertedAt'])),
    files: caseFilesOf(items),
    notes,
    timeline,
    allowedMoves: allowedMoves(staffForms, record.state),
    clientAddress: clientAddressState(of('client-address').map(clientAddressRecordOf)[0]),
    ...(record.termination && record.state === 'termination-pending' ? { termination: pendingTermination(record.termination, deliveries, agency) } : {}),
  };
}

/** The pending termination as it stands: an email confirmed delivered serves the notice on its day, if nothing did earlier. */
function pendingTermination(
  termination: PendingTermination, deliveries: readonly Item[], agency: { readonly timeZone: string; readonly minimumTerminationNoticeDays: number },
): NonNullable<CaseView['termination']> {
  const deliveredAt = deliveries
    .filter((delivery) => delivery.recipient === 'client' && String(delivery.documentId).startsWith(`${termination.submissionId}-`))
    .flatMap((delivery) => (Array.isArray(delivery.events) ? (delivery.events as Array<{ status?: string; at?: string }>) : []))
    .flatMap((event) => (event.status === 'delivered' && typeof event.at === 'string' ? [event.at] : []));
  const served = withEmailService(termination, deliveredAt, agency.timeZone);
  return { ...served, earliestCompletion: earliestCompletion(served, agency.minimumTerminationNoticeDays) };
}
