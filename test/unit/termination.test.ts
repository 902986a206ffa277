import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import type { CaseRecord } from '../../functions/domain/cases/case-record.ts';
import { AUTO_TERMINATION_ACTOR, completeTermination } from '../../functions/domain/cases/auto-termination.ts';
import { COMPLETE_TERMINATION_JOB, reviewScheduleAction, SCHEDULE_REVIEW_JOB } from '../../functions/domain/cases/review-reminders.ts';
import { acceptStaffSubmission, type AcceptedStaffSubmission, type StaffOutcome, type StaffSubmissionStore } from '../../functions/domain/cases/staff-submission.ts';
import { checkCompletion, earliestCompletion } from '../../functions/domain/cases/termination.ts';
import type { NoticeDelivery } from '../../functions/domain/cases/termination-steps.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { ENGLISH } from '../../functions/domain/forms/error-language.ts';
import { terminationProblem } from '../../functions/web/http/termination-problem.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

// Harbor Tenant Aid: 14 days' notice, Pacific time, its own field names (endsOn, endedOn, servedOtherwise).
const catalog = loadCatalog(formsDirWithHarbor());
const harbor = catalog.agency('harbor')!;
const caseId = '5b2e9c40-0000-4000-8000-0000000000bb';
const staff: StaffMember = { subject: 'lea', agencyId: 'harbor', roles: ['case-manager'], email: 'lea@harbor.example' };

/** One case in memory, with the client's notice deliveries as SES last reported them. */
class MemoryCase implements StaffSubmissionStore {
  readonly commits: AcceptedStaffSubmission[] = [];
  deliveries: NoticeDelivery[] = [];
  constructor(public current: CaseRecord) {}
  async findReceipt() { return undefined; }
  async getCase() { return this.current; }
  async putRawSubmission() { /* not read back here */ }
  async discardRawSubmission() { /* nothing to discard */ }
  async clientNoticeDeliveries() { return this.deliveries; }
  async commitStaffSubmission(submission: AcceptedStaffSubmission) {
    this.commits.push(submission);
    this.current = submission.after;
    return 'committed' as const;
  }
}

const activeCase = (): CaseRecord => ({
  agencyId: 'harbor', caseId, state: 'active', version: 4, createdAt: '2026-11-01T17:00:00.000Z', updatedAt: '2026-11-20T17:00:00.000Z',
  caseManager: 'lea', reviewDueAt: '2027-01-20', reviewSubmissionId: 'plan-1',
});

/** Submits at a wall-clock instant; 20:00 UTC is noon in Portland, the same calendar day. */
async function submit(store: MemoryCase, formId: string, body: Record<string, unknown>, day: string): Promise<StaffOutcome> {
  return acceptStaffSubmission(store, { enqueue: async () => undefined }, {
    form: catalog.form('harbor', formId)!, agencyForms: catalog.pack('harbor')!.forms.values(), caseId, staff,
    rawBody: Buffer.from(JSON.stringify(body)), body, idempotencyKey: undefined, expectedVersion: undefined,
    now: new Date(`${day}T20:00:00Z`), requestId: `r-${day}-${formId}`, language: ENGLISH, agency: harbor,
  }, () => undefined);
}

const notice = { endsOn: '2026-12-15', reasonCategory: 'resolved', reason: 'The hearing was dismissed.', appealRights: 'Write to us within 30 days.', appealBy: '2026-12-14' };

