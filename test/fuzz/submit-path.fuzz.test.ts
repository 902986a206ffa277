import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { bucketKeys, itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { demoExample, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { projectRoot } from '../../local/stack.ts';
import { join } from 'node:path';
import { submissionArbitrary } from './schema-arbitrary.ts';

// `npm test` runs a short pass; `npm run fuzz` sets FUZZ_RUNS=10000.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const form = loadCatalog(join(projectRoot, 'form-schemas')).form('demo', 'intake')!;

interface Sent {
  readonly body: string | Uint8Array;
  readonly contentType: string | undefined;
  readonly kind: string;
}

const nested = (depth: number) => fc.constant(`{"situation":${'['.repeat(depth)}${']'.repeat(depth)}}`);
const hostile: fc.Arbitrary<Sent> = fc.oneof(
  fc.json().map((body) => ({ body, contentType: 'application/json', kind: 'random JSON' })),
  fc.jsonValue().map((value) => ({ body: JSON.stringify({ ...demoExample(), extra: value }), contentType: 'application/json', kind: 'extra field' })),
  fc.integer({ min: 20, max: 5_000 }).chain(nested).map((body) => ({ body, contentType: 'application/json', kind: 'deep nesting' })),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) => ({
    body: JSON.stringify(demoExample()).replace('{', `{"contact":{"${key}":{"polluted":true}},`), contentType: 'application/json', kind: 'prototype key',
  })),
  fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1.7976931348623157e309').map((number) => ({
    body: JSON.stringify({ ...demoExample(), household: { size: 0 } }).replace('"size":0', `"size":${number}`), contentType: 'application/json', kind: 'huge number',
  })),
  fc.string({ unit: 'binary', maxLength: 80 }).map((text) => ({ body: JSON.stringify({ ...demoExample(), givenName: text }), contentType: 'application/json', kind: 'odd unicode' })),
  fc.constant({ body: '{"givenName":"\\ud800\\udfff\\ud800"}', contentType: 'application/json', kind: 'lone surrogates' }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ body: bytes, contentType: 'application/json', kind: 'random bytes' })),
  fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined)
    .map((contentType) => ({ body: JSON.stringify(demoExample()), contentType, kind: 'wrong content type' })),
);
const valid: fc.Arbitrary<Sent> = submissionArbitrary(form.schema, demoExample())
  .filter((body) => form.validate(body).valid)
  .map((body) => ({ body: JSON.stringify(body), contentType: 'application/json', kind: 'valid' }));

let stack: LocalStack;
// The submit path alone: rendering thousands of PDFs would only compete with it for the one emulator process.
beforeAll(async () => { stack = await startTestStack({ sweepIntervalMs: 600_000, documentWorker: false }); });
afterAll(async () => { await stack?.stop(); });

describe(`the public submit path under ${RUNS} generated requests`, () => {
  it('never answers 5xx, answers every refusal with a problem body, and stores each accepted body exactly once', async () => {
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    const accepted = new Set<string>();
    let validSent = 0;

    await fc.assert(fc.asyncProperty(fc.oneof({ weight: 2, arbitrary: valid }, { weight: 3, arbitrary: hostile }), async (sent) => {
      kinds.set(sent.kind, (kinds.get(sent.kind) ?? 0) + 1);
      const response = await fetch(`${stack.url}${SUBMIT_PATH}`, {
        method: 'POST',
        headers: sent.contentType ? { 'content-type': sent.contentType } : {},
        body: typeof sent.body === 'string' ? sent.body : Buffer.from(sent.body),
      });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, text).toBeLessThan(500);
      if (sent.kind === 'valid') {
        validSent += 1;
        expect(response.status, text).toBe(201);
      }
      if (response.status === 201) {
        const { caseId } = JSON.parse(text) as { caseId: string };
        expect(accepted.has(caseId)).toBe(false);
        accepted.add(caseId);
      } else {
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem = JSON.parse(text) as Record<string, unknown>;
        expect(problem).toMatchObject({ type: expect.any(String), title: expect.any(String), status: response.status, detail: expect.any(String) });
        expect(Array.isArray(problem.errors)).toBe(true);
      }
    }), { numRuns: RUNS });

    const cases = itemsOfType(await tableItems(stack.resources.tableName), 'case');
    const rawBodies = (await bucketKeys(stack.resources.bucketName)).filter((key) => key.includes('/submissions/'));
    console.log(`fuzz: ${RUNS} requests; ${validSent} valid (${Math.round((100 * validSent) / RUNS)} %); statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
      `kinds ${JSON.stringify(Object.fromEntries(kinds))}; stored cases ${cases.length}, raw bodies ${rawBodies.length}, 201s ${accepted.size}`);
    expect(validSent / RUNS).toBeGreaterThanOrEqual(0.3);
    expect(cases.map((item) => item.caseId).sort()).toEqual([...accepted].sort());
    expect(rawBodies).toHaveLength(accepted.size);
  }, 60_000 + RUNS * 250);
});
