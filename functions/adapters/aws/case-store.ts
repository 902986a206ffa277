import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord, CaseRecord } from '../../domain/cases/case-record.ts';
import type { MatchIndex } from '../../domain/people/find-matches.ts';
import type { PersonChange, PersonStore } from '../../domain/people/person-links.ts';
import { raisedFlag, type CaseLister, type CasePage, type CaseQuery } from '../../domain/cases/case-list.ts';
import { ANY_RISK_FLAG } from '../../domain/forms/risk-flag-choices.ts';
import { noContactSince } from '../../domain/cases/last-contact.ts';
import type { CaseSearchQuery, CaseSearchResult, CaseSearcher } from '../../domain/cases/case-search.ts';
import { caseSearchTerms, partitionPrefix, termsMatch } from '../../domain/cases/search-terms.ts';
import { isFinal } from '../../domain/forms/case-states.ts';
import { searchItem, searchKeyChanges } from './search-items.ts';
import { matchEntryChanges, matchItem } from './match-items.ts';
import type { AcceptedStaffSubmission, StaffReceipt, StaffSubmissionStore } from '../../domain/cases/staff-submission.ts';
import type { NoticeDelivery } from '../../domain/cases/termination-steps.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import type { BlobStore } from './blob-store.ts';
import { caseRecordOf } from '../../domain/cases/case-record.ts';
import { versionedCasePut } from './case-item.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { outboxJobItem } from './outbox-item.ts';
import { keys, tableDesign } from '../../contracts/table-design.ts';
import type { CaseFileOpener } from '../../domain/cases/open-case-file.ts';
import type { CaseFile } from '../../domain/uploads/upload-record.ts';
import { caseFilesOf } from '../../domain/uploads/case-files.ts';
import { uploadLinkItems } from './upload-link-items.ts';

const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** The most index entries one search word reads: past it, staff are asked to type more rather than wait. */
const MAX_WORD_HITS = 500;
/** Staff case work on DynamoDB: cases, their items, audit records and the indexed case lists. Queries only, no scans. */
export class DynamoCaseStore implements StaffSubmissionStore, CaseLister, MatchIndex, PersonStore, CaseSearcher, CaseFileOpener {
  constructor(private readonly table: string, private readonly blobs: BlobStore) {}