describe('the earliest day services may end', () => {
  it('is the effective date, or the day the notice reached the client plus the minimum notice, whichever is later', () => {
    const issued = { noticeDate: '2026-12-01', effectiveDate: '2026-12-15' };
    expect(earliestCompletion(issued, 14)).toBe('2026-12-15');
    expect(earliestCompletion({ ...issued, servedOn: '2026-12-01' }, 14)).toBe('2026-12-15');
    expect(earliestCompletion({ ...issued, servedOn: '2026-12-05' }, 14)).toBe('2026-12-19');
    expect(earliestCompletion({ ...issued, effectiveDate: '2027-01-31', servedOn: '2026-12-05' }, 14)).toBe('2027-01-31');
  });

  it('refuses today before it, a completion date before it, and a completion date after today', () => {
    expect(checkCompletion('2026-12-15', '2026-12-15', '2026-12-14')).toMatchObject({ ok: false, problem: 'too-early' });
    expect(checkCompletion('2026-12-15', '2026-12-14', '2026-12-20')).toMatchObject({ ok: false, problem: 'before-earliest' });
    expect(checkCompletion('2026-12-15', '2026-12-21', '2026-12-20')).toMatchObject({ ok: false, problem: 'in-future' });
    expect(checkCompletion('2026-12-15', '2026-12-15', '2026-12-15')).toEqual({ ok: true });
  });
});

