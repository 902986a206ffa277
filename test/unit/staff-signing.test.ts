import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../functions/domain/cases/case-record.ts';
import { signaturePlanFor } from '../../functions/domain/signatures/signature-plan.ts';
import { startSigning, type SigningRecord } from '../../functions/domain/signatures/signing.ts';
import type { SigningChange, SigningStore, StoredSigning } from '../../functions/domain/signatures/signing-store.ts';
import { actOnSigning, type StaffSigningContext } from '../../functions/domain/signatures/staff-signing.ts';
import type { UploadRecord } from '../../functions/domain/uploads/upload-record.ts';

// A paper signature recorded with a scan uploaded on the signing page while its virus check is still running: the
// save links the scan on the condition that the check still says what was read. These stores hold one record and
// one scan whose check ends when the test says, so the race the browser can only meet by chance happens every time.

const ids = { agencyId: 'quay', caseId: 'case-7', documentId: 'doc-plan' };
const plan = signaturePlanFor({ signatures: { documents: { 'care-plan': { signers: [{ role: 'client', intent: 'agree' }, { role: 'supervisor', intent: 'agree' }] } } } }, 'care-plan')!;

function stores(options: { checkEndsAfterReads: number; othersAct?: (record: SigningRecord) => SigningRecord }) {
  let stored: StoredSigning = { record: startSigning(plan, { documentId: ids.documentId, documentSha256: 'b'.repeat(64), createdAt: '2027-01-04T10:00:00.000Z' }), version: 1 };
  let scan: UploadRecord['scan'] = 'pending';
  let scanReads = 0;
  const saves: SigningChange[] = [];
  const store: SigningStore = {
    openSigning: async () => 'opened',
    listSignings: async () => [stored],
    findSigning: async () => stored,
    saveSigning: async (_agency, _case, change) => {
      // As the transaction's conditions: the record at the version read, the scan's check as read.
      if (change.version !== stored.version || (change.linkedFile && change.linkedFile.scan !== scan)) return 'conflict';
      saves.push(change);
      stored = { record: change.record, version: stored.version + 1 };
      return 'saved';
    },
  };
  const uploadedScan = async (uploadId: string): Promise<UploadRecord> => {
    const read: UploadRecord = {
      agencyId: ids.agencyId, uploadId, formId: `paper-scan-${ids.caseId}`, field: '/paperScan', name: 'signed.pdf', size: 2048,
      type: 'application/pdf', etag: '"e1"', receivedAt: '2027-01-05T09:00:00.000Z', scan,
    };
    scanReads += 1;
    // The check ends right after this read: the save that follows finds the scan changed.
    if (scanReads === options.checkEndsAfterReads) scan = 'clean';
    if (options.othersAct && scanReads === 1) stored = { record: options.othersAct(stored.record), version: stored.version + 1 };
    return read;
  };
  const context: StaffSigningContext = {
    staff: { subject: 'sup-1', roles: ['supervisor'], email: 'sup@quay.example' }, intentText: 'I agree to this care plan.', locale: 'en',
    sourceAddress: '198.51.100.4', userAgent: 'test', caseFileIds: new Set(), uploadedScan, now: new Date('2027-01-05T09:01:00.000Z'),
    audit: (action, target): AuditRecord => ({ agencyId: ids.agencyId, caseId: ids.caseId, actor: 'sup-1', roles: ['supervisor'], action, target, at: '2027-01-05T09:01:00.000Z', requestId: 'r-1' }),
  };
  return { store, context, saves: () => saves, scanReads: () => scanReads };
}

describe('a paper signature whose scan finishes its virus check while it is recorded', () => {
  it('is recorded: the act is tried again on the scan as it is now, and links it once', async () => {
    const { store, context, saves, scanReads } = stores({ checkEndsAfterReads: 1 });
    const outcome = await actOnSigning(store, ids, { action: 'paper', role: 'client', signerName: 'Ada Obi', paperUploadId: 'up-1' }, context);
    expect(outcome.outcome).toBe('saved');
    expect(scanReads()).toBe(2);
    expect(saves()).toHaveLength(1);
    expect(saves()[0]!.linkedFile?.scan).toBe('clean');
    expect(saves()[0]!.record.steps[0]).toMatchObject({ role: 'client', status: 'paper', paperUploadId: 'up-1' });
  });

  it('someone recorded the client\'s step meanwhile: the retry reads it and refuses, linking nothing', async () => {
    const { store, context, saves } = stores({
      checkEndsAfterReads: 99,
      othersAct: (record) => ({ ...record, steps: record.steps.map((step) => (step.role === 'client' ? { ...step, status: 'declined', reason: 'said no on the phone' } : step)) }),
    });
    const outcome = await actOnSigning(store, ids, { action: 'paper', role: 'client', signerName: 'Ada Obi', paperUploadId: 'up-1' }, context);
    expect(outcome).toEqual({ outcome: 'refused', refusal: 'already-done' });
    expect(saves()).toEqual([]);
  });

  it('a sign that finds the record changed is not tried again: the page says so', async () => {
    const { store, context, saves } = stores({ checkEndsAfterReads: 99 });
    const changing: SigningStore = { ...store, saveSigning: async () => 'conflict' };
    const outcome = await actOnSigning(changing, ids, { action: 'decline', role: 'client', reason: 'moved away' }, context);
    expect(outcome).toEqual({ outcome: 'changed' });
    expect(saves()).toEqual([]);
  });
});