  findReceipt(agencyId: string, scope: string, idempotencyKey: string) {
    return guard('dynamodb get idempotency', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.idempotency(agencyId, scope, idempotencyKey), sk: keys.idempotencyRecord() }, ConsistentRead: true,
      }));
      return Item ? { receipt: Item.receipt as StaffReceipt, requestHash: Item.requestHash as string } : undefined;
    });
  }

  getCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined> {
    return guard('dynamodb get case', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() }, ConsistentRead: true,
      }));
      return Item ? caseRecordOf(Item) : undefined;
    });
  }

  /** The cases filed under one match key (domain/people/find-matches.ts): one query of its partition. */
  async casesFiledUnder(agencyId: string, key: string): Promise<readonly string[]> {
    const items = await this.queryAll({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.matchKey(agencyId, key) } });
    return items.map((item) => String(item.caseId));
  }

  /** The cases linked as one person's: one query of the person's partition. */
  async casesOfPerson(agencyId: string, personId: string): Promise<readonly string[]> {
    const items = await this.queryAll({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.person(agencyId, personId) }, ConsistentRead: true });
    return items.map((item) => String(item.caseId));
  }

  /**
   * Moves cases between people in one transaction: each case record conditional on the version read, its entry in
   * the old person's partition deleted and one in the new person's put, and the audit records appended.
   */
  async commitPersonChange(change: PersonChange): Promise<'committed' | 'stale'> {
    const { agencyId } = change;
    const items: Array<Record<string, unknown>> = change.moves.flatMap(({ before, after }) => [
      versionedCasePut(this.table, before, after, { sameState: false }),
      ...(before.personId ? [{ Delete: { TableName: this.table, Key: { pk: keys.person(agencyId, before.personId), sk: keys.matchEntry(before.caseId) } } }] : []),
      ...(after.personId ? [{ Put: { TableName: this.table, Item: { pk: keys.person(agencyId, after.personId), sk: keys.matchEntry(after.caseId), type: 'person-case', agencyId, caseId: after.caseId, linkedAt: after.updatedAt } } }] : []),
    ]);
    items.push(...change.audits.map((audit) => ({ Put: { TableName: this.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } })));
    try {
      await dynamoClient().send(new TransactWriteCommand({ TransactItems: items }));
      return 'committed';
    } catch (error) {
      if (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed')) return 'stale';
      throw new StorageError('dynamodb commit person change', { cause: error });
    }
  }

  /** Every item of a case's partition: the case, its submissions, jobs, documents, deliveries and flags. */
  caseItems(agencyId: string, caseId: string): Promise<Record<string, unknown>[]> {
    return this.queryAll({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.case(agencyId, caseId) }, ConsistentRead: true });
  }

  async clientNoticeDeliveries(agencyId: string, caseId: string, documentType: string): Promise<readonly NoticeDelivery[]> {
    const items = await this.queryAll({
      TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :deliveries)',
      ExpressionAttributeValues: { ':pk': keys.case(agencyId, caseId), ':deliveries': 'DELIVERY#' }, ConsistentRead: true,
    });
    return items
      .filter((item) => item.recipient === 'client' && String(item.documentId).endsWith(`-${documentType}`))
      .map((item) => {
        const delivered = ((item.events ?? []) as Array<{ status: string; at: string }>).find((event) => event.status === 'delivered');
        return { status: String(item.status), ...(delivered ? { deliveredAt: delivered.at } : {}) };
      });
  }

  getSubmission(agencyId: string, caseId: string, submissionId: string): Promise<Record<string, unknown> | undefined> {
    return guard('dynamodb get submission', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.submission(submissionId) }, ConsistentRead: true,
      }));
      return Item;
    });
  }

  getDocument(agencyId: string, caseId: string, documentId: string): Promise<Record<string, unknown> | undefined> {
    return guard('dynamodb get document', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.document(documentId) }, ConsistentRead: true,
      }));
      return Item;
    });
  }

  /** One file of the case (its FILE# item), by key: an id of another case or agency addresses nothing. */
  caseFile(agencyId: string, caseId: string, uploadId: string): Promise<CaseFile | undefined> {
    return guard('dynamodb get case file', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseFile(uploadId) }, ConsistentRead: true,
      }));
      return Item ? caseFilesOf([Item])[0] : undefined;
    });
  }

  readRaw(key: string): Promise<Buffer> {
    return this.blobs.get(key);
  }

  putRawSubmission(key: string, body: Buffer): Promise<void> {
    return this.blobs.put(key, body, 'application/json');
  }

  discardRawSubmission(key: string): Promise<void> {
    return this.blobs.delete(key);
  }

  /** Appends one audit record; an access that cannot be recorded does not happen. */
  recordAccess(audit: AuditRecord): Promise<void> {
    return guard('dynamodb put audit', async () => {
      await dynamoClient().send(new PutCommand({ TableName: this.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' }));
    });
  }

  auditTrail(agencyId: string, caseId: string): Promise<Record<string, unknown>[]> {
    return this.queryAll({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.audit(agencyId, caseId) }, ConsistentRead: true });
  }

  async commitStaffSubmission(submission: AcceptedStaffSubmission): Promise<'committed' | 'idempotency-key-taken' | 'stale' | 'files-changed'> {
    const { form, before, after, receipt, staff, assessment } = submission;
    const casePk = keys.case(form.agencyId, receipt.caseId);
    const items: Array<Record<string, unknown>> = [
      versionedCasePut(this.table, before, after),
      {
        Put: {
          TableName: this.table, ConditionExpression: 'attribute_not_exists(pk)',
          Item: {
            pk: casePk, sk: keys.submission(receipt.id), type: 'submission', agencyId: form.agencyId, caseId: receipt.caseId,
            submissionId: receipt.id, formId: form.formId, formVersion: form.version, channel: 'staff', submittedBy: staff.subject,
            receivedAt: receipt.receivedAt, rawKey: submission.rawKey, requestHash: submission.requestHash,
            transition: { from: before.state, to: after.state }, scores: assessment.scores, flags: assessment.flags,
            ...(submission.noticeDate ? { noticeDate: submission.noticeDate } : {}),
          },
        },
      },
      ...submission.jobs.map((job) => ({ Put: { TableName: this.table, ConditionExpression: 'attribute_not_exists(pk)', Item: outboxJobItem(job, receipt.id, receipt.receivedAt) } })),
      // A flag raised by a staff-recorded instrument is the case's flag too, as one raised at intake is.
      ...assessment.flags.map((flag) => ({
        Put: {
          TableName: this.table, ConditionExpression: 'attribute_not_exists(pk)',
          Item: {
            pk: casePk, sk: keys.riskFlag(receipt.id, flag.id), type: 'risk-flag', agencyId: form.agencyId, caseId: receipt.caseId,
            submissionId: receipt.id, flag, status: flag.alertSupervisor ? 'alert-pending' : 'recorded', raisedAt: receipt.receivedAt,
          },
        },
      })),
      // The search index follows the client's identity in the same transaction: a renamed client is found by the new name only.
      ...searchIndexChanges(this.table, form.agencyId, receipt.caseId, before.identity, after.identity),
      // So do its match entries: a new phone or email finds the client's other cases, and the old one stops doing so.
      ...matchIndexChanges(this.table, form.agencyId, receipt.caseId, before.identity, after.identity, receipt.receivedAt),
      ...[submission.audit, ...submission.flagAudits].map((audit) => ({
        Put: { TableName: this.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' },
      })),
    ];
    const idempotencyIndex = items.length;
    if (submission.idempotencyKey !== undefined) {
      items.push({
        Put: {
          TableName: this.table, ConditionExpression: 'attribute_not_exists(pk)',
          Item: {
            pk: keys.idempotency(form.agencyId, submission.idempotencyScope, submission.idempotencyKey), sk: keys.idempotencyRecord(),
            type: 'idempotency', receipt, requestHash: submission.requestHash,
            expiresAt: Math.floor(Date.parse(receipt.receivedAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
          },
        },
      });
    }
    const linksIndex = items.length;
    // The files the form names are linked in the same transaction, as the intake's are (upload-link-items.ts).
    items.push(...submission.files.flatMap((file) => uploadLinkItems(this.table, file, { agencyId: form.agencyId, caseId: receipt.caseId, submissionId: receipt.id })));
    try {
      await dynamoClient().send(new TransactWriteCommand({ TransactItems: items }));
      return 'committed';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons[idempotencyIndex]?.Code === 'ConditionalCheckFailed') return 'idempotency-key-taken';
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'stale';
        if (reasons.slice(linksIndex).some((reason) => reason?.Code === 'ConditionalCheckFailed')) return 'files-changed';
      }
      throw new StorageError('dynamodb commit staff submission', { cause: error });
    }
  }

  /** One page of an agency's cases from the index that fits the filters; other filters apply to that page. */
  listCases(query: CaseQuery): Promise<CasePage> {
    const { indexes } = tableDesign;
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    let input: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ScanIndexForward'>;
    if (query.reviewDueBy !== undefined) {
      input = { IndexName: indexes.casesByReview.name, KeyConditionExpression: 'agencyReview = :partition AND reviewDueAt <= :due', ScanIndexForward: true };
      values[':partition'] = keys.agencyCases(query.agencyId);
      values[':due'] = query.reviewDueBy;
    } else if (query.caseManager !== undefined) {
      input = { IndexName: indexes.casesByManager.name, KeyConditionExpression: 'agencyManager = :partition', ScanIndexForward: false };
      values[':partition'] = keys.agencyManager(query.agencyId, query.caseManager);
    } else if (query.state !== undefined) {
      input = { IndexName: indexes.casesByState.name, KeyConditionExpression: 'agencyState = :partition', ScanIndexForward: false };
      values[':partition'] = keys.agencyState(query.agencyId, query.state);
    } else {
      input = { IndexName: indexes.casesByAgency.name, KeyConditionExpression: 'agencyCases = :partition', ScanIndexForward: false };
      values[':partition'] = keys.agencyCases(query.agencyId);
    }
    if (query.state !== undefined && input.IndexName !== indexes.casesByState.name) {
      filters.push('#state = :state');
      names['#state'] = 'state';
      values[':state'] = query.state;
    }
    if (query.caseManager !== undefined && input.IndexName !== indexes.casesByManager.name) {
      filters.push('caseManager = :manager');
      values[':manager'] = query.caseManager;
    }
    // Flags and last contact have no index of their own: they filter what the index reads (read cost is unchanged).
    if (query.riskFlag === ANY_RISK_FLAG) {
      filters.push('size(riskFlags) > :none');
      values[':none'] = 0;
    } else if (query.riskFlag !== undefined) {
      filters.push('contains(riskFlags, :flag)');
      values[':flag'] = query.riskFlag;
    }
    if (query.noContactSince !== undefined) {
      filters.push('(attribute_not_exists(lastContactAt) OR lastContactAt < :since)');
      values[':since'] = query.noContactSince;
    }
    const partitionAttribute = input.KeyConditionExpression!.split(' ')[0]!;
    if (query.cursor && query.cursor[partitionAttribute] !== values[':partition']) throw new InvalidCursorError();
    return guard('dynamodb query cases', async () => {
      const page = await dynamoClient().send(new QueryCommand({
        TableName: this.table, ...input, Limit: query.limit, ExclusiveStartKey: query.cursor, ExpressionAttributeValues: values,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      }));
      return { cases: (page.Items ?? []).map(caseRecordOf), cursor: page.LastEvaluatedKey };
    });
  }

  /**
   * Cases whose terms begin with every word: one `begins_with` query per word on its search partition, the case ids
   * intersected, the cases read by key, then checked against their current identity and the list's filters.
   */
  async searchCases(query: CaseSearchQuery): Promise<CaseSearchResult> {
    let ids: string[] | undefined;
    let truncated = false;
    for (const word of query.words) {
      const hits = await this.searchHits(query.agencyId, word);
      truncated ||= hits.truncated;
      ids = ids === undefined ? hits.ids : ids.filter((id) => hits.ids.includes(id));
      if (ids.length === 0) break;
    }
    const records = await this.casesByIds(query.agencyId, ids ?? []);
    const matching = records
      .filter((record) => termsMatch(caseSearchTerms(record.caseId, record.identity), query.words))
      .filter((record) => query.state === undefined || record.state === query.state)
      .filter((record) => query.caseManager === undefined || record.caseManager === query.caseManager)
      .filter((record) => query.reviewDueBy === undefined || (record.reviewDueAt !== undefined && !isFinal(record.state) && record.reviewDueAt <= query.reviewDueBy))
      .filter((record) => query.riskFlag === undefined || raisedFlag(record, query.riskFlag))
      .filter((record) => query.noContactSince === undefined || noContactSince(record, query.noContactSince))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { cases: matching.slice(0, query.limit), more: truncated || matching.length > query.limit };
  }

  private searchHits(agencyId: string, word: string): Promise<{ ids: string[]; truncated: boolean }> {
    return guard('dynamodb query search terms', async () => {
      const ids = new Set<string>();
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :word)', ProjectionExpression: 'caseId',
          ExpressionAttributeValues: { ':pk': keys.searchTerms(agencyId, partitionPrefix(word)!), ':word': word }, Limit: MAX_WORD_HITS, ExclusiveStartKey,
        }));
        for (const item of page.Items ?? []) ids.add(String(item.caseId));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey && ids.size < MAX_WORD_HITS);
      return { ids: [...ids], truncated: ExclusiveStartKey !== undefined };
    });
  }

  private casesByIds(agencyId: string, caseIds: readonly string[]): Promise<CaseRecord[]> {
    return guard('dynamodb batch get cases', async () => {
      const records: CaseRecord[] = [];
      for (let start = 0; start < caseIds.length; start += 100) {
        let wanted: Array<Record<string, unknown>> | undefined = caseIds.slice(start, start + 100).map((caseId) => ({ pk: keys.case(agencyId, caseId), sk: keys.caseRecord() }));
        while (wanted && wanted.length > 0) {
          const result: BatchGetCommandOutput = await dynamoClient().send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: wanted } } }));
          records.push(...(result.Responses?.[this.table] ?? []).map(caseRecordOf));
          wanted = result.UnprocessedKeys?.[this.table]?.Keys;
        }
      }
      return records;
    });
  }

  private queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    return guard('dynamodb query', async () => {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({ ...input, ExclusiveStartKey }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    });
  }
}

