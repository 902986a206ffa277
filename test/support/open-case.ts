import { expect } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { harborApiKeyHeader } from './harbor-pack.ts';
import { post } from './test-stack.ts';

/** An intake sent through the JSON API as the agency's own integration sends it (Harbor with its API key): the case it opened. */
export async function openCase(stack: LocalStack, agencyId: string, body: Record<string, unknown>): Promise<string> {
  const response = await post(stack, `/agencies/${agencyId}/forms/intake/submissions`, { body: JSON.stringify(body), headers: agencyId === 'harbor' ? harborApiKeyHeader : {} });
  expect(response.status).toBe(201);
  return (response.json as { caseId: string }).caseId;
}
