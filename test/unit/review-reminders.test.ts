import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import type { CaseRecord } from '../../functions/domain/cases/case-record.ts';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import {
  isStaleReminder, REVIEW_REMINDER_JOB, reviewJobFor, reviewScheduleAction, reviewScheduleName, SCHEDULE_REVIEW_JOB,
  type ReviewPorts, type ReviewSchedule,
} from '../../functions/domain/cases/review-reminders.ts';
import { acceptStaffSubmission, type AcceptedStaffSubmission, type StaffSubmissionStore } from '../../functions/domain/cases/staff-submission.ts';
import { zonedInstant } from '../../functions/domain/cases/zoned-time.ts';
import { planDeliveries, REVIEW_REMINDER } from '../../functions/domain/delivery/routing.ts';
import { PermanentJobError } from '../../functions/domain/jobs/permanent-job-error.ts';
import type { JobContext } from '../../functions/domain/jobs/job-ports.ts';
import { runWireJob } from '../support/run-wire-job.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import type { Agency } from '../../functions/domain/forms/agency.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { ENGLISH } from '../../functions/domain/forms/error-language.ts';
import { projectRoot } from '../../local/stack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';
import { demoExample } from '../support/test-stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const demo = catalog.agency('demo')!;
const caseId = '7a1c2b3d-0000-4000-8000-0000000000aa';
const reference = caseId.slice(0, 8);

const openCase = (overrides: Partial<CaseRecord> = {}): CaseRecord => ({
  agencyId: 'demo', caseId, state: 'planned', version: 3, createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z',
  caseManager: 'ana', caseManagerEmail: 'ana@demo.example', reviewDueAt: '2027-01-15', reviewSubmissionId: 'plan-1', ...overrides,
});

describe('which staff submissions touch the review schedule', () => {
  const scheduleJob = (reviewDueAt?: string) => ({
    documentType: SCHEDULE_REVIEW_JOB, agencyId: 'demo', caseId, submissionId: 'sub-2', ...(reviewDueAt ? { reviewDueAt } : {}),
  });

  it('schedules a first review date and moves a changed one', () => {
    expect(reviewJobFor(openCase({ state: 'assessed', reviewDueAt: undefined }), openCase(), 'sub-2')).toEqual(scheduleJob('2027-01-15'));
    expect(reviewJobFor(openCase({ state: 'under-review' }), openCase({ state: 'active', reviewDueAt: '2027-04-01' }), 'sub-2')).toEqual(scheduleJob('2027-04-01'));
  });

  it('leaves the schedule alone when the date is unchanged or the form sets none', () => {
    expect(reviewJobFor(openCase({ state: 'under-review' }), openCase({ state: 'active' }), 'sub-2')).toBeUndefined();
    expect(reviewJobFor(openCase(), openCase({ state: 'active' }), 'sub-2')).toBeUndefined();
    expect(reviewJobFor(openCase({ reviewDueAt: undefined }), openCase({ state: 'active', reviewDueAt: undefined }), 'sub-2')).toBeUndefined();
  });

  it('cancels a pending review when a termination is issued or the case is closed; a terminated case had it cancelled already', () => {
    expect(reviewJobFor(openCase({ state: 'active' }), openCase({ state: 'closed' }), 'sub-2')).toEqual(scheduleJob());
    expect(reviewJobFor(openCase({ state: 'under-review' }), openCase({ state: 'termination-pending', reviewDueAt: undefined }), 'sub-2')).toEqual(scheduleJob());
    expect(reviewJobFor(openCase({ state: 'termination-pending', reviewDueAt: undefined }), openCase({ state: 'terminated', reviewDueAt: undefined }), 'sub-2')).toBeUndefined();
  });

  it('has nothing to cancel without a review date, and nothing to do after the end (a legal hold)', () => {
    expect(reviewJobFor(openCase({ state: 'intake', reviewDueAt: undefined }), openCase({ state: 'closed', reviewDueAt: undefined }), 'sub-2')).toBeUndefined();
    expect(reviewJobFor(openCase({ state: 'closed' }), openCase({ state: 'closed', legalHold: true }), 'sub-2')).toBeUndefined();
  });
});

