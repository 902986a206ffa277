import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../functions/adapters/aws/blob-store.ts';
import { DynamoRetentionStore } from '../../functions/adapters/aws/retention-store.ts';
import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import { documentKey } from '../../functions/domain/documents/document-key.ts';
import { sha256Hex, signedDocumentId } from '../../functions/domain/signatures/sealed-copy.ts';
import type { SigningRecord } from '../../functions/domain/signatures/signing.ts';
import type { LocalStack } from '../../local/stack.ts';
import { storeCaseFile } from '../support/case-files.ts';
import { clientAddressVerified } from '../support/client-address.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { browse, postForm, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { startTestStack } from '../support/test-stack.ts';
import { samplePdf } from '../support/upload-pack.ts';
import { waitFor } from '../support/wait.ts';

// Signed means final (issue 23, item 5), on the emulator's S3 with Object Lock: Harbor, a pack written here, keeps its
// records 3 years (not the default 7) and has its care plan signed by the client then a supervisor. The sealed final
// PDF must be locked until sealing + 3 years, refuse deletion of its version, survive a put over it and the purge,
// and never be served once the bytes at its key are not the ones sealed.
const RECORDS_YEARS = 3;
let stack: LocalStack;
let signings: DynamoSigningStore;
const s3 = new S3Client({ forcePathStyle: true });

function formsDirWithHarborSealing(): string {
  const dir = formsDirWithHarbor();
  const agencyFile = join(dir, 'harbor', 'agency.json');
  const agency = JSON.parse(readFileSync(agencyFile, 'utf8'));
  agency.signatures = { documents: { 'care-plan': { signers: [{ role: 'client', intent: 'agree' }, { role: 'supervisor', intent: 'agree' }] } } };
  agency.retention = { recordsYears: RECORDS_YEARS, auditYears: 6 };
  writeFileSync(agencyFile, JSON.stringify(agency, null, 2));
  return dir;
}

beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarborSealing() });
  signings = new DynamoSigningStore(stack.resources.tableName);
});
afterAll(async () => { await stack?.stop(); });

