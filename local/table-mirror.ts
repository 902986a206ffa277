import { BatchGetItemCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/** DynamoDB operations that change no item. */
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'DescribeTable', 'DescribeTimeToLive', 'ListTables', 'TransactGetItems']);
/** Operations on tables rather than items: none of them changes an item of a table the stack already has. */
const TABLE_OPERATIONS = new Set(['CreateTable', 'UpdateTimeToLive', 'UpdateTable', 'TagResource']);

/**
 * The stack's table as last saved, kept current by reading back only the items that writes named. A Scan of the
 * emulator's table costs about 2 ms an item (measured: 480 items, 0.5–1 s), far too much to repeat every few
 * seconds at thousands of cases; every write the service makes passes the serializing proxy, which hands it here.
 * A write this cannot read (an operation it does not know) makes the next refresh a full Scan.
 */
export class TableMirror {
  private readonly items = new Map<string, Item>();
  private pending = new Map<string, Item>();
  private rescan: boolean;
  private readonly dynamo = new DynamoDBClient({});

  /** `saved`: the table's items as restored; without them the first refresh scans. */
  constructor(private readonly tableName: string, private readonly keyNames: readonly string[], saved?: readonly Item[]) {
    this.rescan = !saved;
    for (const item of saved ?? []) this.items.set(this.id(item), item);
  }

  /** Notes the items a request may change; true when it may change any. */
  noteRequest(target: string | undefined, body: Buffer): boolean {
    const operation = target?.slice(target.lastIndexOf('.') + 1) ?? '';
    if (READS.has(operation) || TABLE_OPERATIONS.has(operation)) return false;
    try {
      const keys = this.keysOf(operation, JSON.parse(body.toString('utf8')) as WriteRequest);
      if (!keys) this.rescan = true;
      for (const key of keys ?? []) this.pending.set(this.id(key), key);
    } catch {
      this.rescan = true;
    }
    return true;
  }

  hasChanges(): boolean {
    return this.rescan || this.pending.size > 0;
  }

  /** Reads back what changed since the last refresh and resolves to every item of the table. */
  async refresh(): Promise<Item[]> {
    const keys = [...this.pending.values()];
    const rescan = this.rescan;
    this.pending = new Map();
    this.rescan = false;
    try {
      if (rescan) await this.scanAll();
      else await this.readBack(keys);
    } catch (error) {
      // Read again next time.
      this.rescan ||= rescan;
      for (const key of keys) this.pending.set(this.id(key), key);
      throw error;
    }
    return [...this.items.values()];
  }

  private async scanAll(): Promise<void> {
    this.items.clear();
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.dynamo.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey, ConsistentRead: true }));
      for (const item of page.Items ?? []) this.items.set(this.id(item), item);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  private async readBack(keys: readonly Item[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 100) {
      const batch = keys.slice(start, start + 100);
      const found = new Map<string, Item>();
      let request: Item[] = batch;
      for (let attempt = 0; request.length > 0; attempt += 1) {
        if (attempt === 5) throw new Error('local state: the emulator left keys unread');
        const page = await this.dynamo.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: request, ConsistentRead: true } } }));
        for (const item of page.Responses?.[this.tableName] ?? []) found.set(this.id(item), item);
        request = page.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
      for (const key of batch) {
        const id = this.id(key);
        const item = found.get(id);
        if (item) this.items.set(id, item);
        else this.items.delete(id);
      }
    }
  }

  /** The keys a write names in this table; undefined for a write this cannot read. */
  private keysOf(operation: string, request: WriteRequest): Item[] | undefined {
    const mine = (table: string | undefined, item: Item | undefined) => (table === this.tableName && item ? [this.key(item)] : []);
    switch (operation) {
      case 'PutItem': return mine(request.TableName, request.Item);
      case 'UpdateItem':
      case 'DeleteItem': return mine(request.TableName, request.Key);
      case 'BatchWriteItem':
        return (request.RequestItems?.[this.tableName] ?? []).flatMap((write) => mine(this.tableName, write.PutRequest?.Item ?? write.DeleteRequest?.Key));
      case 'TransactWriteItems':
        return (request.TransactItems ?? []).flatMap((write) => {
          if (write.Put) return mine(write.Put.TableName, write.Put.Item);
          const change = write.Update ?? write.Delete;
          return change ? mine(change.TableName, change.Key) : [];
        });
      default: return undefined;
    }
  }

  private key(item: Item): Item {
    return Object.fromEntries(this.keyNames.map((name) => [name, item[name]!]));
  }

  private id(item: Item): string {
    return JSON.stringify(this.keyNames.map((name) => item[name]));
  }
}

interface ItemChange {
  readonly TableName?: string;
  readonly Item?: Item;
  readonly Key?: Item;
}

interface WriteRequest extends ItemChange {
  readonly RequestItems?: Record<string, ReadonlyArray<{ readonly PutRequest?: { readonly Item: Item }; readonly DeleteRequest?: { readonly Key: Item } }>>;
  readonly TransactItems?: ReadonlyArray<{ readonly Put?: ItemChange; readonly Update?: ItemChange; readonly Delete?: ItemChange }>;
}
