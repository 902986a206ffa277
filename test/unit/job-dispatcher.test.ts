import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOB_MAX_ATTEMPTS, retryDelaySeconds, type DocumentJob } from '../../functions/domain/cases/document-job.ts';
import { REVIEW_REMINDER_JOB, type ReviewPorts } from '../../functions/domain/cases/review-reminders.ts';
import { StorageError } from '../../functions/domain/cases/storage-error.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { dispatchJob, dispatchJobs, type DeadLetterReason, type JobDispatch, type JobMessage } from '../../functions/domain/jobs/job-dispatcher.ts';
import { logger } from '../../functions/observability/logger.ts';
import { projectRoot } from '../../local/stack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const ids = { agencyId: 'demo', caseId: '4f7c2b1e-0000-4000-8000-000000000001', submissionId: 'sub-1' };
const carePlan: DocumentJob = { documentType: 'care-plan', ...ids };
const now = new Date('2026-12-01T12:00:00Z');

/** Ports whose submission read fails as a throttled table would: a failure worth retrying. */
class ThrottledPorts extends MemoryJobPorts {
  override async findSubmission(): Promise<never> {
    throw new StorageError('dynamodb get submission', { cause: Object.assign(new Error('slow down'), { name: 'ThrottlingException' }) });
  }
}

function dispatcher(ports: MemoryJobPorts, options: { reviews?: ReviewPorts; failDeadLetter?: boolean } = {}) {
  const deadLetters: Array<{ body: string; why: DeadLetterReason }> = [];
  const retries: Array<{ receipt: string; seconds: number }> = [];
  const dispatch: JobDispatch = {
    context: {
      ports, catalog, templates, formVersions: { form: async (agencyId, formId) => catalog.form(agencyId, formId) },
      renderer: { render: async () => Buffer.from('%PDF-fake') }, now: () => now, publicBaseUrl: 'https://api.example.org/',
      ...(options.reviews ? { reviews: options.reviews } : {}),
    },
    queue: {
      deadLetter: async (body, why) => {
        if (options.failDeadLetter) throw Object.assign(new Error('queue gone'), { name: 'QueueDoesNotExist' });
        deadLetters.push({ body, why });
      },
      retryLater: async (receipt, seconds) => { retries.push({ receipt, seconds }); },
    },
    retryBaseSeconds: 10,
  };
  return { dispatch, deadLetters, retries };
}

const message = (body: unknown, attempts = 1, id = 'm-1'): JobMessage => ({
  id, body: typeof body === 'string' ? body : JSON.stringify(body), attempts, receipt: `receipt-${id}`,
});

afterEach(() => { vi.restoreAllMocks(); });