describe('a termination in a pack the code was not written for', () => {
  it('issuing the notice records its dates on the case and stops reviews: the date goes and the schedule is removed', async () => {
    const store = new MemoryCase(activeCase());
    expect((await submit(store, 'termination', notice, '2026-12-01')).outcome).toBe('created');
    const { after, jobs, noticeDate } = store.commits[0]!;
    expect(after).toMatchObject({ state: 'termination-pending', termination: { noticeDate: '2026-12-01', effectiveDate: '2026-12-15' } });
    expect(noticeDate).toBe('2026-12-01');
    expect(after.reviewDueAt).toBeUndefined();
    expect(after.reviewSubmissionId).toBeUndefined();
    expect(jobs.filter((job) => job.documentType === SCHEDULE_REVIEW_JOB)).toEqual([
      { documentType: SCHEDULE_REVIEW_JOB, agencyId: 'harbor', caseId, submissionId: store.commits[0]!.receipt.id },
    ]);
  });

  it('completion is refused before the effective date even with delivery confirmed, and accepted on it', async () => {
    const store = new MemoryCase(activeCase());
    await submit(store, 'termination', notice, '2026-12-01');
    store.deliveries = [{ status: 'delivered', deliveredAt: '2026-12-01T20:00:05.000Z' }];

    const early = await submit(store, 'termination-complete', { endedOn: '2026-12-10' }, '2026-12-10');
    expect(early).toMatchObject({ outcome: 'completion-too-early', pointer: '/endedOn', problem: 'too-early', earliest: '2026-12-15', today: '2026-12-10' });
    const backdated = await submit(store, 'termination-complete', { endedOn: '2026-12-14' }, '2026-12-16');
    expect(backdated).toMatchObject({ outcome: 'completion-too-early', problem: 'before-earliest', earliest: '2026-12-15' });
    const future = await submit(store, 'termination-complete', { endedOn: '2026-12-20' }, '2026-12-16');
    expect(future).toMatchObject({ outcome: 'completion-too-early', problem: 'in-future' });
    expect(store.current.state).toBe('termination-pending');

    const done = await submit(store, 'termination-complete', { endedOn: '2026-12-15' }, '2026-12-15');
    expect(done).toMatchObject({ outcome: 'created', receipt: { state: 'terminated' } });
    expect(store.current.termination).toMatchObject({ servedOn: '2026-12-01', servedBy: 'email' });
  });

  it('counts the agency\'s today in its own time zone: 05:00 UTC on the 15th is still the 14th in Portland', async () => {
    const store = new MemoryCase(activeCase());
    await submit(store, 'termination', notice, '2026-12-01');
    store.deliveries = [{ status: 'delivered', deliveredAt: '2026-12-01T20:00:05.000Z' }];
    const outcome = await acceptStaffSubmission(store, { enqueue: async () => undefined }, {
      form: catalog.form('harbor', 'termination-complete')!, agencyForms: catalog.pack('harbor')!.forms.values(), caseId, staff,
      rawBody: Buffer.from('{}'), body: { endedOn: '2026-12-15' }, idempotencyKey: undefined, expectedVersion: undefined,
      now: new Date('2026-12-15T05:00:00Z'), requestId: 'r-tz', language: ENGLISH, agency: harbor,
    }, () => undefined);
    expect(outcome).toMatchObject({ outcome: 'completion-too-early', today: '2026-12-14' });
  });

  it('a bounced email then a letter served later moves the earliest day, clears the banner, and a later channel does not move it again', async () => {
    const store = new MemoryCase(activeCase());
    await submit(store, 'termination', notice, '2026-12-01');
    store.current = { ...store.current, noticeUndelivered: 'sub-termination-notice' };
    store.deliveries = [{ status: 'bounced' }];

    const unserved = await submit(store, 'termination-complete', { endedOn: '2026-12-16' }, '2026-12-16');
    expect(unserved).toMatchObject({ outcome: 'notice-not-delivered', pointer: '/servedOtherwise', statuses: ['bounced'] });

    expect((await submit(store, 'notice-served', { servedOn: '2026-12-05', channel: 'letter' }, '2026-12-05')).outcome).toBe('created');
    expect(store.current.noticeUndelivered).toBeUndefined();
    expect(store.current.termination).toMatchObject({ servedOn: '2026-12-05', servedBy: 'letter' });
    expect(earliestCompletion(store.current.termination!, harbor.minimumTerminationNoticeDays)).toBe('2026-12-19');

    const onTheOldDate = await submit(store, 'termination-complete', { endedOn: '2026-12-15' }, '2026-12-15');
    expect(onTheOldDate).toMatchObject({ outcome: 'completion-too-early', problem: 'too-early', earliest: '2026-12-19' });
    // Handing it over again later does not restart the period: the client already had it.
    await submit(store, 'notice-served', { servedOn: '2026-12-08', channel: 'in-person' }, '2026-12-08');
    expect(store.current.termination).toMatchObject({ servedOn: '2026-12-05', servedBy: 'letter' });
    const done = await submit(store, 'termination-complete', { endedOn: '2026-12-19' }, '2026-12-19');
    expect(done.outcome).toBe('created');
  });

  it('a service date answered on the completion form counts too, and may be neither before the notice nor in the future', async () => {
    const store = new MemoryCase(activeCase());
    await submit(store, 'termination', notice, '2026-12-01');
    const before = await submit(store, 'termination-complete', { endedOn: '2026-12-20', servedOtherwise: { channel: 'in-person', servedOn: '2026-11-30' } }, '2026-12-20');
    expect(before).toMatchObject({ outcome: 'service-date-invalid', pointer: '/servedOtherwise/servedOn', problem: 'served-before-notice' });
    const future = await submit(store, 'termination-complete', { endedOn: '2026-12-20', servedOtherwise: { channel: 'in-person', servedOn: '2026-12-21' } }, '2026-12-20');
    expect(future).toMatchObject({ outcome: 'service-date-invalid', problem: 'served-in-future' });
    const late = await submit(store, 'termination-complete', { endedOn: '2026-12-20', servedOtherwise: { channel: 'in-person', servedOn: '2026-12-07' } }, '2026-12-20');
    expect(late).toMatchObject({ outcome: 'completion-too-early', earliest: '2026-12-21' });
  });

  it('recording service is offered only while a termination is pending', async () => {
    const store = new MemoryCase(activeCase());
    const outcome = await submit(store, 'notice-served', { servedOn: '2026-12-05', channel: 'letter' }, '2026-12-05');
    expect(outcome).toMatchObject({ outcome: 'illegal-move', state: 'active' });
    if (outcome.outcome === 'illegal-move') expect(outcome.allowed.map((move) => move.formId)).not.toContain('notice-served');
  });
});

