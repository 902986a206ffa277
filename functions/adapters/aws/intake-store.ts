import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AcceptedIntake, IntakeStore, StoredReceipt, SubmissionReceipt } from '../../domain/cases/intake.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import type { BlobStore } from './blob-store.ts';
import { caseItem } from './case-item.ts';
import { searchItem, searchKeys } from './search-items.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard } from './guard.ts';
import { keys } from '../../contracts/table-design.ts';
import { outboxJobItem } from './outbox-item.ts';
import { matchEntryKeys, matchItem } from './match-items.ts';
import { uploadLinkItems } from './upload-link-items.ts';

const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export class DynamoIntakeStore implements IntakeStore {
  constructor(private readonly table: string, private readonly blobs: BlobStore) {}

  findReceipt(agencyId: string, formId: string, idempotencyKey: string): Promise<StoredReceipt | undefined> {
    return guard('dynamodb get idempotency', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table,
        Key: { pk: keys.idempotency(agencyId, formId, idempotencyKey), sk: keys.idempotencyRecord() },
        ConsistentRead: true,
      }));
      if (!Item) return undefined;
      return { receipt: Item.receipt as SubmissionReceipt, requestHash: Item.requestHash as string, showCrisisResources: Item.showCrisisResources === true };
    });
  }

  putRawSubmission(key: string, body: Buffer): Promise<void> {
    return this.blobs.put(key, body, 'application/json');
  }

  discardRawSubmission(key: string): Promise<void> {
    return this.blobs.delete(key);
  }

  async commit(intake: AcceptedIntake): Promise<'committed' | 'idempotency-key-taken' | 'files-changed'> {
    const { agencyId, receipt, assessment } = intake;
    const casePk = keys.case(agencyId, receipt.caseId);
    const notExists = 'attribute_not_exists(pk)';
    const items = [
      caseItem({
        agencyId, caseId: receipt.caseId, state: 'intake', version: 1, createdAt: receipt.receivedAt, updatedAt: receipt.receivedAt,
        riskFlags: assessment.flags.map((flag) => flag.id), ...(intake.identity ? { identity: intake.identity } : {}),
      }, { intakeSubmissionId: receipt.id }),
      {
        pk: casePk, sk: keys.submission(receipt.id), type: 'submission', agencyId, caseId: receipt.caseId,
        submissionId: receipt.id, formId: intake.formId, formVersion: intake.formVersion, channel: 'public',
        receivedAt: receipt.receivedAt, rawKey: intake.rawKey, requestHash: intake.requestHash,
        scores: assessment.scores, flags: assessment.flags,
      },
      ...intake.jobs.map((job) => outboxJobItem(job, receipt.id, receipt.receivedAt)),
      // The client is found by name, phone, email and reference from the moment the case exists.
      ...searchKeys(agencyId, receipt.caseId, intake.identity).map((key) => searchItem(key, receipt.caseId)),
      // Raised risk flags are recorded with the case; an alerting flag's risk-alert job marks it alerted once sent.
      ...assessment.flags.map((flag) => ({
        pk: casePk, sk: keys.riskFlag(receipt.id, flag.id), type: 'risk-flag', agencyId, caseId: receipt.caseId,
        submissionId: receipt.id, flag, status: flag.alertSupervisor ? 'alert-pending' : 'recorded', raisedAt: receipt.receivedAt,
      })),
      // Filed under its hashed date of birth, email and phone, so a later case about the same person finds this one.
      ...matchEntryKeys(agencyId, receipt.caseId, intake.identity).map((key) => matchItem(key, agencyId, receipt.caseId, receipt.receivedAt)),
    ];
    const idempotencyItem = intake.idempotencyKey === undefined ? [] : [{
      pk: keys.idempotency(agencyId, intake.formId, intake.idempotencyKey), sk: keys.idempotencyRecord(), type: 'idempotency',
      receipt, requestHash: intake.requestHash, showCrisisResources: intake.showCrisisResources,
      expiresAt: Math.floor(Date.parse(receipt.receivedAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
    }];
    const puts = [...items, ...idempotencyItem].map((Item) => ({ Put: { TableName: this.table, Item, ConditionExpression: notExists } }));
    const links = intake.files.flatMap((file) => uploadLinkItems(this.table, file, { agencyId, caseId: receipt.caseId, submissionId: receipt.id }));
    try {
      await dynamoClient().send(new TransactWriteCommand({ TransactItems: [...puts, ...links] }));
      return 'committed';
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? error.CancellationReasons ?? [] : [];
      const idempotencyIndex = items.length;
      if (idempotencyItem.length > 0 && reasons[idempotencyIndex]?.Code === 'ConditionalCheckFailed') return 'idempotency-key-taken';
      if (reasons.slice(puts.length).some((reason) => reason?.Code === 'ConditionalCheckFailed')) return 'files-changed';
      throw new StorageError('dynamodb commit intake', { cause: error });
    }
  }
}