describe('the job dispatcher', () => {
  it('runs a job by its kind, completes it, and follows its submission through the logs', async () => {
    const correlation = vi.spyOn(logger, 'setCorrelationId');
    const ports = new MemoryJobPorts({}, undefined);
    const reviews: ReviewPorts = {
      scheduler: { upsert: async () => undefined, remove: async () => undefined }, queue: { enqueue: async () => undefined },
      staffSubmissions: {
        findReceipt: async () => undefined, getCase: async () => undefined, putRawSubmission: async () => undefined,
        discardRawSubmission: async () => undefined, commitStaffSubmission: async () => 'stale', clientNoticeDeliveries: async () => [],
      },
      findCase: async () => undefined, // the case is gone: the reminder is stale and completes without sending
      findNote: async () => undefined,
    };
    const reminder: DocumentJob = { documentType: REVIEW_REMINDER_JOB, ...ids, reviewDueAt: '2027-01-15' };
    const { dispatch, deadLetters, retries } = dispatcher(ports, { reviews });
    expect(await dispatchJob(dispatch, message(reminder))).toBe(true);
    expect(ports.completed).toEqual([reminder]);
    expect(correlation).toHaveBeenCalledWith('sub-1');
    expect({ deadLetters, retries }).toEqual({ deadLetters: [], retries: [] });
  });

  it('gives a failed job back to the queue, hidden for longer after each attempt', async () => {
    const { dispatch, deadLetters, retries } = dispatcher(new ThrottledPorts({}, undefined));
    expect(await dispatchJob(dispatch, message(carePlan, 1))).toBe(false);
    expect(await dispatchJob(dispatch, message(carePlan, 3))).toBe(false);
    expect(retries).toEqual([
      { receipt: 'receipt-m-1', seconds: retryDelaySeconds(1, 10) },
      { receipt: 'receipt-m-1', seconds: retryDelaySeconds(3, 10) },
    ]);
    expect(retries.map((retry) => retry.seconds)).toEqual([10, 40]);
    expect(deadLetters).toEqual([]);
  });

  it('dead-letters a job that failed its last attempt, with its reason, and marks it so on the case', async () => {
    const ports = new ThrottledPorts({}, undefined);
    const { dispatch, deadLetters, retries } = dispatcher(ports);
    expect(await dispatchJob(dispatch, message(carePlan, JOB_MAX_ATTEMPTS))).toBe(true);
    const reason = 'dynamodb get submission: ThrottlingException';
    expect(deadLetters).toEqual([{ body: JSON.stringify(carePlan), why: { reason, attempts: JOB_MAX_ATTEMPTS, failedAt: now.toISOString() } }]);
    expect(ports.deadLettered).toEqual([{ job: carePlan, reason }]);
    expect(retries).toEqual([]);
  });

  it('dead-letters at once a job that can never succeed', async () => {
    const ports = new MemoryJobPorts({}, undefined); // its submission is gone
    const { dispatch, deadLetters, retries } = dispatcher(ports);
    expect(await dispatchJob(dispatch, message(carePlan, 1))).toBe(true);
    const reason = 'PermanentJobError: no agency or submission for job sub-1';
    expect(deadLetters.map((dead) => dead.why.reason)).toEqual([reason]);
    expect(ports.deadLettered).toEqual([{ job: carePlan, reason }]);
    expect(retries).toEqual([]);
  });

  it('dead-letters at once a job of a kind nobody does, saying so, rather than dropping or retrying it', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const unknown: DocumentJob = { documentType: 'no-such-document', ...ids };
    const { dispatch, deadLetters, retries } = dispatcher(ports);
    expect(await dispatchJob(dispatch, message(unknown, 1))).toBe(true);
    const reason = 'PermanentJobError: unknown job: "no-such-document" is neither a special job nor a template of agency demo';
    expect(deadLetters).toEqual([{ body: JSON.stringify(unknown), why: { reason, attempts: 1, failedAt: now.toISOString() } }]);
    expect(ports.deadLettered).toEqual([{ job: unknown, reason }]);
    expect(retries).toEqual([]);
  });

  it('dead-letters at once a document its submission\'s form does not produce, though a template renders it', async () => {
    const ports = new MemoryJobPorts({}, { formId: 'care-plan', formVersion: 'v', receivedAt: '2026-11-23T12:00:00.000Z', rawKey: 'plan-raw' });
    const stray: DocumentJob = { documentType: 'discharge-summary', ...ids };
    const { dispatch, deadLetters, retries } = dispatcher(ports);
    expect(await dispatchJob(dispatch, message(stray, 1))).toBe(true);
    const reason = 'PermanentJobError: unknown job: "discharge-summary" is neither a special job nor a document form care-plan produces';
    expect(deadLetters.map((dead) => dead.why.reason)).toEqual([reason]);
    expect(ports.deadLettered).toEqual([{ job: stray, reason }]);
    expect(ports.sent).toEqual([]);
    expect(retries).toEqual([]);
  });

  it('dead-letters a message that is no job; there is no case to mark', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const { dispatch, deadLetters } = dispatcher(ports);
    expect(await dispatchJob(dispatch, message('{"not":"a job"}'))).toBe(true);
    expect(await dispatchJob(dispatch, message('not json at all'))).toBe(true);
    expect(deadLetters.map((dead) => [dead.body, dead.why.reason])).toEqual([
      ['{"not":"a job"}', 'malformed document job'], ['not json at all', 'malformed document job'],
    ]);
    expect(ports.deadLettered).toEqual([]);
  });

  it('leaves a job to the queue\'s own redrive when dead-lettering fails', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const { dispatch } = dispatcher(ports, { failDeadLetter: true });
    expect(await dispatchJob(dispatch, message(carePlan, 1))).toBe(false);
    expect(ports.deadLettered).toEqual([]);
  });

  it('answers for a batch with the messages not done with', async () => {
    const { dispatch } = dispatcher(new ThrottledPorts({}, undefined));
    expect(await dispatchJobs(dispatch, [message(carePlan, 1, 'retried'), message('{}', 1, 'malformed'), message(carePlan, JOB_MAX_ATTEMPTS, 'last')]))
      .toEqual(['retried']);
  });
});
