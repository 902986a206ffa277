import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { CaseNote } from '../../functions/domain/cases/case-note.ts';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import {
  FOLLOW_UP_REMINDER_JOB, followUpJobFor, followUpScheduleAction, followUpScheduleName, SCHEDULE_FOLLOW_UP_JOB,
} from '../../functions/domain/cases/follow-up-reminders.ts';
import type { ReviewPorts, ReviewSchedule } from '../../functions/domain/cases/review-reminders.ts';
import { NOTE_FOLLOW_UP, planDeliveries } from '../../functions/domain/delivery/routing.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import type { JobContext } from '../../functions/domain/jobs/job-ports.ts';
import { parseJob } from '../../functions/domain/jobs/parse-job.ts';
import { wireJob, type Job } from '../../functions/domain/jobs/job.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';
import { runWireJob } from '../support/run-wire-job.ts';

const catalog = loadCatalog(formsDirWithHarbor());
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const caseId = '5b2e9c1d-0000-4000-8000-0000000000bb';
const reference = caseId.slice(0, 8);

const note = (overrides: Partial<CaseNote> = {}): CaseNote => ({
  noteId: 'note-follow-1', agencyId: 'demo', caseId, contactType: 'phone', contactedAt: '2027-01-10T15:00:00.000Z',
  narrative: 'Talked with Maria Lopez about her rent. SECRET-NARRATIVE', followUpOn: '2027-01-15', followUpOwner: 'ana',
  followUpOwnerEmail: 'ana@demo.example', author: 'ben', authorEmail: 'ben@demo.example', recordedAt: '2027-01-10T15:05:00.000Z', ...overrides,
});

describe('a note\'s follow-up reminder, in the domain', () => {
  it('a note with a follow-up date commits one schedule job named after the note; a note without one commits none', () => {
    expect(followUpJobFor(note())).toEqual({ documentType: SCHEDULE_FOLLOW_UP_JOB, agencyId: 'demo', caseId, submissionId: 'note-follow-1' });
    expect(followUpJobFor(note({ followUpOn: undefined }))).toBeUndefined();
  });

  it('schedules at the review reminders\' hour on the day, on the agency\'s clock; sends at once once that hour passed', () => {
    const reminder = { documentType: FOLLOW_UP_REMINDER_JOB, agencyId: 'demo', caseId, submissionId: 'note-follow-1' };
    // 08:59 in Chicago on the day: not yet; 09:00 there: now.
    expect(followUpScheduleAction(note(), 'America/Chicago', new Date('2027-01-15T14:59:00Z'))).toEqual({ action: 'schedule', at: '2027-01-15T09:00:00', reminder });
    expect(followUpScheduleAction(note(), 'America/Chicago', new Date('2027-01-15T15:00:00Z'))).toEqual({ action: 'send-now', reminder });
  });

  it('removes the schedule of a follow-up marked done, and of a note that is gone', () => {
    const now = new Date('2027-01-11T12:00:00Z');
    expect(followUpScheduleAction(note({ followUpDoneAt: '2027-01-11T10:00:00Z', followUpDoneBy: 'ana' }), 'America/Chicago', now)).toEqual({ action: 'remove' });
    expect(followUpScheduleAction(undefined, 'America/Chicago', now)).toEqual({ action: 'remove' });
  });

  it('names one schedule per note within Scheduler\'s limits, whatever the ids, without showing them', () => {
    const longNoteId = 'n'.repeat(64);
    const name = followUpScheduleName('a-very-long-agency-identifier-for-a-county', caseId, longNoteId);
    expect(name).toMatch(/^follow-up-[0-9a-f]{40}$/);
    expect(name.length).toBeLessThanOrEqual(64);
    // Note ids are unique within their case only: the same id on another case is another schedule.
    expect(followUpScheduleName('demo', caseId, 'note-1')).not.toBe(followUpScheduleName('demo', '5b2e9c1d-0000-4000-8000-0000000000cc', 'note-1'));
    expect(followUpScheduleName('demo', caseId, 'note-1')).toBe(followUpScheduleName('demo', caseId, 'note-1'));
  });

  it('both jobs read back from the wire as they were written', () => {
    for (const documentType of [SCHEDULE_FOLLOW_UP_JOB, FOLLOW_UP_REMINDER_JOB]) {
      const wire: DocumentJob = { documentType, agencyId: 'demo', caseId, submissionId: 'note-follow-1' };
      const parsed = parseJob(wire) as Job;
      expect(parsed.kind).toBe(documentType);
      expect(wireJob(parsed)).toEqual(wire);
    }
  });

  it.each(['demo', 'harbor'])('%s routes it to the follow-up\'s owner only: a client or provider route is withheld as staff-only', (agencyId) => {
    const agency = catalog.agency(agencyId)!;
    expect(planDeliveries(agency, NOTE_FOLLOW_UP, { client: undefined, caseManagerEmail: 'ana@x.example', consentedProviders: [] }))
      .toEqual([expect.objectContaining({ recipient: 'case-manager', status: 'send', address: 'ana@x.example' })]);
    const wider = { ...agency, delivery: { routes: { [NOTE_FOLLOW_UP]: [{ to: 'case-manager' as const }, { to: 'client' as const }] } } };
    const client = { email: 'c@x.example', emailIsSafe: true, language: undefined, addressVerified: true };
    expect(planDeliveries(wider, NOTE_FOLLOW_UP, { client, caseManagerEmail: 'ana@x.example', consentedProviders: [] })[1]).toMatchObject({ status: 'withheld', reason: 'staff-only' });
  });
});

