import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../functions/adapters/aws/blob-store.ts';
import type { AuditRecord, CaseRecord } from '../../functions/domain/cases/case-record.ts';
import { StorageError } from '../../functions/domain/cases/storage-error.ts';
import { sweepRetention, type RetentionStore } from '../../functions/domain/cases/retention.ts';

// The purge over an object S3 will not delete for its Object Lock (AccessDenied in DeleteObjects' answer): real S3
// lets an unversioned delete put a marker over a locked version, so this is the path if that ever changes, or a
// version is named. It must count the object as kept and go on with the case and the next ones, never throw.
const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());

const blobs = new BlobStore('documents');
const prefixOf = (caseId: string) => `agencies/harbor/cases/${caseId}/`;

function listing(caseId: string, names: readonly string[]) {
  s3.on(ListObjectsV2Command, { Prefix: prefixOf(caseId) }).resolves({ Contents: names.map((name) => ({ Key: `${prefixOf(caseId)}${name}` })) });
}

describe('deleting a case\'s objects when one is locked', () => {
  it('counts the locked object as kept and the others as deleted', async () => {
    listing('c-1', ['documents/d-1-care-plan.pdf', 'documents/d-1-care-plan-signed.pdf']);
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: `${prefixOf('c-1')}documents/d-1-care-plan-signed.pdf`, Code: 'AccessDenied', Message: 'Access Denied because object protected by object lock.' }] });
    expect(await blobs.deletePrefix(prefixOf('c-1'))).toEqual({ deleted: 1, locked: 1 });
  });

  it('still fails on any other refusal, naming its code and no key', async () => {
    listing('c-2', ['documents/x.pdf']);
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: `${prefixOf('c-2')}documents/x.pdf`, Code: 'InternalError' }] });
    const failure = await blobs.deletePrefix(prefixOf('c-2')).then(() => undefined, (error: Error) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure!.cause as Error).message).toBe('1 object(s) not deleted: InternalError');
  });

  it('lets the sweep purge every due case and report how many objects the lock kept', async () => {
    listing('c-1', ['documents/d-1-care-plan-signed.pdf']);
    listing('c-3', ['documents/d-3-intake-summary.pdf']);
    s3.on(DeleteObjectsCommand).callsFake((input: { Delete: { Objects: Array<{ Key: string }> } }) => ({
      Errors: input.Delete.Objects.filter((object) => object.Key.endsWith('-signed.pdf')).map((object) => ({ Key: object.Key, Code: 'AccessDenied' })),
    }));
    const deletedItems: string[] = [];
    const audits: AuditRecord[] = [];
    const store: RetentionStore = {
      dueCases: async () => [{ agencyId: 'harbor', caseId: 'c-1' }, { agencyId: 'harbor', caseId: 'c-3' }],
      currentCase: async (_, caseId) => ({ caseId, retainUntil: '2030-01-01', auditRetainUntil: '2033-01-01' }) as CaseRecord,
      deleteCaseObjects: (_, caseId) => blobs.deletePrefix(prefixOf(caseId)),
      expireAudit: async () => 1,
      recordPurge: async (audit) => { audits.push(audit); },
      deleteCaseItems: async (_, caseId) => { deletedItems.push(caseId); return 1; },
    };
    expect(await sweepRetention(store, new Date('2030-01-02T12:00:00Z'), 'sweep-1')).toEqual({ purged: 2, skipped: 0, locked: 1 });
    expect(deletedItems).toEqual(['c-1', 'c-3']);
    expect(audits.map((audit) => audit.action)).toEqual(['purge-case', 'purge-case']);
  });
});
