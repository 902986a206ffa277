import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/contracts/table-design.ts';
import { harborPackDir } from './harbor-pack.ts';

// Reads back, by key and through the SDK, the entries a case has outside its partition (match keys, person links,
// search terms): what a test claims was written or deleted is what a Query of that key finds.
const dynamo = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** Every item under one partition key (one Query, paged). */
export async function itemsUnder(tableName: string, pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, ExclusiveStartKey,
    }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** The case ids filed under one partition key (a match key's or a person's). */
export const caseIdsUnder = async (tableName: string, pk: string): Promise<string[]> => (await itemsUnder(tableName, pk)).map((item) => String(item.caseId));

export async function storedCase(tableName: string, agencyId: string, caseId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: { pk: keys.case(agencyId, caseId), sk: keys.caseRecord() }, ConsistentRead: true }));
  return Item;
}

/** An example of one of Harbor's forms (the first unless `index` says), a copy to change freely. */
export function harborExample(formId = 'intake', index = 0): Record<string, unknown> {
  return structuredClone(JSON.parse(readFileSync(join(harborPackDir, 'forms', `${formId}.json`), 'utf8')).examples[index]);
}

/** The "Possible matches" part of a case page, or an empty string when it has none. */
export const matchesSection = (page: string): string => /<section aria-labelledby="possible-matches">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
