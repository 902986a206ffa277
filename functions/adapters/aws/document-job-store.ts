import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentJob } from '../../domain/cases/document-job.ts';
import { clientAddressRecordOf, type AddressCheck } from '../../domain/cases/client-address.ts';
import type { CaseSubmission, DocumentRecord, JobPorts, SubmissionRecord } from '../../domain/jobs/job-ports.ts';
import { RECEIPTS_PER_ADDRESS_PER_DAY, RECEIPTS_PER_CLIENT_PER_DAY, type ReceiptAllowance } from '../../domain/delivery/receipts.ts';
import { DynamoDeliveryStore } from './delivery-store.ts';
import { addressHash } from '../../contracts/table-design.ts';
import type { BlobStore } from './blob-store.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';
import { keys, tableDesign } from '../../contracts/table-design.ts';

const ADDRESS_CHECK_KEPT_AFTER_EXPIRY_SECONDS = 30 * 24 * 3600;

/** The job record's own fields, written only where the job has no record yet (see completeJob). */
const RECORD_IF_NEW = '#type = if_not_exists(#type, :type), job = if_not_exists(job, :job), createdAt = if_not_exists(createdAt, :now)';

/** DynamoDB, S3 and SES behind the jobs' ports; deliveries as DynamoDeliveryStore keeps them. */
export class AwsDocumentJobPorts extends DynamoDeliveryStore implements JobPorts {
  constructor(table: string, private readonly blobs: BlobStore, configurationSets: Readonly<Record<string, string>> | undefined) {
    super(table, configurationSets);
  }

