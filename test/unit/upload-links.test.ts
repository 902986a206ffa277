import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkUploadLinks, MAX_FILES_PER_SUBMISSION, type UploadReader } from '../../functions/domain/uploads/upload-links.ts';
import type { UploadRecord } from '../../functions/domain/uploads/upload-record.ts';

// The links a submission may make, against records held in memory: the agency, form and question must be the
// record's own, and the file unlinked and not infected.
const question = { type: 'array', maxItems: 10, items: { type: 'string' }, 'x-caseforms': { upload: { accept: ['application/pdf'] } } };
const schema = { type: 'object', properties: { ids: question, payslips: question, letters: question, name: { type: 'string' } } };
const form = { agencyId: 'wren', formId: 'application', schema };

function recordsOf(records: UploadRecord[]): UploadReader & { readonly reads: string[]; readonly calls: number } {
  const reads: string[] = [];
  let calls = 0;
  return {
    reads,
    get calls() { return calls; },
    findUploads: async (agencyId, uploadIds) => {
      calls += 1;
      reads.push(...uploadIds.map((uploadId) => `${agencyId}/${uploadId}`));
      return new Map(records.filter((record) => record.agencyId === agencyId && uploadIds.includes(record.uploadId)).map((record) => [record.uploadId, { received: true, record } as const]));
    },
  };
}

const received = (field: string, change: Partial<UploadRecord> = {}): UploadRecord => ({
  agencyId: 'wren', uploadId: randomUUID(), formId: 'application', field, name: 'a.pdf', size: 10, type: 'application/pdf', etag: '"e"',
  receivedAt: '2026-12-07T00:00:00.000Z', scan: 'pending', ...change,
});

describe('checkUploadLinks', () => {
  it('returns the records to link, each question\'s own, read in one call', async () => {
    const [a, b] = [received('/ids'), received('/payslips')];
    const reader = recordsOf([a, b]);
    expect(await checkUploadLinks(reader, form, { ids: [a.uploadId], payslips: [b.uploadId] })).toEqual({ files: [a, b], refusals: [] });
    expect(reader.calls).toBe(1);
  });

  it('reads nothing for a form without file questions, nor for one whose questions are unanswered', async () => {
    const reader = recordsOf([]);
    expect(await checkUploadLinks(reader, { ...form, schema: { type: 'object', properties: { name: { type: 'string' } } } }, { name: 'x' })).toEqual({ files: [], refusals: [] });
    expect(await checkUploadLinks(reader, form, { name: 'x' })).toEqual({ files: [], refusals: [] });
    expect(reader.reads).toEqual([]);
  });

  it('refuses, at the question, a file of another question, another form, another agency, linked already, or infected', async () => {
    const cases: Array<[UploadRecord, string]> = [
      [received('/payslips'), 'not-found'],
      [received('/ids', { formId: 'other' }), 'not-found'],
      [received('/ids', { caseId: randomUUID(), submissionId: randomUUID() }), 'already-sent'],
      [received('/ids', { scan: 'infected' }), 'infected'],
    ];
    for (const [record, reason] of cases) {
      expect(await checkUploadLinks(recordsOf([record]), form, { ids: [record.uploadId] })).toEqual({ files: [], refusals: [{ pointer: '/ids', reason }] });
    }
    const elsewhere = received('/ids', { agencyId: 'kestrel' });
    const reader = recordsOf([elsewhere]);
    expect(await checkUploadLinks(reader, form, { ids: [elsewhere.uploadId] })).toEqual({ files: [], refusals: [{ pointer: '/ids', reason: 'not-found' }] });
    // Looked up under the form's own agency only.
    expect(reader.reads).toEqual([`wren/${elsewhere.uploadId}`]);
  });

  it('refuses an id that is not an upload id without reading, the same id twice, and no store at all', async () => {
    const a = received('/ids');
    const reader = recordsOf([a]);
    expect(await checkUploadLinks(reader, form, { ids: ['../x'] })).toEqual({ files: [], refusals: [{ pointer: '/ids', reason: 'not-found' }] });
    expect(reader.reads).toEqual([]);
    expect((await checkUploadLinks(reader, form, { ids: [a.uploadId, a.uploadId] })).refusals).toEqual([{ pointer: '/ids', reason: 'twice' }]);
    expect(await checkUploadLinks(undefined, form, { ids: [a.uploadId] })).toEqual({ files: [], refusals: [{ pointer: '/ids', reason: 'not-found' }] });
  });

  it(`refuses more than ${MAX_FILES_PER_SUBMISSION} files in one submission, at the question where the count passes it`, async () => {
    const records = [...Array(10)].map(() => received('/ids')).concat([...Array(10)].map(() => received('/payslips')), [received('/letters')]);
    const ids = (field: string) => records.filter((record) => record.field === field).map((record) => record.uploadId);
    const within = await checkUploadLinks(recordsOf(records), form, { ids: ids('/ids'), payslips: ids('/payslips') });
    expect(within.files).toHaveLength(MAX_FILES_PER_SUBMISSION);
    const over = await checkUploadLinks(recordsOf(records), form, { ids: ids('/ids'), payslips: ids('/payslips'), letters: ids('/letters') });
    expect(over).toEqual({ files: [], refusals: [{ pointer: '/letters', reason: 'too-many-in-form' }] });
  });
});
