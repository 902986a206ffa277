import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { bucketKeys, itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';

let stack: LocalStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

const cases = async () => itemsOfType(await tableItems(stack.resources.tableName), 'case');
const rawSubmissions = async () => (await bucketKeys(stack.resources.bucketName)).filter((key) => key.includes('/submissions/'));

describe('Idempotency-Key', () => {
  it('answers a retry with the first result and creates nothing', async () => {
    const key = randomUUID();
    const body = JSON.stringify(demoExample());
    const first = await post(stack, SUBMIT_PATH, { body, idempotencyKey: key });
    const casesAfterFirst = (await cases()).length;
    const objectsAfterFirst = (await rawSubmissions()).length;

    const retry = await post(stack, SUBMIT_PATH, { body, idempotencyKey: key });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await cases()).length).toBe(casesAfterFirst);
    expect((await rawSubmissions()).length).toBe(objectsAfterFirst);
  });

  it('creates one case for concurrent requests with the same key', async () => {
    const key = randomUUID();
    const body = JSON.stringify(demoExample());
    const casesBefore = (await cases()).length;
    const objectsBefore = (await rawSubmissions()).length;

    const responses = await Promise.all(Array.from({ length: 8 }, () => post(stack, SUBMIT_PATH, { body, idempotencyKey: key })));

    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    const caseIds = new Set(responses.map((response) => (response.json as { caseId: string }).caseId));
    expect(caseIds.size).toBe(1);
    expect((await cases()).length).toBe(casesBefore + 1);
    // The losers' raw copies are discarded once their commit is known to have failed.
    expect((await rawSubmissions()).length).toBe(objectsBefore + 1);
  });

  it('refuses the same key with a different body with 422 and stores nothing', async () => {
    const key = randomUUID();
    const first = await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()), idempotencyKey: key });
    expect(first.status).toBe(201);
    const casesBefore = (await cases()).length;

    const changed = await post(stack, SUBMIT_PATH, { body: JSON.stringify({ ...demoExample(), givenName: 'Someone else' }), idempotencyKey: key });

    expect(changed.status).toBe(422);
    expect(changed.json).toMatchObject({ type: 'urn:caseforms:problem:idempotency-key-reused', status: 422 });
    expect((await cases()).length).toBe(casesBefore);
  });

  it('scopes keys to the form: without a key, every request is a new case', async () => {
    const body = JSON.stringify(demoExample());
    const casesBefore = (await cases()).length;
    const [a, b] = [await post(stack, SUBMIT_PATH, { body }), await post(stack, SUBMIT_PATH, { body })];
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect((a.json as { caseId: string }).caseId).not.toBe((b.json as { caseId: string }).caseId);
    expect((await cases()).length).toBe(casesBefore + 2);
  });
});