/** Staff submissions in memory: enough of the store to see what one submission commits. */
class MemoryCaseStore implements StaffSubmissionStore {
  readonly commits: AcceptedStaffSubmission[] = [];
  constructor(public current: CaseRecord) {}
  async findReceipt() { return undefined; }
  async getCase() { return this.current; }
  async putRawSubmission() { /* raw bodies are not read back here */ }
  async discardRawSubmission() { /* nothing to discard */ }
  async clientNoticeDeliveries() { return []; }
  async commitStaffSubmission(submission: AcceptedStaffSubmission) {
    this.commits.push(submission);
    this.current = submission.after;
    return 'committed' as const;
  }
}

describe('a staff submission commits its schedule-review job with the case', () => {
  const staff: StaffMember = { subject: 'ana', agencyId: 'demo', roles: ['case-manager'], email: 'ana@demo.example' };
  const submitForm = async (store: MemoryCaseStore, formId: string, body: Record<string, unknown>) => {
    const enqueued: DocumentJob[] = [];
    const outcome = await acceptStaffSubmission(store, { enqueue: async (job) => { enqueued.push(job); } }, {
      form: catalog.form('demo', formId)!, agencyForms: catalog.pack('demo')!.forms.values(), caseId, staff,
      rawBody: Buffer.from(JSON.stringify(body)), body, idempotencyKey: undefined, expectedVersion: undefined,
      now: new Date('2026-12-01T15:00:00Z'), requestId: 'r-1', language: ENGLISH, agency: demo,
    }, () => undefined);
    expect(outcome.outcome).toBe('created');
    const committed = store.commits.at(-1)!;
    return { committed, enqueued, reviewJobs: committed.jobs.filter((job) => job.documentType === SCHEDULE_REVIEW_JOB) };
  };

  it('a care plan sets the date, names its submission on the case, and queues the job in the same commit', async () => {
    const store = new MemoryCaseStore(openCase({ state: 'assessed', reviewDueAt: undefined, reviewSubmissionId: undefined }));
    const { committed, enqueued, reviewJobs } = await submitForm(store, 'care-plan', { ...demoExample('care-plan'), reviewDate: '2027-02-01' });
    expect(committed.after).toMatchObject({ reviewDueAt: '2027-02-01', reviewSubmissionId: committed.receipt.id });
    expect(reviewJobs).toEqual([{ documentType: SCHEDULE_REVIEW_JOB, agencyId: 'demo', caseId, submissionId: committed.receipt.id, reviewDueAt: '2027-02-01' }]);
    expect(enqueued).toContainEqual(reviewJobs[0]);
    expect(committed.jobs.map((job) => job.documentType)).toEqual(['care-plan', SCHEDULE_REVIEW_JOB]);
  });

  it('a revised plan with the same date keeps the schedule and the submission that set it', async () => {
    const store = new MemoryCaseStore(openCase({ state: 'under-review', reviewDueAt: '2027-02-01' }));
    const { committed, reviewJobs } = await submitForm(store, 'care-plan', { ...demoExample('care-plan'), reviewDate: '2027-02-01' });
    expect(reviewJobs).toEqual([]);
    expect(committed.after.reviewSubmissionId).toBe('plan-1');
  });

  it('a discharge cancels the review', async () => {
    const store = new MemoryCaseStore(openCase({ state: 'active' }));
    const { committed, reviewJobs } = await submitForm(store, 'discharge', demoExample('discharge'));
    expect(committed.after.state).toBe('closed');
    expect(reviewJobs).toEqual([{ documentType: SCHEDULE_REVIEW_JOB, agencyId: 'demo', caseId, submissionId: committed.receipt.id }]);
  });
});

