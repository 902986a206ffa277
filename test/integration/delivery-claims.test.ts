import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDeliveryStore } from '../../functions/adapters/aws/delivery-store.ts';
import type { DeliveryRef } from '../../functions/domain/delivery/deliver.ts';
import type { LocalStack } from '../../local/stack.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { startTestStack } from '../support/test-stack.ts';

// Two workers claiming one (document, recipient) against the emulator's DynamoDB: what each is told decides whether
// a message is sent, retried, or taken as already sent.
let stack: LocalStack;
let store: DynamoDeliveryStore;

beforeAll(async () => {
  stack = await startTestStack();
  store = new DynamoDeliveryStore(stack.resources.tableName, undefined);
});
afterAll(async () => { await stack?.stop(); });

const delivery = (): DeliveryRef => ({ agencyId: 'demo', caseId: randomUUID(), documentId: `${randomUUID()}-intake-summary`, recipient: 'agency-inbox' });
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, seconds));
const LEASE_MS = 60_000;

describe('claiming a delivery', () => {
  it('is held while another worker holds an unexpired lease, and free again once that worker releases it', async () => {
    const ref = delivery();
    expect(await store.claimDelivery(ref, at(0), LEASE_MS)).toBe('claimed');

    const whileHeld = await store.claimDelivery(ref, at(1), LEASE_MS);
    await store.releaseDelivery(ref, 'ServiceUnavailable', at(2));
    const afterRelease = await store.claimDelivery(ref, at(3), LEASE_MS);

    expect(whileHeld).toBe('held-by-another-worker');
    expect(afterRelease).toBe('claimed');
    const [item] = itemsOfType(await tableItems(stack.resources.tableName), 'delivery').filter((d) => d.documentId === ref.documentId);
    expect(item).toMatchObject({ status: 'claimed', attempts: 2 });
  });

  it('is taken over once the holder\'s lease has expired (the holder died between claim and send)', async () => {
    const ref = delivery();
    expect(await store.claimDelivery(ref, at(0), 5_000)).toBe('claimed');

    expect(await store.claimDelivery(ref, at(6), LEASE_MS)).toBe('claimed');
  });

  it('is already delivered once sent, and settled once failed for good: neither is sent again', async () => {
    const sent = delivery();
    const failed = delivery();
    await store.claimDelivery(sent, at(0), LEASE_MS);
    await store.markSent(sent, 'ses-message-1', 'attachment', at(1));
    await store.claimDelivery(failed, at(0), LEASE_MS);
    await store.markFailed(failed, 'MessageRejected', at(1));

    expect(await store.claimDelivery(sent, at(2), LEASE_MS)).toBe('already-delivered');
    expect(await store.claimDelivery(failed, at(2), LEASE_MS)).toBe('already-delivered');
  });
});
