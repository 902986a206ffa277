import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../../functions/adapters/aws/dynamo-client.ts';
import { BlobStore } from '../../functions/adapters/aws/blob-store.ts';
import { DynamoRetentionStore } from '../../functions/adapters/aws/retention-store.ts';
import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import type { SignatureEvidence } from '../../functions/domain/signatures/evidence.ts';
import type { AuditRecord } from '../../functions/domain/cases/case-record.ts';
import { signaturePlanFor } from '../../functions/domain/signatures/signature-plan.ts';
import { sign, startSigning, supersede, type SigningRecord } from '../../functions/domain/signatures/signing.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { startTestStack } from '../support/test-stack.ts';

// The signing store against the emulator's DynamoDB: each change lands with its audit record and jobs or not at all.
let stack: LocalStack;
let store: DynamoSigningStore;

beforeAll(async () => {
  stack = await startTestStack();
  store = new DynamoSigningStore(stack.resources.tableName);
});
afterAll(async () => { await stack?.stop(); });

// A pack of this test's own: a service agreement signed by the client, then a supervisor.
const plan = signaturePlanFor({ signatures: { documents: { 'service-agreement': { signers: [{ role: 'client', intent: 'agree' }, { role: 'supervisor', intent: 'agree' }] } } } }, 'service-agreement')!;
const AGENCY = 'quay';
let clock = 0;
const at = () => new Date(Date.UTC(2026, 11, 1, 9, 0, clock++)).toISOString();
const audit = (caseId: string, action: AuditRecord['action'], target: string): AuditRecord => ({ agencyId: AGENCY, caseId, actor: 'worker', roles: [], action, target, at: at(), requestId: randomUUID() });
const opened = (documentId: string): SigningRecord => startSigning(plan, { documentId, documentSha256: 'a'.repeat(64), createdAt: at() });
const signedBy: SignatureEvidence = {
  signerRole: 'client', signerName: 'Mireille Dubois', method: 'typed', intentText: "J'accepte cet accord de service", locale: 'fr', signedAt: '2026-12-01T09:00:00.000Z',
  identifiedBy: 'link-and-code: m***@example.org', sourceAddress: '203.0.113.9', userAgent: 'test', documentSha256: 'a'.repeat(64),
};
const caseItems = async (caseId: string) => (await tableItems(stack.resources.tableName)).filter((item) => item.pk === keys.case(AGENCY, caseId) || item.pk === keys.audit(AGENCY, caseId));