describe('the refusal in the staff member\'s language, naming the earliest day', () => {
  const refusal = { outcome: 'completion-too-early', pointer: '/endedOn', problem: 'too-early', earliest: '2026-12-19', today: '2026-12-15' } as const;
  const titles: Record<string, string> = { en: 'Ended on', fr: 'Terminé le', es: 'Terminó el', ar: 'انتهى في' };
  it.each([
    ['en', 'December 19, 2026', /earliest/],
    ['fr', '19 décembre 2026', /au plus tôt/],
    ['es', '19 de diciembre de 2026', /como muy pronto/],
    ['ar', 'ديسمبر', /أقرب/],
  ])('%s', (locale, day, phrase) => {
    const body = terminationProblem(refusal, 14, () => titles[locale]!).body(locale);
    expect(body).toMatchObject({ status: 409, type: 'urn:caseforms:problem:termination-too-early', earliestCompletion: '2026-12-19', today: '2026-12-15' });
    expect(body.detail).toContain(day);
    expect(body.detail).toMatch(phrase);
    expect(body.errors).toEqual([{ pointer: '/endedOn', message: expect.stringContaining(day) }]);
    expect(body.errors[0]!.message.startsWith(titles[locale]!)).toBe(true);
    if (locale !== 'en') expect(body.title).not.toBe('Too early to end services');
  });
});

describe('risk flags from a staff-recorded instrument', () => {
  it('are the case\'s flags, each with its own audit record, and alert the supervisor', async () => {
    const store = new MemoryCase({ ...activeCase(), riskFlags: ['earlier-flag'] });
    const outcome = await submit(store, 'housing-stability', { rentLate: 1, utilitiesOff: 0, overcrowded: 2, fearOfLosingHome: 3 }, '2026-12-02');
    expect(outcome.outcome).toBe('created');
    const commit = store.commits[0]!;
    expect(commit.after.riskFlags).toEqual(['earlier-flag', 'imminent-homelessness']);
    expect(commit.assessment.flags.map((flag) => flag.id)).toEqual(['imminent-homelessness']);
    expect(commit.flagAudits).toEqual([expect.objectContaining({ action: 'raise-risk-flag', target: `imminent-homelessness/${commit.receipt.id}`, actor: 'lea' })]);
    expect(commit.jobs.map((job) => job.documentType)).toContain('risk-alert');
  });

  it('a calm answer raises nothing and keeps the flags the case has', async () => {
    const store = new MemoryCase({ ...activeCase(), riskFlags: ['earlier-flag'] });
    await submit(store, 'housing-stability', { rentLate: 0, utilitiesOff: 0, overcrowded: 0, fearOfLosingHome: 1 }, '2026-12-02');
    expect(store.commits[0]!.after.riskFlags).toEqual(['earlier-flag']);
    expect(store.commits[0]!.flagAudits).toEqual([]);
  });
});

