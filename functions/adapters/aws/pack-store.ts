import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { NoSuchKey } from '@aws-sdk/client-s3';
import { keys } from '../../contracts/table-design.ts';
import { formVersion } from '../../domain/forms/catalog.ts';
import { packFolder, type PackFiles } from '../../domain/forms/pack-files.ts';
import type { FormVersionStore } from '../../domain/forms/form-versions.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import type { Draft, LiveChange, LivePointer, PackEvent, PackStore } from '../../domain/studio/pack-store.ts';
import type { BlobStore } from './blob-store.ts';
import { dynamoClient } from './dynamo-client.ts';
import { guard, isConditionFailure } from './guard.ts';

/** Where a pack version's files are kept, as one JSON object `{ "files": { path: text } }`, for good. */
export const packKey = (agencyId: string, version: string) => `packs/${agencyId}/${version}.json`;

/**
 * Packs in S3 by their content hash (each form also as a form version, so submissions made with it keep rendering),
 * and the live pointer, the draft and the history in DynamoDB.
 */
export class DynamoPackStore implements PackStore {
  constructor(private readonly table: string, private readonly blobs: BlobStore, private readonly formVersions: FormVersionStore) {}

  livePointers(agencyIds: readonly string[]): Promise<LivePointer[]> {
    if (agencyIds.length === 0) return Promise.resolve([]);
    return guard('dynamodb get live packs', async () => {
      const pointers: LivePointer[] = [];
      let wanted: Array<Record<string, unknown>> = agencyIds.map((agencyId) => ({ pk: keys.pack(agencyId), sk: keys.packLive() }));
      // At most 100 keys per call; an agency pack is one key, so a deployment's agencies fit one call.
      while (wanted.length > 0) {
        const { Responses, UnprocessedKeys } = await dynamoClient().send(new BatchGetCommand({
          RequestItems: { [this.table]: { Keys: wanted.slice(0, 100), ConsistentRead: true } },
        }));
        pointers.push(...(Responses?.[this.table] ?? []).map((item) => pointerOf(item)));
        wanted = [...(UnprocessedKeys?.[this.table]?.Keys ?? []), ...wanted.slice(100)];
      }
      return pointers;
    });
  }

  async readPack(agencyId: string, version: string): Promise<PackFiles | undefined> {
    try {
      const parsed = JSON.parse((await this.blobs.get(packKey(agencyId, version))).toString('utf8')) as { files: Record<string, string> };
      return new Map(Object.entries(parsed.files));
    } catch (error) {
      if ((error as Error).cause instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async storePack(agencyId: string, version: string, files: PackFiles): Promise<void> {
    // The forms first: once the pack is readable, every form version it names is too.
    for (const [formId, text] of packFolder(files, 'forms')) await this.formVersions.publish(agencyId, formId, formVersion(text), text);
    await this.blobs.put(packKey(agencyId, version), Buffer.from(JSON.stringify({ files: Object.fromEntries(files) }), 'utf8'), 'application/json');
  }

  async changeLive({ pointer, event, expectedLive, endsDraftRevision }: LiveChange): Promise<'changed' | 'conflict'> {
    try {
      await dynamoClient().send(new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table, Item: { pk: keys.pack(pointer.agencyId), sk: keys.packLive(), type: 'pack-live', ...pointer },
              ...(expectedLive === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedLive } }),
            },
          },
          { Put: { TableName: this.table, Item: this.eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(endsDraftRevision === undefined ? [] : [{
            Delete: {
              TableName: this.table, Key: { pk: keys.pack(pointer.agencyId), sk: keys.packDraft() },
              ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': endsDraftRevision },
            },
          }]),
        ],
      }));
      return 'changed';
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) return 'conflict';
      throw new StorageError('dynamodb change live pack', { cause: error });
    }
  }

  recordEvent(event: PackEvent): Promise<void> {
    return guard('dynamodb record pack event', async () => {
      await dynamoClient().send(new PutCommand({ TableName: this.table, Item: this.eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' }));
    });
  }

  history(agencyId: string): Promise<PackEvent[]> {
    return guard('dynamodb query pack history', async () => {
      const events: PackEvent[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(new QueryCommand({
          TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)', ScanIndexForward: false, ConsistentRead: true,
          ExpressionAttributeValues: { ':pk': keys.pack(agencyId), ':event': 'EVENT#' }, ExclusiveStartKey,
        }));
        events.push(...(page.Items ?? []).map((item) => eventOf(item)));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return events;
    });
  }

  readDraft(agencyId: string): Promise<Draft | undefined> {
    return guard('dynamodb get pack draft', async () => {
      const { Item } = await dynamoClient().send(new GetCommand({ TableName: this.table, Key: { pk: keys.pack(agencyId), sk: keys.packDraft() }, ConsistentRead: true }));
      return Item ? draftOf(Item) : undefined;
    });
  }

  async saveDraft(draft: Draft, expectedRevision: number): Promise<'saved' | 'conflict'> {
    try {
      await guard('dynamodb save pack draft', () => dynamoClient().send(new PutCommand({
        TableName: this.table, Item: { pk: keys.pack(draft.agencyId), sk: keys.packDraft(), type: 'pack-draft', ...draft },
        ...(expectedRevision === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'revision = :expected', ExpressionAttributeValues: { ':expected': expectedRevision } }),
      })));
      return 'saved';
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
  }

  async discardDraft(agencyId: string, revision: number): Promise<'discarded' | 'conflict'> {
    try {
      await guard('dynamodb discard pack draft', () => dynamoClient().send(new DeleteCommand({
        TableName: this.table, Key: { pk: keys.pack(agencyId), sk: keys.packDraft() },
        ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': revision },
      })));
      return 'discarded';
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
  }

  private eventItem(event: PackEvent) {
    return { pk: keys.pack(event.agencyId), sk: keys.packEvent(event.at, event.version), type: 'pack-event', ...event };
  }
}

function pointerOf(item: Record<string, unknown>): LivePointer {
  return { agencyId: String(item.agencyId), version: String(item.version), source: item.source === 'studio' ? 'studio' : 'repository', at: String(item.at), by: String(item.by) };
}

function eventOf(item: Record<string, unknown>): PackEvent {
  return {
    agencyId: String(item.agencyId), action: item.action as PackEvent['action'], version: String(item.version),
    ...(typeof item.previous === 'string' ? { previous: item.previous } : {}), at: String(item.at), by: String(item.by),
  };
}

function draftOf(item: Record<string, unknown>): Draft {
  return {
    agencyId: String(item.agencyId), version: String(item.version), revision: Number(item.revision), baseVersion: String(item.baseVersion),
    at: String(item.at), by: String(item.by),
  };
}