describe('the signing store', () => {
  it('opens a record once, with its audit record; a retried opening finds it open and writes nothing more', async () => {
    const caseId = randomUUID();
    const record = opened('sub-1-service-agreement');

    expect(await store.openSigning(AGENCY, caseId, { record, audit: audit(caseId, 'open-signing', record.documentId) })).toBe('opened');
    expect(await store.openSigning(AGENCY, caseId, { record, audit: audit(caseId, 'open-signing', record.documentId) })).toBe('already-open');

    expect(await store.findSigning(AGENCY, caseId, record.documentId)).toEqual({ record, version: 1 });
    const items = await caseItems(caseId);
    expect(items.filter((item) => item.type === 'audit').map((item) => item.action)).toEqual(['open-signing']);
    expect(await store.findSigning(AGENCY, randomUUID(), record.documentId)).toBeUndefined();
  });

  it('saves a change over the version read only, and queues the seal job with it', async () => {
    const caseId = randomUUID();
    const record = opened('sub-2-service-agreement');
    await store.openSigning(AGENCY, caseId, { record, audit: audit(caseId, 'open-signing', record.documentId) });
    const signed = sign(record, 'client', signedBy);
    if (signed.refusal) throw new Error(signed.refusal);

    expect(await store.saveSigning(AGENCY, caseId, { record: signed.record, version: 1, audit: audit(caseId, 'sign-document', record.documentId), jobs: ['seal-document'] })).toBe('saved');
    expect(await store.saveSigning(AGENCY, caseId, { record: signed.record, version: 1, audit: audit(caseId, 'sign-document', record.documentId), jobs: ['seal-document'] })).toBe('conflict');

    expect(await store.findSigning(AGENCY, caseId, record.documentId)).toEqual({ record: signed.record, version: 2 });
    const items = await caseItems(caseId);
    expect(items.filter((item) => item.type === 'audit').map((item) => item.action).sort()).toEqual(['open-signing', 'sign-document']);
    const job = items.find((item) => item.sk === keys.job(record.documentId, 'seal-document'));
    expect(job).toMatchObject({ status: 'pending', job: { documentType: 'seal-document', agencyId: AGENCY, caseId, submissionId: record.documentId } });
  });

  it('supersedes the earlier awaiting record in the opening\'s transaction, and lists both oldest first', async () => {
    const caseId = randomUUID();
    const first = opened('sub-3-service-agreement');
    await store.openSigning(AGENCY, caseId, { record: first, audit: audit(caseId, 'open-signing', first.documentId) });
    const second = opened('sub-4-service-agreement');
    const replaced = supersede(first, second.documentId);
    if (replaced.refusal) throw new Error(replaced.refusal);

    const stale = { record: replaced.record, version: 7, audit: audit(caseId, 'supersede-signing', first.documentId) };
    expect(await store.openSigning(AGENCY, caseId, { record: second, superseded: stale, audit: audit(caseId, 'open-signing', second.documentId) })).toBe('conflict');
    expect(await store.findSigning(AGENCY, caseId, second.documentId)).toBeUndefined();

    const change = { ...stale, version: 1 };
    expect(await store.openSigning(AGENCY, caseId, { record: second, superseded: change, audit: { ...audit(caseId, 'open-signing', second.documentId), at: change.audit.at, requestId: change.audit.requestId } })).toBe('opened');

    const listed = await store.listSignings(AGENCY, caseId);
    expect(listed.map(({ record }) => [record.documentId, record.state, record.supersededBy])).toEqual([
      [first.documentId, 'superseded', second.documentId],
      [second.documentId, 'awaiting', undefined],
    ]);
    const audits = (await caseItems(caseId)).filter((item) => item.type === 'audit').map((item) => item.action).sort();
    expect(audits).toEqual(['open-signing', 'open-signing', 'supersede-signing']);
  });

  it('marks a signing link used with the signature, and refuses a second signature by the same link', async () => {
    const caseId = randomUUID();
    const tokenHash = randomUUID();
    await dynamoClient().send(new PutCommand({ TableName: stack.resources.tableName, Item: { pk: keys.link(AGENCY, tokenHash), sk: keys.linkRecord(), type: 'link' } }));
    const record = opened('sub-5-service-agreement');
    await store.openSigning(AGENCY, caseId, { record, audit: audit(caseId, 'open-signing', record.documentId) });
    const signed = sign(record, 'client', signedBy);
    if (signed.refusal) throw new Error(signed.refusal);
    const change = { record: signed.record, audit: audit(caseId, 'sign-document', record.documentId), usedLinkTokenHash: tokenHash };

    expect(await store.saveSigning(AGENCY, caseId, { ...change, version: 1 })).toBe('saved');
    expect(await store.saveSigning(AGENCY, caseId, { ...change, version: 2, audit: audit(caseId, 'sign-document', record.documentId) })).toBe('link-used');
    expect((await store.findSigning(AGENCY, caseId, record.documentId))?.version).toBe(2);
  });
});

describe('the final PDF', () => {
  it('is stored once: a second seal finds it there and never replaces it', async () => {
    const blobs = new BlobStore(stack.resources.bucketName);
    const key = `agencies/${AGENCY}/cases/${randomUUID()}/documents/sub-6-service-agreement-signed.pdf`;

    expect(await blobs.putOnce(key, Buffer.from('%PDF-first'), 'application/pdf')).toBe('stored');
    expect(await blobs.putOnce(key, Buffer.from('%PDF-second'), 'application/pdf')).toBe('exists');

    expect((await blobs.get(key)).toString()).toBe('%PDF-first');
  });
});

describe('the retention purge', () => {
  it('deletes a case\'s signing records with the rest of its partition', async () => {
    const caseId = randomUUID();
    const record = opened('sub-7-service-agreement');
    await store.openSigning(AGENCY, caseId, { record, audit: audit(caseId, 'open-signing', record.documentId) });
    expect(await store.findSigning(AGENCY, caseId, record.documentId)).toBeDefined();

    await new DynamoRetentionStore(stack.resources.tableName, new BlobStore(stack.resources.bucketName)).deleteCaseItems(AGENCY, caseId);

    expect(await store.findSigning(AGENCY, caseId, record.documentId)).toBeUndefined();
    expect(await store.listSignings(AGENCY, caseId)).toEqual([]);
  });
});