describe('an agency that lets the service complete terminations (harbor: autoCompleteTermination)', () => {
  const issued = async (deliveries: NoticeDelivery[]) => {
    const store = new MemoryCase(activeCase());
    await submit(store, 'termination', notice, '2026-12-01');
    store.deliveries = deliveries;
    return store;
  };
  const job = (store: MemoryCase) => ({ documentType: COMPLETE_TERMINATION_JOB, agencyId: 'harbor', caseId, submissionId: store.current.termination!.submissionId });
  const forms = () => catalog.pack('harbor')!.forms.values();

  it('issuing the notice queues a schedule job; the case\'s one schedule becomes the completion, at 09:00 on the earliest day', async () => {
    const store = await issued([]);
    expect(store.commits[0]!.jobs.map((j) => j.documentType)).toContain(SCHEDULE_REVIEW_JOB);
    const action = reviewScheduleAction(store.current, store.commits[0]!.jobs[0]!, harbor.timeZone, new Date('2026-12-01T21:00:00Z'), { minimumDays: 14 });
    expect(action).toEqual({ action: 'schedule', at: '2026-12-15T09:00:00', reminder: { ...job(store), reviewDueAt: '2026-12-15' } });
    // Without the setting the schedule is simply removed: reviews stopped, and staff complete the termination.
    expect(reviewScheduleAction(store.current, store.commits[0]!.jobs[0]!, harbor.timeZone, new Date('2026-12-01T21:00:00Z'))).toEqual({ action: 'remove' });
  });

  it('a notice served late moves the schedule with the earliest day', async () => {
    const store = await issued([{ status: 'bounced' }]);
    await submit(store, 'notice-served', { servedOn: '2026-12-06', channel: 'letter' }, '2026-12-06');
    expect(store.commits[1]!.jobs.map((j) => j.documentType)).toEqual([SCHEDULE_REVIEW_JOB]);
    const action = reviewScheduleAction(store.current, store.commits[1]!.jobs[0]!, harbor.timeZone, new Date('2026-12-06T21:00:00Z'), { minimumDays: 14 });
    expect(action).toMatchObject({ action: 'schedule', at: '2026-12-20T09:00:00' });
  });

  it('completes on the earliest day as a recorded move by the service, once the notice is known to have reached the client', async () => {
    const store = await issued([{ status: 'delivered', deliveredAt: '2026-12-01T20:01:00.000Z' }]);
    const result = await completeTermination(store, { enqueue: async () => undefined }, harbor, forms(), job(store), new Date('2026-12-15T17:00:00Z'));
    expect(result).toEqual({ outcome: 'completed' });
    const completion = store.commits.at(-1)!;
    expect(completion.after.state).toBe('terminated');
    expect(completion.form.formId).toBe('termination-complete');
    expect(completion.audit).toMatchObject({ actor: AUTO_TERMINATION_ACTOR, action: 'submit-form' });
    expect(completion.after.termination).toMatchObject({ servedOn: '2026-12-01', servedBy: 'email' });
  });

  it('never earlier than a person could: fired before the day it says so; without proof of service it leaves the case to staff', async () => {
    const late = await issued([{ status: 'delivered', deliveredAt: '2026-12-04T20:00:00.000Z' }]);
    expect(await completeTermination(late, { enqueue: async () => undefined }, harbor, forms(), job(late), new Date('2026-12-15T17:00:00Z')))
      .toEqual({ outcome: 'too-early', earliest: '2026-12-18' });
    expect(late.current.state).toBe('termination-pending');
    const unserved = await issued([{ status: 'bounced' }]);
    expect(await completeTermination(unserved, { enqueue: async () => undefined }, harbor, forms(), job(unserved), new Date('2026-12-15T17:00:00Z')))
      .toEqual({ outcome: 'left-to-staff', reason: 'notice-not-delivered' });
    expect(unserved.current.state).toBe('termination-pending');
  });

  it('without the setting, a notice on a case with no review date queues no schedule job: there is nothing to schedule', async () => {
    const store = new MemoryCase({ ...activeCase(), reviewDueAt: undefined, reviewSubmissionId: undefined });
    await acceptStaffSubmission(store, { enqueue: async () => undefined }, {
      form: catalog.form('harbor', 'termination')!, agencyForms: catalog.pack('harbor')!.forms.values(), caseId, staff,
      rawBody: Buffer.from(JSON.stringify(notice)), body: notice, idempotencyKey: undefined, expectedVersion: undefined,
      now: new Date('2026-12-01T20:00:00Z'), requestId: 'r-manual', language: ENGLISH, agency: { ...harbor, autoCompleteTermination: false },
    }, () => undefined);
    expect(store.commits[0]!.jobs.map((j) => j.documentType)).toEqual(['termination-notice']);
  });

  it('does nothing for an agency that did not choose it', async () => {
    const store = await issued([{ status: 'delivered', deliveredAt: '2026-12-01T20:01:00.000Z' }]);
    const result = await completeTermination(store, { enqueue: async () => undefined }, { ...harbor, autoCompleteTermination: false }, forms(), job(store), new Date('2026-12-15T17:00:00Z'));
    expect(result).toEqual({ outcome: 'not-enabled' });
    expect(store.current.state).toBe('termination-pending');
  });
});