  findSubmission(job: DocumentJob): Promise<SubmissionRecord | undefined> {
    return guard('dynamodb get submission', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(job.agencyId, job.caseId), sk: keys.submission(job.submissionId) }, ConsistentRead: true,
      }));
      return Item as SubmissionRecord | undefined;
    });
  }

  caseContext(job: DocumentJob) {
    return guard('dynamodb query case', async () => {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.case(job.agencyId, job.caseId) },
          ConsistentRead: true, ExclusiveStartKey,
        }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      const submissions = items.filter((item) => item.type === 'submission')
        .sort((a, b) => String(a.receivedAt).localeCompare(String(b.receivedAt))) as unknown as CaseSubmission[];
      const caseItem = items.find((item) => item.type === 'case');
      const address = items.find((item) => item.type === 'client-address');
      return {
        ...(address ? { clientAddress: clientAddressRecordOf(address) } : {}),
        submissions,
        ...(typeof caseItem?.caseManager === 'string' ? { caseManager: caseItem.caseManager } : {}),
        caseManagerEmail: caseItem?.caseManagerEmail as string | undefined,
        consentedProviders: (caseItem?.consentedProviders as string[] | undefined) ?? [],
        ...(typeof caseItem?.assignmentId === 'string' ? { assignmentId: caseItem.assignmentId } : {}),
      };
    });
  }

  noteClientAddress(agencyId: string, caseId: string, hash: string, now: Date): Promise<void> {
    return guard('dynamodb note client address', async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.clientAddress() },
        UpdateExpression: 'SET #type = :type, currentHash = :hash, currentSince = :now',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'client-address', ':hash': hash, ':now': now.toISOString() },
      }));
    });
  }

  createAddressCheck(check: AddressCheck): Promise<void> {
    return guard('dynamodb put address check', async () => {
      await dynamoClient().send(new PutCommand({
        TableName: this.table,
        Item: {
          pk: keys.addressCheck(check.agencyId, check.tokenHash), sk: keys.addressCheckRecord(), type: 'address-check', ...check,
          // Kept a month after it stopped working, so an opening until then is told it expired rather than unknown.
          [tableDesign.ttlAttribute]: Math.floor(Date.parse(check.validUntil) / 1000) + ADDRESS_CHECK_KEPT_AFTER_EXPIRY_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
    });
  }

  findDocument(agencyId: string, caseId: string, documentId: string): Promise<DocumentRecord | undefined> {
    return guard('dynamodb get document', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({
        TableName: this.table, Key: { pk: keys.case(agencyId, caseId), sk: keys.document(documentId) }, ConsistentRead: true,
      }));
      return Item as DocumentRecord | undefined;
    });
  }

  readBlob(key: string): Promise<Buffer> {
    return this.blobs.get(key);
  }

  putBlob(key: string, body: Buffer, contentType: string): Promise<void> {
    return this.blobs.put(key, body, contentType);
  }

  recordDocument(record: DocumentRecord): Promise<void> {
    return guard('dynamodb put document', async () => {
      await dynamoClient().send(new PutCommand({
        TableName: this.table, Item: { pk: keys.case(record.agencyId, record.caseId), sk: keys.document(record.documentId), type: 'document', ...record },
      }));
    });
  }

  markAlerted(job: DocumentJob, now: Date): Promise<void> {
    return guard('dynamodb mark risk flags alerted', async () => {
      const { Items = [] } = await dynamoClient().send(new QueryCommand({
        TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :flags)',
        ExpressionAttributeValues: { ':pk': keys.case(job.agencyId, job.caseId), ':flags': keys.riskFlag(job.submissionId, '') }, ConsistentRead: true,
      }));
      for (const item of Items.filter((flag) => flag.status === 'alert-pending')) {
        await dynamoClient().send(new UpdateCommand({
          TableName: this.table, Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #status = :alerted, alertedAt = :now', ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':alerted': 'alerted', ':now': now.toISOString() },
        }));
      }
    });
  }

  /**
   * Counts a receipt against its address and its client for the day, in one transaction: both counters allow it or
   * neither counts it. A counter is the set of deliveries it allowed, so the same delivery is allowed again.
   */
  async allowReceipt({ agencyId, address, clientKey, deliveryId, now }: ReceiptAllowance): Promise<boolean> {
    const day = now.toISOString().slice(0, 10);
    const expiresAt = Math.floor(now.getTime() / 1000) + 3 * 24 * 3600;
    const counter = (sk: string, limit: number) => ({
      Update: {
        TableName: this.table,
        Key: { pk: keys.receiptCounts(agencyId, day), sk },
        UpdateExpression: 'ADD deliveries :ids SET #type = :type, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(deliveries) OR size(deliveries) < :limit OR contains(deliveries, :id)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':ids': new Set([deliveryId]), ':id': deliveryId, ':limit': limit, ':type': 'receipt-count', ':expiresAt': expiresAt },
      },
    });
    const items = [counter(`ADDRESS#${addressHash(address)}`, RECEIPTS_PER_ADDRESS_PER_DAY)];
    if (clientKey) items.push(counter(`CLIENT#${clientKey}`, RECEIPTS_PER_CLIENT_PER_DAY));
    try {
      await guard('dynamodb count receipt', () => dynamoClient().send(new TransactWriteCommand({ TransactItems: items })));
      return true;
    } catch (error) {
      const reasons = ((error as Error).cause as { CancellationReasons?: Array<{ Code?: string }> } | undefined)?.CancellationReasons;
      if (reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed') || isConditionFailure(error)) return false;
      throw error;
    }
  }

  completeJob(job: DocumentJob, now: Date): Promise<void> {
    return guard('dynamodb complete job', async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table,
        Key: { pk: keys.case(job.agencyId, job.caseId), sk: keys.job(job.submissionId, job.documentType) },
        // Leaving the sparse outbox index is what tells the sweeper this job needs nothing more. A job that never
        // had an outbox record (a review reminder, sent by the scheduler) gets its record here, so the case lists it.
        UpdateExpression: `SET #status = :done, completedAt = :now, ${RECORD_IF_NEW} REMOVE outbox, dueAt`,
        ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
        ExpressionAttributeValues: { ':done': 'done', ':now': now.toISOString(), ':type': 'job', ':job': job },
      }));
    });
  }

  markDeadLettered(job: DocumentJob, reason: string, now: Date): Promise<void> {
    return guard('dynamodb mark job dead-lettered', async () => {
      await dynamoClient().send(new UpdateCommand({
        TableName: this.table,
        Key: { pk: keys.case(job.agencyId, job.caseId), sk: keys.job(job.submissionId, job.documentType) },
        UpdateExpression: `SET #status = :dead, #reason = :reason, deadLetteredAt = :now, ${RECORD_IF_NEW} REMOVE outbox, dueAt`,
        ExpressionAttributeNames: { '#status': 'status', '#reason': 'reason', '#type': 'type' },
        ExpressionAttributeValues: { ':dead': 'dead-lettered', ':reason': reason, ':now': now.toISOString(), ':type': 'job', ':job': job },
      }));
    });
  }
}
