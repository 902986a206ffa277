import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord, CaseRecord } from '../../domain/cases/case-record.ts';
import { caseRecordOf } from '../../domain/cases/case-record.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import type { NoteAddendum } from '../../domain/cases/addendum.ts';
import type { CaseNote } from '../../domain/cases/case-note.ts';
import type { FollowUp } from '../../domain/cases/follow-ups.ts';
import { ADDENDUM_TYPE, NOTE_TYPE, noteOf } from '../../domain/cases/note-view.ts';
import type { NoteStore } from '../../domain/cases/record-note.ts';
import type { FollowUpReader } from '../../domain/cases/my-follow-ups.ts';
import type { DocumentJob } from '../../domain/cases/document-job.ts';
import type { FollowUpDoneStore } from '../../domain/cases/follow-up-done.ts';
import { keys, tableDesign } from '../../contracts/table-design.ts';
import { auditItem } from './case-store.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { outboxJobItem } from './outbox-item.ts';
import { lastContactUpdate, type CaseChange } from './last-contact-update.ts';

/**
 * Case notes and addenda on DynamoDB, in the case's partition. Each is put once, conditional on its key not existing,
 * in one transaction with its audit record: a saved note is never overwritten, and none is saved unaudited.
 */
export class DynamoNoteStore implements NoteStore, FollowUpReader, FollowUpDoneStore {
  constructor(private readonly table: string) {}

  getCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined> {
    return guard('dynamodb get case', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({ TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() }, ConsistentRead: true }));
      return Item ? caseRecordOf(Item) : undefined;
    });
  }

  getNote(agencyId: string, caseId: string, noteId: string): Promise<CaseNote | undefined> {
    return guard('dynamodb get note', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({ TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.note(noteId) }, ConsistentRead: true }));
      return Item?.type === NOTE_TYPE ? noteOf(Item) : undefined;
    });
  }

  /** The note, its follow-up's schedule job in the outbox (if any) and the audit record, together or not at all. */
  commitNote(note: CaseNote, audit: AuditRecord, job?: DocumentJob): Promise<'committed' | 'exists'> {
    const followUp = note.followUpOn && note.followUpOwner
      ? { followUpOwner: keys.agencyManager(note.agencyId, note.followUpOwner), followUpDue: note.followUpOn }
      : {};
    const outbox = job ? [outboxJobItem(job, job.submissionId, note.recordedAt)] : [];
    const item = { ...note, ...followUp, pk: keys.case(note.agencyId, note.caseId), sk: keys.note(note.noteId), type: NOTE_TYPE };
    return this.putOnce('dynamodb commit note', item, audit, outbox, lastContactUpdate(this.table, note));
  }

  /**
   * Done is recorded beside the note, whose own fields stay as saved; removing the index's sort key takes the note
   * out of the follow-ups index. Conditional on the follow-up being open, so it is marked and audited once.
   */
  async commitFollowUpDone(note: CaseNote, done: { readonly at: string; readonly by: string }, audit: AuditRecord): Promise<'committed' | 'not-open'> {
    const { followUps } = tableDesign.indexes;
    try {
      await dynamoClient().send(new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.table, Key: { pk: keys.case(note.agencyId, note.caseId), sk: keys.note(note.noteId) },
              UpdateExpression: 'SET followUpDoneAt = :at, followUpDoneBy = :by REMOVE #due',
              ConditionExpression: '#type = :note AND attribute_exists(followUpOn) AND attribute_not_exists(followUpDoneAt)',
              ExpressionAttributeNames: { '#due': followUps.sortKey, '#type': 'type' },
              ExpressionAttributeValues: { ':at': done.at, ':by': done.by, ':note': NOTE_TYPE },
            },
          },
          { Put: { TableName: this.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }));
      return 'committed';
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'not-open';
      throw new StorageError('dynamodb commit follow-up done', { cause: error });
    }
  }

  commitAddendum(addendum: NoteAddendum, audit: AuditRecord): Promise<'committed' | 'exists'> {
    return this.putOnce('dynamodb commit addendum', {
      ...addendum, pk: keys.case(addendum.agencyId, addendum.caseId), sk: keys.addendum(addendum.noteId, addendum.addendumId), type: ADDENDUM_TYPE,
    }, audit);
  }

  recordAccess(audit: AuditRecord): Promise<void> {
    return guard('dynamodb put audit', async () => {
      await dynamoClient().send(new PutCommand({ TableName: this.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' }));
    });
  }

  /** The owner's follow-ups due on or before `through`: one query of the follow-ups index, soonest first. */
  followUps(agencyId: string, owner: string, through: string): Promise<FollowUp[]> {
    const { followUps } = tableDesign.indexes;
    return guard('dynamodb query follow-ups', async () => {
      const found: FollowUp[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, IndexName: followUps.name, ExclusiveStartKey,
          KeyConditionExpression: `${followUps.partitionKey} = :owner AND ${followUps.sortKey} <= :through`,
          ExpressionAttributeValues: { ':owner': keys.agencyManager(agencyId, owner), ':through': through },
        }));
        found.push(...(page.Items ?? []).flatMap(followUpOf));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return found;
    });
  }

  /**
   * `more` items are put with the note (its reminder's outbox job); `caseChange`, if any, goes in the same transaction,
   * and when only its condition fails, the rest is saved without it.
   */
  private async putOnce(step: string, item: Record<string, unknown>, audit: AuditRecord, more: readonly Record<string, unknown>[] = [], caseChange?: CaseChange): Promise<'committed' | 'exists'> {
    try {
      await dynamoClient().send(new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: this.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...more.map((extra) => ({ Put: { TableName: this.table, Item: extra, ConditionExpression: 'attribute_not_exists(pk)' } })),
          ...(caseChange ? [caseChange] : []),
        ],
      }));
      return 'committed';
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? error.CancellationReasons ?? [] : [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'exists';
      if (caseChange && reasons[2 + more.length]?.Code === 'ConditionalCheckFailed') return this.putOnce(step, item, audit, more);
      throw new StorageError(step, { cause: error });
    }
  }
}

/** A follow-ups index item as a follow-up: a note's (ids and type, never its words) or a case's review. */
function followUpOf(item: Record<string, unknown>): FollowUp[] {
  const due = String(item.followUpDue);
  if (item.type === NOTE_TYPE) {
    return [{ kind: 'note', caseId: String(item.caseId), due, noteId: String(item.noteId), contactType: String(item.contactType), recordedAt: String(item.recordedAt) }];
  }
  if (item.type === 'case') return [{ kind: 'review', caseId: String(item.caseId), due }];
  return [];
}
