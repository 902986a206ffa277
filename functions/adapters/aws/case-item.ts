import type { CaseRecord } from '../../domain/cases/case-record.ts';
import { isFinal } from '../../domain/forms/case-states.ts';
import { keys } from '../../contracts/table-design.ts';

/** The DynamoDB item of a case, with the keys of the indexes that list it (each index is sparse). */
export function caseItem(record: CaseRecord, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { agencyId, caseId } = record;
  return { ...extra, ...record, pk: keys.case(agencyId, caseId), sk: keys.caseRecord(), type: 'case', ...caseIndexKeys(record) };
}

/** The index attributes a case item carries for its record: the only place they are worked out. */
export function caseIndexKeys(record: CaseRecord): Record<string, string> {
  const { agencyId, state } = record;
  return {
    agencyCases: keys.agencyCases(agencyId),
    agencyState: keys.agencyState(agencyId, state),
    ...(record.caseManager ? { agencyManager: keys.agencyManager(agencyId, record.caseManager) } : {}),
    // The caseload index holds open cases only: a case that ends, or changes hands, leaves the count with this write.
    ...(record.caseManager && !isFinal(state) ? { agencyOpenManager: keys.agencyManager(agencyId, record.caseManager) } : {}),
    // Closed and terminated cases have no review to be due.
    ...(record.reviewDueAt && !isFinal(state) ? { agencyReview: keys.agencyCases(agencyId) } : {}),
    // An open case's review date is its manager's follow-up too (the follow-ups index): reassigning the case moves it.
    ...(record.reviewDueAt && record.caseManager && !isFinal(state) ? { followUpOwner: keys.agencyManager(agencyId, record.caseManager), followUpDue: record.reviewDueAt } : {}),
    // Ended cases wait in the retention index until their day; a legal hold takes them out of it.
    ...(record.retainUntil && !record.legalHold ? { retentionDue: keys.retentionDue() } : {}),
  };
}

/**
 * The case record for a transaction, written over the version read (and, `sameState`, the state read): a concurrent
 * change fails the whole transaction, which the caller answers as stale.
 */
export function versionedCasePut(table: string, before: Pick<CaseRecord, 'version' | 'state'>, after: CaseRecord, { sameState = true } = {}): Record<string, unknown> {
  return {
    Put: {
      TableName: table, Item: caseItem(after),
      ConditionExpression: sameState ? 'version = :version AND #state = :state' : 'version = :version',
      ...(sameState ? { ExpressionAttributeNames: { '#state': 'state' } } : {}),
      ExpressionAttributeValues: { ':version': before.version, ...(sameState ? { ':state': before.state } : {}) },
    },
  };
}