function memoryReviews(current: CaseNote | undefined) {
  const calls: Array<{ upsert: ReviewSchedule } | { remove: string } | { enqueue: DocumentJob }> = [];
  const reviews: ReviewPorts = {
    scheduler: { upsert: async (schedule) => { calls.push({ upsert: schedule }); }, remove: async (name) => { calls.push({ remove: name }); } },
    queue: { enqueue: async (job) => { calls.push({ enqueue: job }); } },
    staffSubmissions: undefined as never,
    findCase: async () => { throw new Error('a follow-up reminder reads the note, not the case'); },
    findNote: async () => current,
  };
  return { reviews, calls };
}

const context = (ports: MemoryJobPorts, reviews: ReviewPorts, now = '2027-01-11T12:00:00Z'): JobContext => ({
  ports, catalog, formVersions: { form: async (agencyId, formId) => catalog.form(agencyId, formId) }, templates,
  renderer: { render: async () => { throw new Error('follow-up jobs render nothing'); } },
  now: () => new Date(now), publicBaseUrl: 'https://api.example.org', staffPagesUrl: 'https://staff.example.org', leaseMs: 120_000, reviews,
});

describe('the worker\'s follow-up jobs', () => {
  const scheduleJob: DocumentJob = { documentType: SCHEDULE_FOLLOW_UP_JOB, agencyId: 'demo', caseId, submissionId: 'note-follow-1' };
  const reminder: DocumentJob = { documentType: FOLLOW_UP_REMINDER_JOB, agencyId: 'demo', caseId, submissionId: 'note-follow-1' };

  it('gives the note its schedule in the agency\'s time zone, whose message is the reminder job, ids only', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews, calls } = memoryReviews(note());
    await runWireJob(context(ports, reviews), scheduleJob);
    expect(calls).toEqual([{ upsert: { name: followUpScheduleName('demo', caseId, 'note-follow-1'), at: '2027-01-15T09:00:00', timeZone: 'America/Chicago', reminder } }]);
    expect(ports.completed).toEqual([scheduleJob]);
  });

  it.each(['en', 'es', 'fr', 'ar'])('emails the owner in %s: the agency, the case reference, the date and the case page; nothing about the client', async (locale) => {
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews } = memoryReviews(note());
    const agency = { ...catalog.agency('demo')!, defaultLocale: locale };
    const localContext = { ...context(ports, reviews), catalog: { ...catalog, agency: (id: string) => (id === 'demo' ? agency : catalog.agency(id)) } as typeof catalog };
    expect(await runWireJob(localContext, reminder)).toEqual([{ recipient: 'case-manager', outcome: 'sent' }]);
    const mail = await simpleParser(ports.sent[0]!.raw);
    expect(mail.to).toMatchObject({ value: [{ address: 'ana@demo.example' }] });
    expect(ports.sent[0]!.tags).toMatchObject({ 'caseforms-document': `note-follow-1-${FOLLOW_UP_REMINDER_JOB}`, 'caseforms-recipient': 'case-manager' });
    expect(mail.subject).toContain(reference);
    expect(mail.text).toContain(agency.name);
    expect(mail.text).toContain(`https://staff.example.org/staff/demo/cases/${caseId}`);
    expect(mail.text).not.toMatch(/\{\w+\}/); // every placeholder filled: the strings exist in this language
    expect(`${mail.subject}${mail.text}${mail.html}`).not.toMatch(/Maria|Lopez|SECRET-NARRATIVE|phone/i);
    if (locale === 'en') {
      expect(mail.subject).toBe(`Follow-up due · case ${reference}`);
      expect(mail.text).toContain(`A follow-up is due on case ${reference} on January 15, 2027`);
    }
    expect(ports.completed).toEqual([reminder]);
  });

  it('sends nothing, and completes, for a follow-up marked done before its day (its schedule is then removed too)', async () => {
    const done = note({ followUpDoneAt: '2027-01-12T10:00:00Z', followUpDoneBy: 'ana' });
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews, calls } = memoryReviews(done);
    expect(await runWireJob(context(ports, reviews), reminder)).toEqual([]);
    expect(ports.sent).toEqual([]);
    expect(ports.completed).toEqual([reminder]);
    await runWireJob(context(ports, reviews), scheduleJob);
    expect(calls).toEqual([{ remove: followUpScheduleName('demo', caseId, 'note-follow-1') }]);
  });

  it('withholds the reminder of a note saved without its owner\'s address, as a review reminder without a case manager', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    const { reviews } = memoryReviews(note({ followUpOwnerEmail: undefined }));
    expect(await runWireJob(context(ports, reviews), reminder)).toEqual([{ recipient: 'case-manager', outcome: 'withheld' }]);
    expect(ports.sent).toEqual([]);
  });
});
