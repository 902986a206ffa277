import { describe, expect, it } from 'vitest';
import { jobsFor, RECEIPT_JOB, RISK_ALERT_JOB, type DocumentJob } from '../../functions/domain/cases/document-job.ts';
import { SIGNATURE_REQUEST_JOB } from '../../functions/domain/delivery/signature-request.ts';
import { COMPLETE_TERMINATION_JOB, REVIEW_REMINDER_JOB, SCHEDULE_REVIEW_JOB } from '../../functions/domain/cases/review-reminders.ts';
import { wireJob } from '../../functions/domain/jobs/job.ts';
import { SEAL_DOCUMENT_JOB } from '../../functions/domain/signatures/signing-store.ts';
import { isInvalidJob, parseJob } from '../../functions/domain/jobs/parse-job.ts';

const ids = { agencyId: 'demo', caseId: '4f7c2b1e-0000-4000-8000-000000000001', submissionId: 'sub-1' };

describe('parseJob reads each kind of work from the wire', () => {
  it.each<[string, DocumentJob, unknown]>([
    ['a document', { documentType: 'care-plan', ...ids }, { kind: 'document', documentType: 'care-plan', ...ids }],
    ['a risk alert', { documentType: RISK_ALERT_JOB, ...ids }, { kind: 'risk-alert', ...ids }],
    ['a receipt', { documentType: RECEIPT_JOB, ...ids, clientKey: 'k-1' }, { kind: 'receipt', ...ids, clientKey: 'k-1' }],
    ['a schedule review', { documentType: SCHEDULE_REVIEW_JOB, ...ids, reviewDueAt: '2027-01-15' }, { kind: 'schedule-review', ...ids, reviewDueAt: '2027-01-15' }],
    ['a cancelled review', { documentType: SCHEDULE_REVIEW_JOB, ...ids }, { kind: 'schedule-review', ...ids }],
    ['a review reminder', { documentType: REVIEW_REMINDER_JOB, ...ids, reviewDueAt: '2027-01-15' }, { kind: 'review-reminder', ...ids, reviewDueAt: '2027-01-15' }],
    ['a termination to complete', { documentType: COMPLETE_TERMINATION_JOB, ...ids, reviewDueAt: '2026-12-15' }, { kind: 'complete-termination', ...ids, reviewDueAt: '2026-12-15' }],
    ['a seal of a signed document', { documentType: SEAL_DOCUMENT_JOB, ...ids, submissionId: 'sub-1-care-plan' }, { kind: 'seal-document', ...ids, submissionId: 'sub-1-care-plan' }],
    ['a signature request to the client', { documentType: SIGNATURE_REQUEST_JOB, ...ids, submissionId: 'sub-1-care-plan' }, { kind: 'signature-request', ...ids, submissionId: 'sub-1-care-plan' }],
  ])('%s, and writes it back as it came', (_, wire, job) => {
    const parsed = parseJob(JSON.parse(JSON.stringify(wire)));
    expect(parsed).toEqual(job);
    expect(isInvalidJob(parsed)).toBe(false);
    if (!isInvalidJob(parsed)) expect(wireJob(parsed)).toEqual(wire);
  });

  it('reads every job a submission starts, as the outbox and the queue hold them', () => {
    const jobs = jobsFor(ids, ['intake-summary'], [{ alertSupervisor: true }], { clientKey: 'k-1' });
    expect(jobs.map((job) => parseJob(JSON.parse(JSON.stringify(job))))).toEqual([
      { kind: 'risk-alert', ...ids }, { kind: 'document', documentType: 'intake-summary', ...ids }, { kind: 'receipt', ...ids, clientKey: 'k-1' },
    ]);
  });

  it('reads messages written before the union: no kind field, a receipt without a client key, fields it does not know', () => {
    expect(parseJob({ documentType: RECEIPT_JOB, ...ids })).toEqual({ kind: 'receipt', ...ids });
    expect(parseJob({ documentType: 'intake-summary', ...ids, clientKey: 'stray', reviewDueAt: '2027-01-01', note: 'ignored' }))
      .toEqual({ kind: 'document', documentType: 'intake-summary', ...ids });
  });

  it('takes a name that is no special job for a document: whether a template renders it is for its runner to say', () => {
    expect(parseJob({ documentType: 'no-such-document', ...ids })).toEqual({ kind: 'document', documentType: 'no-such-document', ...ids });
  });
});

describe('parseJob refuses what is no job, saying why without repeating a value', () => {
  it.each<[string, unknown, string]>([
    ['nothing (a body that was not JSON)', undefined, 'not a JSON object'],
    ['null', null, 'not a JSON object'],
    ['an array', [ids], 'not a JSON object'],
    ['a string', 'care-plan', 'not a JSON object'],
    ['a job without its case', { documentType: 'care-plan', agencyId: 'demo', submissionId: 'sub-1' }, 'caseId is not a non-empty string'],
    ['a number for a name', { documentType: 7, ...ids }, 'documentType is not a non-empty string'],
    ['an empty name', { documentType: '', ...ids }, 'documentType is not a non-empty string'],
    ['a client key that is not a string', { documentType: RECEIPT_JOB, ...ids, clientKey: 42 }, 'clientKey is not a string'],
    ['a review date that is not a string', { documentType: SCHEDULE_REVIEW_JOB, ...ids, reviewDueAt: ['2027-01-15'] }, 'reviewDueAt is not a string'],
    ['a reminder without its date', { documentType: REVIEW_REMINDER_JOB, ...ids }, 'review-reminder without reviewDueAt'],
  ])('%s', (_, value, invalid) => {
    expect(parseJob(value)).toEqual({ invalid });
  });
});
