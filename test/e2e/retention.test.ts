import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../functions/adapters/aws/blob-store.ts';
import { DynamoRetentionStore } from '../../functions/adapters/aws/retention-store.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { addDays, addYears, localDate } from '../../functions/domain/cases/notice-period.ts';
import { sweepRetention } from '../../functions/domain/cases/retention.ts';
import type { LocalStack } from '../../local/stack.ts';
import { bucketKeys, tableItems } from '../../local/aws-readback.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: LocalStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  token = await staffToken('demo', ['case-manager', 'supervisor'], 'cm.retention@demo.example');
});
afterAll(async () => { await stack?.stop(); });

const submit = (caseId: string, formId: string, body: unknown) => submitStaffForm(stack, token, 'demo', caseId, formId, body);

const getCase = async (caseId: string) => fetch(`${stack.url}/agencies/demo/cases/${caseId}`, { headers: bearer(token) });

/** A case that was discharged today, with its intake summary and discharge summary generated. */
async function endedCase(): Promise<{ caseId: string; retainUntil: string }> {
  const { caseId } = (await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()) })).json as { caseId: string };
  expect((await submit(caseId, 'discharge', demoExample('discharge'))).status).toBe(201);
  const view = await waitFor(async () => {
    const body = (await (await getCase(caseId)).json()) as { case: Record<string, any>; documents: unknown[] };
    return body.documents.length >= 2 ? body : undefined;
  }, 60_000, 'both documents');
  return { caseId, retainUntil: view.case.retainUntil as string };
}

const store = () => new DynamoRetentionStore(stack.resources.tableName, new BlobStore(stack.resources.bucketName));
const sweepOn = (day: string) => sweepRetention(store(), new Date(`${day}T12:00:00Z`), 'test-sweep', 100);

describe('retention', () => {
  it('keeps an ended case for the agency’s years, then purges its records and objects and lets its audit expire later', async () => {
    const { caseId, retainUntil } = await endedCase();
    const today = localDate(new Date(), 'America/Chicago');
    expect(retainUntil).toBe(addYears(today, 7));
    expect(await bucketKeys(stack.resources.bucketName)).toEqual(expect.arrayContaining([expect.stringContaining(`/cases/${caseId}/`)]));

    await sweepOn(addDays(retainUntil, -1));
    expect((await getCase(caseId)).status).toBe(200);
    expect((await tableItems(stack.resources.tableName)).filter((item) => item.type === 'search-term' && item.caseId === caseId).length).toBeGreaterThan(0);

    const result = await sweepOn(retainUntil);
    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect((await getCase(caseId)).status).toBe(404);
    expect((await bucketKeys(stack.resources.bucketName)).filter((key) => key.includes(`/cases/${caseId}/`))).toEqual([]);
    const items = await tableItems(stack.resources.tableName);
    expect(items.filter((item) => item.pk === keys.case('demo', caseId))).toEqual([]);
    // The search entries hold the client's name parts, phone and email: purged with the case.
    expect(items.filter((item) => item.type === 'search-term' && item.caseId === caseId)).toEqual([]);
    const audit = items.filter((item) => item.pk === keys.audit('demo', caseId));
    expect(audit.length).toBeGreaterThanOrEqual(2);
    // The audit trail (10 years for the demo agency) outlives the records (7), and records the purge itself.
    const auditExpiry = Math.floor(Date.parse(`${addYears(today, 10)}T00:00:00Z`) / 1000);
    for (const record of audit) expect(record.expiresAt).toBe(auditExpiry);
    expect(audit.find((record) => record.action === 'purge-case')).toMatchObject({ actor: 'retention' });
  });

  it('never purges a case on legal hold, and purges it once the hold is lifted', async () => {
    const { caseId, retainUntil } = await endedCase();
    const hold = await submit(caseId, 'legal-hold', demoExample('legal-hold'));
    expect(hold.status).toBe(201);
    expect(hold.json.state).toBe('closed');
    const held = (await (await getCase(caseId)).json()) as { case: Record<string, unknown> };
    expect(held.case).toMatchObject({ legalHold: true, retainUntil });

    await sweepOn(addYears(retainUntil, 5));
    expect((await getCase(caseId)).status).toBe(200);

    expect((await submit(caseId, 'legal-hold', { hold: false, matter: 'Records request 2026-114 closed' })).status).toBe(201);
    await sweepOn(addYears(retainUntil, 5));
    expect((await getCase(caseId)).status).toBe(404);
  });

  it('leaves open cases alone, whatever the date', async () => {
    const { caseId } = (await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()) })).json as { caseId: string };
    await sweepOn('2199-01-01');
    expect((await getCase(caseId)).status).toBe(200);
  });
});
