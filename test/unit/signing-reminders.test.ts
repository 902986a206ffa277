import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import type { ReviewPorts, ReviewSchedule } from '../../functions/domain/cases/review-reminders.ts';
import { planDeliveries, SIGNING_REMINDER } from '../../functions/domain/delivery/routing.ts';
import { signatureRequestDeliveryId, signedDocumentOf } from '../../functions/domain/delivery/signature-request.ts';
import { SIGNING_REMINDER_JOB } from '../../functions/domain/delivery/signing-reminder.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { wireJob, type Job } from '../../functions/domain/jobs/job.ts';
import type { JobContext, SigningPorts } from '../../functions/domain/jobs/job-ports.ts';
import { parseJob } from '../../functions/domain/jobs/parse-job.ts';
import { PermanentJobError } from '../../functions/domain/jobs/permanent-job-error.ts';
import { signaturePlanFor, type SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import {
  SCHEDULE_SIGNING_REMINDER_JOB, signingReminderDue, signingReminderScheduleAction, signingReminderScheduleName,
} from '../../functions/domain/signatures/signing-reminders.ts';
import type { SigningChange } from '../../functions/domain/signatures/signing-store.ts';
import { requestLinkAgain, sign, startSigning, supersede, type SigningRecord, type SigningResult } from '../../functions/domain/signatures/signing.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';
import { runWireJob } from '../support/run-wire-job.ts';

// What is still unsigned reminderDays after a document opened: the schedule's rules (schedule, send now, remove), what
// the reminder does to a record (close optional steps, remind while a required signer is pending), the reminder mail
// in every language with nothing about the client, and the count of new links that names each request's delivery.
// The demo's care plan and termination notice, and a second agency's agreement declared here (an optional intake
// worker, then a supervisor and the client), 3 days, in Los Angeles.
const catalog = loadCatalog(formsDirWithHarbor());
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const caseId = '7c4e1a2b-0000-4000-8000-0000000000dd';
const reference = caseId.slice(0, 8);
const ids = { agencyId: 'demo', caseId };
const second: { signatures: SignaturesDeclaration } = {
  signatures: {
    reminderDays: 3,
    documents: { 'tenancy-agreement': { signers: [{ role: 'intake-worker', intent: 'acknowledge', optional: true }, { role: 'supervisor', intent: 'agree' }, { role: 'client', intent: 'agree' }] } },
  },
};

// Opened at 22:30 in Chicago on 4 January (04:30 UTC on the 5th): the days count from the agency's day, the 4th.
const openedAt = '2027-01-05T04:30:00.000Z';
const opened = (agency: { signatures?: SignaturesDeclaration }, documentType: string, documentId = `doc-${documentType}`): SigningRecord =>
  startSigning(signaturePlanFor(agency, documentType)!, { documentId, documentSha256: 'd'.repeat(64), createdAt: openedAt });
const demo = catalog.agency('demo')!;

const ok = (result: SigningResult): SigningRecord => {
  if (result.refusal) throw new Error(result.refusal);
  return result.record;
};
const typed = (signerRole: string, signerName: string) => ({
  signerRole, signerName, method: 'typed' as const, intentText: 'I agree.', locale: 'en', signedAt: '2027-01-06T10:00:00Z',
  identifiedBy: 'staff-session: s-1', sourceAddress: '198.51.100.4', userAgent: 'test', documentSha256: 'd'.repeat(64),
});

describe('a signing reminder, in the domain', () => {
  const carePlan = opened(demo, 'care-plan');
  const reminder: DocumentJob = { documentType: SIGNING_REMINDER_JOB, agencyId: 'demo', caseId, submissionId: carePlan.documentId };

  it('schedules reminderDays after the agency\'s day of opening, at the reminders\' hour there; sends at once once that hour passed', () => {
    // The demo's 5 days from 4 January in Chicago: 9 January, 09:00 there (15:00 UTC).
    expect(signingReminderScheduleAction(carePlan, ids, 5, 'America/Chicago', new Date('2027-01-05T12:00:00Z')))
      .toEqual({ action: 'schedule', at: '2027-01-09T09:00:00', reminder });
    expect(signingReminderScheduleAction(carePlan, ids, 5, 'America/Chicago', new Date('2027-01-09T14:59:59Z'))).toMatchObject({ action: 'schedule' });
    expect(signingReminderScheduleAction(carePlan, ids, 5, 'America/Chicago', new Date('2027-01-09T15:00:00Z'))).toEqual({ action: 'send-now', reminder });
    // The same instant in UTC is already the 5th: counted from there.
    expect(signingReminderScheduleAction(carePlan, ids, 3, 'UTC', new Date('2027-01-05T12:00:00Z'))).toMatchObject({ action: 'schedule', at: '2027-01-08T09:00:00' });
  });

  it('removes the schedule of a record no longer awaiting signatures, and of one gone with its case', () => {
    const now = new Date('2027-01-06T12:00:00Z');
    expect(signingReminderScheduleAction(ok(supersede(carePlan, 'doc-2')), ids, 5, 'America/Chicago', now)).toEqual({ action: 'remove' });
    expect(signingReminderScheduleAction({ ...carePlan, state: 'sealed' }, ids, 5, 'America/Chicago', now)).toEqual({ action: 'remove' });
    expect(signingReminderScheduleAction(undefined, ids, 5, 'America/Chicago', now)).toEqual({ action: 'remove' });
  });

  it('names one schedule per document within Scheduler\'s limits, showing no id', () => {
    const name = signingReminderScheduleName('a-very-long-agency-identifier-for-a-county', caseId, 'x'.repeat(80));
    expect(name).toMatch(/^signing-[0-9a-f]{40}$/);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(signingReminderScheduleName('demo', caseId, 'doc-1')).not.toBe(signingReminderScheduleName('demo', caseId, 'doc-2'));
  });

  it('closes a notice\'s optional acknowledgement as not signed, with nobody to remind', () => {
    const due = signingReminderDue(opened(demo, 'termination-notice'));
    expect(due.remind).toBe(false);
    expect(due.closed?.steps).toEqual([expect.objectContaining({ role: 'client', optional: true, status: 'not-signed' })]);
  });

  it('reminds while a required signer is pending, closing the optional steps still open', () => {
    expect(signingReminderDue(carePlan)).toEqual({ remind: true });
    const clientSigned = ok(sign(carePlan, 'client', typed('client', 'Ana Ruiz')));
    // The case manager has not signed after the client: still a reminder.
    expect(signingReminderDue(clientSigned)).toEqual({ remind: true });
    const agreement = signingReminderDue(opened(second, 'tenancy-agreement'));
    expect(agreement.remind).toBe(true);
    expect(agreement.closed?.steps.map((step) => step.status)).toEqual(['not-signed', 'pending', 'pending']);
  });

  it('does nothing to a record signed, sealed, superseded or gone', () => {
    const signed = ok(sign(ok(sign(carePlan, 'client', typed('client', 'Ana Ruiz'))), 'case-manager', typed('case-manager', 'Lee Park')));
    expect(signingReminderDue(signed)).toEqual({ remind: false });
    expect(signingReminderDue({ ...signed, state: 'sealed' })).toEqual({ remind: false });
    expect(signingReminderDue(ok(supersede(carePlan, 'doc-2')))).toEqual({ remind: false });
    expect(signingReminderDue(undefined)).toEqual({ remind: false });
  });

  it('both jobs read back from the wire as they were written', () => {
    for (const documentType of [SCHEDULE_SIGNING_REMINDER_JOB, SIGNING_REMINDER_JOB]) {
      const wire: DocumentJob = { documentType, agencyId: 'demo', caseId, submissionId: 'doc-care-plan' };
      const parsed = parseJob(wire) as Job;
      expect(parsed.kind).toBe(documentType);
      expect(wireJob(parsed)).toEqual(wire);
    }
  });

  it.each(['demo', 'harbor'])('%s routes it to the case manager only: a client or provider route is withheld as staff-only', (agencyId) => {
    const agency = catalog.agency(agencyId)!;
    expect(planDeliveries(agency, SIGNING_REMINDER, { client: undefined, caseManagerEmail: 'lee@x.example', consentedProviders: [] }))
      .toEqual([expect.objectContaining({ recipient: 'case-manager', status: 'send', address: 'lee@x.example' })]);
    const wider = { ...agency, delivery: { routes: { [SIGNING_REMINDER]: [{ to: 'case-manager' as const }, { to: 'client' as const }] } } };
    const client = { email: 'c@x.example', emailIsSafe: true, language: undefined, addressVerified: true };
    expect(planDeliveries(wider, SIGNING_REMINDER, { client, caseManagerEmail: 'lee@x.example', consentedProviders: [] })[1]).toMatchObject({ status: 'withheld', reason: 'staff-only' });
  });
});

describe('a new signing link', () => {
  const carePlan = opened(demo, 'care-plan');

  it('counts each one on the record while it is the client\'s turn, and is refused otherwise', () => {
    const once = ok(requestLinkAgain(carePlan, '2027-01-10T16:00:00.000Z'));
    expect(once).toMatchObject({ linkResends: 1, linkResentAt: '2027-01-10T16:00:00.000Z' });
    expect(ok(requestLinkAgain(once, '2027-01-11T16:00:00.000Z'))).toMatchObject({ linkResends: 2 });
    const clientSigned = ok(sign(carePlan, 'client', typed('client', 'Ana Ruiz')));
    expect(requestLinkAgain(clientSigned, '2027-01-10T16:00:00.000Z')).toEqual({ refusal: 'already-done' });
    expect(requestLinkAgain(ok(supersede(carePlan, 'doc-2')), '2027-01-10T16:00:00.000Z')).toEqual({ refusal: 'superseded' });
    // The agreement's client signs after the supervisor.
    expect(requestLinkAgain(opened(second, 'tenancy-agreement'), '2027-01-10T16:00:00.000Z')).toEqual({ refusal: 'out-of-order' });
  });

  it('is a delivery of its own per new link, whose document a held request still names', () => {
    expect(signatureRequestDeliveryId('doc-1')).toBe('doc-1-signature-request');
    expect(signatureRequestDeliveryId('doc-1', 2)).toBe('doc-1-signature-request-2');
    expect(signedDocumentOf('doc-1-signature-request')).toBe('doc-1');
    expect(signedDocumentOf('doc-1-signature-request-2')).toBe('doc-1');
    expect(signedDocumentOf('doc-1-signed')).toBeUndefined();
    expect(signedDocumentOf('doc-1-signature-request-x')).toBeUndefined();
  });
});

describe('the worker\'s signing reminder jobs', () => {
  const reminder = (documentId: string): DocumentJob => ({ documentType: SIGNING_REMINDER_JOB, agencyId: 'demo', caseId, submissionId: documentId });

  function ports(record: SigningRecord | undefined) {
    const saved: SigningChange[] = [];
    const queued: DocumentJob[] = [];
    const schedules: Array<{ upsert: ReviewSchedule } | { remove: string }> = [];
    const signing = {
      store: {
        findSigning: async () => (record ? { record, version: 4 } : undefined),
        saveSigning: async (_agency: string, _case: string, change: SigningChange) => { saved.push(change); return 'saved' as const; },
      },
      queue: { enqueue: async (job: DocumentJob) => { queued.push(job); } },
    } as unknown as SigningPorts;
    const reviews: ReviewPorts = {
      scheduler: { upsert: async (schedule) => { schedules.push({ upsert: schedule }); }, remove: async (name) => { schedules.push({ remove: name }); } },
      queue: { enqueue: async (job) => { queued.push(job); } },
      staffSubmissions: undefined as never,
      findCase: async () => ({ agencyId: 'demo', caseId, state: 'active', caseManagerEmail: 'lee@demo.example' }) as never,
      findNote: async () => { throw new Error('a signing reminder reads no note'); },
    };
    return { signing, reviews, saved, queued, schedules };
  }

  const context = (jobPorts: MemoryJobPorts, parts: ReturnType<typeof ports>, agency = demo): JobContext => ({
    ports: jobPorts, catalog: { ...catalog, agency: (id: string) => (id === 'demo' ? agency : catalog.agency(id)) } as typeof catalog,
    formVersions: { form: async (agencyId, formId) => catalog.form(agencyId, formId) }, templates,
    renderer: { render: async () => { throw new Error('reminders render nothing'); } },
    now: () => new Date('2027-01-09T15:00:30Z'), publicBaseUrl: 'https://api.example.org', staffPagesUrl: 'https://staff.example.org', leaseMs: 120_000,
    reviews: parts.reviews, signing: parts.signing,
  });

  it('gives an opened record its schedule in the agency\'s time zone, whose message is the reminder, ids only', async () => {
    const record = opened(demo, 'care-plan');
    const parts = ports(record);
    const jobPorts = new MemoryJobPorts({}, undefined);
    const schedule: DocumentJob = { documentType: SCHEDULE_SIGNING_REMINDER_JOB, agencyId: 'demo', caseId, submissionId: record.documentId };
    await runWireJob({ ...context(jobPorts, parts), now: () => new Date('2027-01-05T12:00:00Z') }, schedule);
    expect(parts.schedules).toEqual([{ upsert: { name: signingReminderScheduleName('demo', caseId, record.documentId), at: '2027-01-09T09:00:00', timeZone: 'America/Chicago', reminder: reminder(record.documentId) } }]);
    expect(jobPorts.completed).toEqual([schedule]);
  });

  it.each(['en', 'es', 'fr', 'ar'])('emails the case manager in %s: the agency, the case reference and the signing page; nothing about the client or the document', async (locale) => {
    const record = opened(demo, 'care-plan');
    const parts = ports(record);
    const jobPorts = new MemoryJobPorts({}, undefined);
    expect(await runWireJob(context(jobPorts, parts, { ...demo, defaultLocale: locale }), reminder(record.documentId))).toEqual([{ recipient: 'case-manager', outcome: 'sent' }]);
    expect(parts.saved).toEqual([]);
    const mail = await simpleParser(jobPorts.sent[0]!.raw);
    expect(mail.to).toMatchObject({ value: [{ address: 'lee@demo.example' }] });
    expect(jobPorts.sent[0]!.tags).toMatchObject({ 'caseforms-document': `${record.documentId}-${SIGNING_REMINDER_JOB}`, 'caseforms-recipient': 'case-manager' });
    expect(mail.subject).toContain(reference);
    expect(mail.text).toContain(demo.name);
    expect(mail.text).toContain(`https://staff.example.org/staff/demo/cases/${caseId}/signatures/${record.documentId}`);
    expect(mail.text).not.toMatch(/\{\w+\}/);
    // The words name no document (its id, in the signing page's address, is for staff who sign in).
    expect(`${mail.subject}${mail.text}`.replaceAll(record.documentId, '')).not.toMatch(/care.plan|plan de|خطة/i);
    if (locale === 'en') expect(mail.subject).toBe(`Signatures still missing · case ${reference}`);
    expect(jobPorts.completed).toEqual([reminder(record.documentId)]);
  });

  it('closes a notice\'s acknowledgement as not signed with the seal job and its audit record, and mails nobody', async () => {
    const record = opened(demo, 'termination-notice');
    const parts = ports(record);
    const jobPorts = new MemoryJobPorts({}, undefined);
    expect(await runWireJob(context(jobPorts, parts), reminder(record.documentId))).toEqual([]);
    expect(parts.saved).toEqual([expect.objectContaining({
      version: 4, jobs: ['seal-document'], audit: expect.objectContaining({ action: 'close-unsigned', target: record.documentId, actor: 'document-worker' }),
    })]);
    expect(parts.saved[0]!.record.steps[0]!.status).toBe('not-signed');
    expect(parts.queued).toEqual([{ documentType: 'seal-document', agencyId: 'demo', caseId, submissionId: record.documentId }]);
    expect(jobPorts.sent).toEqual([]);
  });

  it('sends nothing for a record no longer awaiting, and can never run without the signing store', async () => {
    const parts = ports({ ...opened(demo, 'care-plan'), state: 'sealed' });
    const jobPorts = new MemoryJobPorts({}, undefined);
    expect(await runWireJob(context(jobPorts, parts), reminder('doc-care-plan'))).toEqual([]);
    expect(jobPorts.sent).toEqual([]);
    expect(parts.saved).toEqual([]);
    const withoutStore = { ...context(jobPorts, parts), signing: undefined };
    await expect(runWireJob(withoutStore, reminder('doc-care-plan'))).rejects.toBeInstanceOf(PermanentJobError);
  });
});