/** A Harbor care plan signed on paper for the client and by a supervisor, sealed: its case, record and the time span of the seal. */
async function sealedHarborCarePlan(email: string): Promise<{ caseId: string; record: SigningRecord; sealedBetween: readonly [Date, Date] }> {
  const intake = await fetch(`${stack.url}/agencies/harbor/forms/intake/submissions`, {
    method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json', 'accept-language': 'fr' },
    body: JSON.stringify({
      fullName: 'Odile Kasongo', language: 'fr', phone: '+1 555 0181', email, emailIsSafe: true, assistanceType: 'eviction',
      eviction: { noticeReceivedOn: '2026-11-28', noticeKind: 'court-summons', hearingDate: '2027-01-12' }, householdSize: 2, consent: true,
    }),
  });
  const caseId = ((await intake.json()) as { caseId: string }).caseId;
  await clientAddressVerified(stack, 'harbor', caseId, email);
  const advocate = await staffToken('harbor', ['case-manager'], 'lea@harbor.example');
  expect((await submitStaffForm(stack, advocate, 'harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' })).status).toBe(201);
  expect((await submitStaffForm(stack, advocate, 'harbor', caseId, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' })).status).toBe(201);
  const opened = await waitFor(async () => (await signings.listSignings('harbor', caseId))[0], 60_000, 'the signing record');
  const { documentId } = opened.record;
  const path = `/staff/harbor/cases/${caseId}/signatures/${documentId}`;
  const scan = await storeCaseFile(stack, stack.resources.uploadsBucketName, {
    agencyId: 'harbor', caseId, submissionId: documentId, formId: 'care-plan', field: 'scan', name: 'plan-signé.pdf', type: 'application/pdf', scan: 'clean', bytes: samplePdf(),
  });
  const caseManager = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
  expect((await postForm(stack, caseManager.jar, path, { action: 'paper', role: 'client', signerName: 'Odile Kasongo', paperUploadId: scan.uploadId })).status).toBe(303);
  const supervisor = await signIn(stack, 'supervisor', { agencyId: 'harbor', email: 'sam@harbor.example' });
  const before = new Date();
  expect((await postForm(stack, supervisor.jar, path, { action: 'sign', role: 'supervisor', signerName: 'Samuel Roy' })).status).toBe(303);
  const record = await waitFor(async () => {
    const found = await signings.findSigning('harbor', caseId, documentId);
    return found?.record.state === 'sealed' ? found.record : undefined;
  }, 90_000, 'the sealed record');
  return { caseId, record, sealedBetween: [before, new Date()] };
}

const addYears = (date: Date, years: number): number => {
  const shifted = new Date(date);
  shifted.setUTCFullYear(shifted.getUTCFullYear() + years);
  return shifted.getTime();
};

const versionsOf = async (key: string) => (await s3.send(new ListObjectVersionsCommand({ Bucket: stack.resources.bucketName, Prefix: key }))).Versions ?? [];

describe('signed means final', () => {
  it('locks the final PDF for the agency\'s records years, refuses its deletion, keeps it under a put and the purge, and serves nothing else in its name', async () => {
    const { caseId, record, sealedBetween: [before, after] } = await sealedHarborCarePlan('odile.final@example.org');
    const Bucket = stack.resources.bucketName;
    const Key = documentKey('harbor', caseId, signedDocumentId(record.documentId));
    const [sealedVersion, ...others] = await versionsOf(Key);
    expect(others).toEqual([]);
    const VersionId = sealedVersion!.VersionId!;

    // moto 5.2.1 has no GetObjectRetention (GET ?retention answers the object): HeadObject of the version carries
    // the same lock, as S3's does for a caller allowed to read it.
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId }));
    expect(head.ObjectLockMode).toBe('GOVERNANCE');
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThanOrEqual(addYears(before, RECORDS_YEARS) - 1000);
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeLessThanOrEqual(addYears(after, RECORDS_YEARS));
    // Harbor's 3 years, not the 7 a pack without `retention` gets.
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeLessThan(addYears(before, 4));

    const refused = await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId })).then(() => 'deleted', (error: Error) => error.name);
    expect(refused).toBe('AccessDenied');

    // The case page shows the fingerprint the routes check against.
    const supervisor = await signIn(stack, 'supervisor', { agencyId: 'harbor', email: 'sam@harbor.example' });
    const casePage = await (await browse(stack, supervisor.jar, `/staff/harbor/cases/${caseId}`)).text();
    expect(casePage).toContain('Fingerprint (SHA-256) of the final PDF');
    expect(casePage).toContain(`<code>${record.sealedSha256}</code>`);
    const documentPath = `/staff/harbor/cases/${caseId}/documents/${signedDocumentId(record.documentId)}`;
    const served = await browse(stack, supervisor.jar, documentPath);
    expect(served.status).toBe(200);
    expect(sha256Hex(Buffer.from(await served.arrayBuffer()))).toBe(record.sealedSha256);

    // A put without If-None-Match (what any code holding s3:PutObject could send) makes a newer version; the sealed
    // one stays, locked, byte for byte.
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: Buffer.from('%PDF-1.7 not the signed care plan'), ContentType: 'application/pdf' }));
    expect((await versionsOf(Key)).map((version) => version.VersionId)).toContain(VersionId);
    const kept = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }));
    expect(sha256Hex(Buffer.from(await kept.Body!.transformToByteArray()))).toBe(record.sealedSha256);
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId }))).ObjectLockMode).toBe('GOVERNANCE');

    // Those bytes do not hash to the record's sealedSha256: the staff page, the API and the record say so, and serve nothing.
    const pageRefusal = await browse(stack, supervisor.jar, documentPath);
    expect(pageRefusal.status).toBe(409);
    const pageText = await pageRefusal.text();
    expect(pageText).toContain('This signed document cannot be opened');
    expect(pageText).not.toContain('%PDF');
    const apiRefusal = await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/documents/${signedDocumentId(record.documentId)}`, {
      headers: bearer(await staffToken('harbor', ['supervisor'], 'sam@harbor.example')),
    });
    expect(apiRefusal.status).toBe(409);
    expect(((await apiRefusal.json()) as { detail: string }).detail).toContain('its fingerprint does not match');
    // The rendered care plan itself is no sealed copy: served as before.
    expect((await browse(stack, supervisor.jar, `/staff/harbor/cases/${caseId}/documents/${record.documentId}`)).status).toBe(200);

    // The purge's object step over the case: every current object goes (delete markers), nothing is refused, the
    // case's prefix lists empty, and the locked version is still there until its date, still refusing deletion.
    const purged = await new DynamoRetentionStore(stack.resources.tableName, new BlobStore(Bucket), new BlobStore(stack.resources.uploadsBucketName)).deleteCaseObjects('harbor', caseId);
    expect(purged.locked).toBe(0);
    expect(purged.deleted).toBeGreaterThanOrEqual(3);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: `agencies/harbor/cases/${caseId}/` }));
    expect(listed.Contents ?? []).toEqual([]);
    expect((await versionsOf(Key)).map((version) => version.VersionId)).toContain(VersionId);
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId }))).ObjectLockMode).toBe('GOVERNANCE');
    expect(await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId })).then(() => 'deleted', (error: Error) => error.name)).toBe('AccessDenied');
  });
});