/** A cursor from another list (other filters, or another agency's): it cannot continue this one. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** Transaction items moving a case's search entries from one identity to the next. */
function searchIndexChanges(
  table: string, agencyId: string, caseId: string, before: CaseRecord['identity'], after: CaseRecord['identity'],
): Array<Record<string, unknown>> {
  const { put, remove } = searchKeyChanges(agencyId, caseId, before, after);
  return [
    ...remove.map((Key) => ({ Delete: { TableName: table, Key } })),
    ...put.map((key) => ({ Put: { TableName: table, Item: searchItem(key, caseId) } })),
  ];
}

/** Transaction items moving a case's possible-match entries from one identity's facts to the next's. */
function matchIndexChanges(
  table: string, agencyId: string, caseId: string, before: CaseRecord['identity'], after: CaseRecord['identity'], filedAt: string,
): Array<Record<string, unknown>> {
  const { put, remove } = matchEntryChanges(agencyId, caseId, before, after);
  return [
    ...remove.map((Key) => ({ Delete: { TableName: table, Key } })),
    ...put.map((key) => ({ Put: { TableName: table, Item: matchItem(key, agencyId, caseId, filedAt) } })),
  ];
}

/** Actions one request may record several of, told apart by their target (the opened and the superseded document). */
const MANY_PER_REQUEST: ReadonlySet<AuditRecord['action']> = new Set(['raise-risk-flag', 'person-linked', 'person-unlinked', 'open-signing', 'supersede-signing']);

export function auditItem(audit: AuditRecord): Record<string, unknown> {
  // One request may leave several records (a submission and the flags it raised): the action and target tell them apart.
  const sk = MANY_PER_REQUEST.has(audit.action) ? `${keys.auditRecord(audit.at, audit.requestId)}#${audit.target}` : keys.auditRecord(audit.at, audit.requestId);
  return { pk: keys.audit(audit.agencyId, audit.caseId), sk, type: 'audit', ...audit };
}
