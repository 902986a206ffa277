import { allowedMoves } from '../cases/lifecycle.ts';
import { caseRecordOf } from '../aws/case-item.ts';
import { isPlainCaseId } from '../http/ids.ts';
import { Problem } from '../http/problem.ts';
import { jsonResponse } from '../http/responses.ts';
import { auditOf, staffHandler } from '../http/staff-handler.ts';
import { getServices } from '../services.ts';

const pick = (item: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));

/** GET /agencies/{agencyId}/cases/{caseId}: the case, its submissions, documents, deliveries, timeline and next moves. */
export const handler = staffHandler('get-case', async (event) => {
  const { caseStore, catalog } = getServices();
  const caseId = event.pathParameters?.caseId;
  if (!isPlainCaseId(caseId)) throw new Problem('notFound', 'There is no such case.');
  const items = await caseStore.caseItems(event.staff.agencyId, caseId);
  const caseItem = items.find((item) => item.type === 'case');
  if (!caseItem) throw new Problem('notFound', 'There is no such case.');
  await caseStore.recordAccess(auditOf(event, caseId, 'read-case'));

  const record = caseRecordOf(caseItem);
  const of = (type: string) => items.filter((item) => item.type === type);
  const submissions = of('submission').map((item) => pick(item, ['submissionId', 'formId', 'formVersion', 'channel', 'submittedBy', 'receivedAt', 'transition', 'scores', 'flags']));
  const documents = of('document').map((item) => pick(item, ['documentId', 'documentType', 'submissionId', 'sha256', 'bytes', 'createdAt']));
  // Withheld, failed and bounced deliveries are listed with their reason: staff see what did not go out and why.
  const deliveries = of('delivery').map((item) => pick(item, ['documentId', 'recipient', 'status', 'reason', 'method', 'attempts', 'sentAt', 'events']));
  const jobs = of('job').map((item) => ({ ...(item.job as object), ...pick(item, ['status', 'reason', 'createdAt', 'completedAt', 'deadLetteredAt']) }));
  const timeline = [
    ...submissions.map((s) => ({ at: s.receivedAt, event: 'submission', formId: s.formId, submissionId: s.submissionId, transition: s.transition })),
    ...documents.map((d) => ({ at: d.createdAt, event: 'document', documentType: d.documentType, documentId: d.documentId })),
    ...deliveries.filter((d) => d.sentAt).map((d) => ({ at: d.sentAt, event: 'delivery', documentId: d.documentId, recipient: d.recipient })),
  ].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const staffForms = [...(catalog.pack(event.staff.agencyId)?.forms.values() ?? [])].filter((form) => form.access === 'staff');

  return jsonResponse(200, {
    case: record,
    submissions,
    documents,
    deliveries,
    jobs,
    riskFlags: of('risk-flag').map((item) => pick(item, ['submissionId', 'flag', 'status', 'raisedAt', 'alertedAt'])),
    timeline,
    allowedMoves: allowedMoves(staffForms, record.state),
  }, { ETag: `"${record.version}"` });
});
