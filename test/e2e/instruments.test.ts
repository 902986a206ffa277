import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { post, startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

const phq9 = (q9: number) => JSON.stringify({ q1: 3, q2: 3, q3: 2, q4: 2, q5: 1, q6: 1, q7: 1, q8: 0, q9 });

describe('a client fills in the PHQ-9 themselves', () => {
  it('stores scores and flags with the submission, records the risk flag, and shows crisis resources', async () => {
    const response = await post(stack, '/agencies/demo/forms/phq-9/submissions', { body: phq9(1) });

    expect(response.status).toBe(201);
    const body = response.json as { caseId: string; id: string; crisisResources: Array<{ name: string; contact: string }> };
    expect(body.crisisResources.map((resource) => resource.name)).toContain('988 Suicide & Crisis Lifeline');

    const items = await tableItems(stack.resources.tableName);
    const submission = itemsOfType(items, 'submission').find((item) => item.submissionId === body.id)!;
    expect(submission.scores).toEqual([{ id: 'total', title: 'PHQ-9 total', value: 14, band: 'Moderate' }]);
    expect((submission.flags as Array<{ id: string }>).map((flag) => flag.id)).toEqual(['self-harm-risk']);
    expect(itemsOfType(items, 'case').find((item) => item.caseId === body.caseId)).toMatchObject({ riskFlags: ['self-harm-risk'] });
    const flag = itemsOfType(items, 'risk-flag').find((item) => item.caseId === body.caseId);
    expect(flag).toMatchObject({ status: 'alert-pending', flag: { id: 'self-harm-risk', alertSupervisor: true } });
  });

  it('shows no crisis resources when no rule fires', async () => {
    const response = await post(stack, '/agencies/demo/forms/phq-9/submissions', { body: phq9(0) });
    expect(response.status).toBe(201);
    expect(response.json).not.toHaveProperty('crisisResources');
  });

  it('answers a retried flagged submission with the crisis resources again', async () => {
    const first = await post(stack, '/agencies/demo/forms/phq-9/submissions', { body: phq9(2), idempotencyKey: 'phq9-retry-1' });
    const retry = await post(stack, '/agencies/demo/forms/phq-9/submissions', { body: phq9(2), idempotencyKey: 'phq9-retry-1' });
    expect(retry.json).toEqual(first.json);
    expect(retry.json).toHaveProperty('crisisResources');
  });
});