describe('what the schedule should be, from the case as it stands', () => {
  const job: DocumentJob = { documentType: SCHEDULE_REVIEW_JOB, agencyId: 'demo', caseId, submissionId: 'job-sub', reviewDueAt: '2027-01-15' };
  const before = new Date('2026-12-01T12:00:00Z');

  it('09:00 on the review date on the agency\'s clock, carrying a reminder named after the submission that set the date', () => {
    expect(reviewScheduleAction(openCase(), job, 'America/Chicago', before)).toEqual({
      action: 'schedule', at: '2027-01-15T09:00:00',
      reminder: { documentType: REVIEW_REMINDER_JOB, agencyId: 'demo', caseId, submissionId: 'plan-1', reviewDueAt: '2027-01-15' },
    });
  });

  it('follows the case, not the job: a late job for an old date writes the current one', () => {
    const late = { ...job, reviewDueAt: '2026-12-24' };
    const action = reviewScheduleAction(openCase({ reviewDueAt: '2027-03-01', reviewSubmissionId: 'plan-2' }), late, 'America/Chicago', before);
    expect(action).toMatchObject({ action: 'schedule', at: '2027-03-01T09:00:00', reminder: { submissionId: 'plan-2', reviewDueAt: '2027-03-01' } });
  });

  it('names the reminder after the job for a case that does not record the submission (dated before reminders existed)', () => {
    expect(reviewScheduleAction(openCase({ reviewSubmissionId: undefined }), job, 'America/Chicago', before)).toMatchObject({ reminder: { submissionId: 'job-sub' } });
  });

  it('removes the schedule of an ended case, a missing case, or a case without a date', () => {
    for (const current of [openCase({ state: 'closed' }), openCase({ state: 'terminated' }), undefined, openCase({ reviewDueAt: undefined })]) {
      expect(reviewScheduleAction(current, job, 'America/Chicago', before)).toEqual({ action: 'remove' });
    }
  });

  it('sends at once once the hour has come in the agency\'s time zone (15:00 UTC in Chicago in January)', () => {
    expect(reviewScheduleAction(openCase(), job, 'America/Chicago', new Date('2027-01-15T14:59:59Z'))).toMatchObject({ action: 'schedule' });
    expect(reviewScheduleAction(openCase(), job, 'America/Chicago', new Date('2027-01-15T15:00:00Z'))).toMatchObject({ action: 'send-now', reminder: { reviewDueAt: '2027-01-15' } });
    expect(reviewScheduleAction(openCase(), job, 'Asia/Kolkata', new Date('2027-01-15T03:30:00Z'))).toMatchObject({ action: 'send-now' });
  });

  it('refuses a review date that is not a calendar date rather than schedule something else', () => {
    expect(() => reviewScheduleAction(openCase({ reviewDueAt: '15/01/2027' }), job, 'America/Chicago', before)).toThrow(RangeError);
  });
});

describe('a reminder that fired', () => {
  const reminder: DocumentJob = { documentType: REVIEW_REMINDER_JOB, agencyId: 'demo', caseId, submissionId: 'plan-1', reviewDueAt: '2027-01-15' };

  it('is current while the case is open with the same review date', () => {
    expect(isStaleReminder(reminder, openCase())).toBe(false);
    expect(isStaleReminder(reminder, openCase({ state: 'under-review' }))).toBe(false);
  });

  it('is stale once the date moved, a termination is pending, the case ended or is gone', () => {
    expect(isStaleReminder(reminder, openCase({ state: 'termination-pending' }))).toBe(true);
    expect(isStaleReminder(reminder, openCase({ reviewDueAt: '2027-02-01' }))).toBe(true);
    expect(isStaleReminder(reminder, openCase({ state: 'closed' }))).toBe(true);
    expect(isStaleReminder(reminder, undefined)).toBe(true);
    expect(isStaleReminder({ ...reminder, reviewDueAt: undefined }, openCase())).toBe(true);
  });
});

describe('schedule names', () => {
  it('one per case, from ids, within Scheduler\'s 64 characters of [0-9A-Za-z-_.]', () => {
    expect(reviewScheduleName('demo', caseId)).toBe(`review-demo-${caseId}`);
    const long = reviewScheduleName('a-very-long-agency-identifier-of-forty-characters', caseId);
    expect(long).toMatch(/^review-[0-9a-f]{16}-7a1c2b3d-0000-4000-8000-0000000000aa$/);
    expect(long.length).toBeLessThanOrEqual(64);
    expect(reviewScheduleName('a-very-long-agency-identifier-of-forty-characters', caseId)).toBe(long);
    expect(reviewScheduleName('another-very-long-agency-identifier-of-forty', caseId)).not.toBe(long);
  });
});

describe('local date and time in a time zone', () => {
  it('is the instant the wall clock there shows it, across daylight saving', () => {
    expect(zonedInstant('2027-01-15T09:00:00', 'America/Chicago').toISOString()).toBe('2027-01-15T15:00:00.000Z');
    expect(zonedInstant('2027-07-15T09:00:00', 'America/Chicago').toISOString()).toBe('2027-07-15T14:00:00.000Z');
    expect(zonedInstant('2027-03-28T09:00:00', 'Europe/London').toISOString()).toBe('2027-03-28T08:00:00.000Z');
    expect(zonedInstant('2027-01-15T09:00:00', 'UTC').toISOString()).toBe('2027-01-15T09:00:00.000Z');
    expect(() => zonedInstant('2027-01-15', 'UTC')).toThrow(RangeError);
  });
});

describe('routing a review reminder', () => {
  const facts = { client: { email: 'zoe@example.org', emailIsSafe: true, language: 'en', addressVerified: true }, caseManagerEmail: 'ana@demo.example', consentedProviders: ['northside-clinic'] };

  it('goes to the case manager by default, and never to the client or a provider', () => {
    const bare: Agency = { ...demo, delivery: { routes: { 'review-reminder': [{ to: 'client' }, { to: 'provider:northside-clinic' }] } } };
    expect(planDeliveries({ ...demo, delivery: {} }, REVIEW_REMINDER, facts)).toEqual([
      { recipient: 'case-manager', kind: 'staff', method: 'link', locale: 'en', status: 'send', address: 'ana@demo.example' },
    ]);
    expect(planDeliveries(bare, REVIEW_REMINDER, facts).map((planned) => [planned.recipient, planned.status === 'withheld' && planned.reason])).toEqual([
      ['client', 'staff-only'], ['provider-northside-clinic', 'staff-only'],
    ]);
  });

  it('is withheld, with its reason, from a case without a case manager', () => {
    expect(planDeliveries(demo, REVIEW_REMINDER, { ...facts, caseManagerEmail: undefined })).toEqual([
      expect.objectContaining({ recipient: 'case-manager', status: 'withheld', reason: 'no-case-manager' }),
    ]);
  });

  it('has its words in every locale the templates ship', () => {
    const dir = join(projectRoot, 'templates', 'default', 'locales');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const email = JSON.parse(readFileSync(join(dir, file), 'utf8')).email as Record<string, string>;
      expect(email.reviewSubject, file).toContain('{reference}');
      expect(email.review, file).toContain('{due}');
    }
  });
});

/** Review ports in memory: the case as the store returns it read by read, and what was asked of the scheduler. */
function memoryReviews(cases: Array<CaseRecord | undefined>) {
  const calls: Array<{ upsert: ReviewSchedule } | { remove: string } | { enqueue: DocumentJob }> = [];
  let reads = 0;
  const reviews: ReviewPorts = {
    scheduler: { upsert: async (schedule) => { calls.push({ upsert: schedule }); }, remove: async (name) => { calls.push({ remove: name }); } },
    queue: { enqueue: async (job) => { calls.push({ enqueue: job }); } },
    staffSubmissions: new MemoryCaseStore(cases.find((record) => record !== undefined) ?? openCase()),
    // The last case given stands once the reads run past the list.
    findCase: async () => cases[Math.min(reads++, cases.length - 1)],
    findNote: async () => undefined,
  };
  return { reviews, calls, reads: () => reads };
}

const context = (ports: MemoryJobPorts, reviews: ReviewPorts | undefined, now = '2026-12-01T12:00:00Z'): JobContext => ({
  ports, catalog, formVersions: { form: async (agencyId, formId) => catalog.form(agencyId, formId) }, templates,
  renderer: { render: async () => { throw new Error('review jobs render nothing'); } },
  now: () => new Date(now), publicBaseUrl: 'https://api.example.org/', leaseMs: 120_000, ...(reviews ? { reviews } : {}),
});

describe('the worker keeps the schedule in step', () => {
  const job: DocumentJob = { documentType: SCHEDULE_REVIEW_JOB, agencyId: 'demo', caseId, submissionId: 'plan-1', reviewDueAt: '2027-01-15' };
  const name = `review-demo-${caseId}`;

  it('upserts the case\'s one schedule in the agency\'s time zone and completes the job', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews, calls } = memoryReviews([openCase()]);
    await runWireJob(context(ports, reviews), job);
    expect(calls).toEqual([{ upsert: { name, at: '2027-01-15T09:00:00', timeZone: 'America/Chicago', reminder: expect.objectContaining({ submissionId: 'plan-1' }) } }]);
    expect(ports.completed).toEqual([job]);
    expect(ports.sent).toEqual([]);
  });

  it('removes it for an ended case', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews, calls } = memoryReviews([openCase({ state: 'closed' })]);
    await runWireJob(context(ports, reviews), { ...job, reviewDueAt: undefined });
    expect(calls).toEqual([{ remove: name }]);
    expect(ports.completed).toHaveLength(1);
  });

  it('queues the reminder itself when its time has passed, before removing any schedule', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews, calls } = memoryReviews([openCase()]);
    await runWireJob(context(ports, reviews, '2027-01-20T12:00:00Z'), job);
    expect(calls).toEqual([{ enqueue: expect.objectContaining({ documentType: REVIEW_REMINDER_JOB, reviewDueAt: '2027-01-15' }) }, { remove: name }]);
  });

  it('writes again when the case changed between its read and its write, so the last write is current', async () => {
    const moved = openCase({ state: 'active', version: 5, reviewDueAt: '2027-03-01', reviewSubmissionId: 'plan-2' });
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews, calls } = memoryReviews([openCase(), moved, moved, moved]);
    await runWireJob(context(ports, reviews), job);
    expect(calls.map((call) => ('upsert' in call ? call.upsert.at : call))).toEqual(['2027-01-15T09:00:00', '2027-03-01T09:00:00']);
    expect(ports.completed).toHaveLength(1);
  });

  it('gives the job back for a retry when the case keeps changing', async () => {
    const versions = [1, 2, 3, 4, 5, 6, 7].map((n) => openCase({ reviewDueAt: `2027-01-1${n}` }));
    const { reviews } = memoryReviews(versions);
    const ports = new MemoryJobPorts({}, undefined);
    await expect(runWireJob(context(ports, reviews), job)).rejects.toThrow(/kept changing/);
    expect(ports.completed).toEqual([]);
  });

  it('dead-letters at once a review date that is not a date: retrying cannot fix the form', async () => {
    const { reviews, calls } = memoryReviews([openCase({ reviewDueAt: 'next spring' })]);
    await expect(runWireJob(context(new MemoryJobPorts({}, undefined), reviews), job)).rejects.toThrow(PermanentJobError);
    expect(calls).toEqual([]);
  });

  it('cannot run where no scheduler is configured: dead-lettered at once with its reason', async () => {
    await expect(runWireJob(context(new MemoryJobPorts({}, undefined), undefined), job)).rejects.toThrow(PermanentJobError);
  });
});

describe('the reminder job', () => {
  const reminder: DocumentJob = { documentType: REVIEW_REMINDER_JOB, agencyId: 'demo', caseId, submissionId: 'plan-1', reviewDueAt: '2027-01-15' };

  it('emails the case manager the date and the case reference, once however often it arrives', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews, calls } = memoryReviews([openCase({ consentedProviders: ['northside-clinic'] })]);
    const outcomes = await runWireJob(context(ports, reviews), reminder);
    expect(outcomes).toEqual([{ recipient: 'case-manager', outcome: 'sent' }]);
    expect(ports.sent).toHaveLength(1);
    expect(ports.sent[0]!.tags).toMatchObject({ 'caseforms-document': 'plan-1-review-reminder', 'caseforms-recipient': 'case-manager' });
    const mail = await simpleParser(ports.sent[0]!.raw);
    expect(mail.to).toMatchObject({ value: [{ address: 'ana@demo.example' }] });
    expect(mail.subject).toBe(`Care plan review due · case ${reference}`);
    expect(mail.text).toContain('The care plan review for this case is due on January 15, 2027.');
    expect(mail.text).toContain(`Case reference: ${reference}`);
    expect(mail.attachments).toEqual([]);
    expect(ports.completed).toEqual([reminder]);
    expect(calls).toEqual([]);

    expect(await runWireJob(context(ports, reviews), reminder)).toEqual([{ recipient: 'case-manager', outcome: 'already-sent' }]);
    expect(ports.sent).toHaveLength(1);
  });

  it.each([
    ['the review date moved', openCase({ reviewDueAt: '2027-02-01' })],
    ['the case was closed', openCase({ state: 'closed' })],
    ['the case is gone', undefined],
  ])('sends nothing and completes when %s', async (_, current) => {
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews } = memoryReviews([current]);
    expect(await runWireJob(context(ports, reviews), reminder)).toEqual([]);
    expect(ports.sent).toEqual([]);
    expect(ports.deliveries.size).toBe(0);
    expect(ports.completed).toEqual([reminder]);
  });

  it('writes the date in the agency\'s language', async () => {
    const spanish: Agency = { ...demo, defaultLocale: 'es' };
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews } = memoryReviews([openCase()]);
    const ctx = context(ports, reviews);
    await runWireJob({ ...ctx, catalog: { ...catalog, agency: (id) => (id === 'demo' ? spanish : catalog.agency(id)) } }, reminder);
    const mail = await simpleParser(ports.sent[0]!.raw);
    expect(mail.subject).toBe(`Revisión del plan de atención pendiente · caso ${reference}`);
    expect(mail.text).toContain('vence el 15 de enero de 2027');
  });
});
