import { simpleParser } from 'mailparser';
import { join } from 'node:path';
import { addressHash } from '../../functions/contracts/table-design.ts';
import { describe, expect, it } from 'vitest';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import { DeliveryRetryError } from '../../functions/domain/delivery/deliver.ts';
import { linkTokenHash } from '../../functions/domain/delivery/secure-link.ts';
import { PermanentJobError } from '../../functions/domain/jobs/permanent-job-error.ts';
import type { CaseSubmission, JobContext } from '../../functions/domain/jobs/job-ports.ts';
import { runWireJob } from '../support/run-wire-job.ts';
import type { HtmlToPdf } from '../../functions/domain/documents/html-to-pdf.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { projectRoot } from '../../local/stack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';
import { demoExample } from '../support/test-stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const formVersions = { form: async (agencyId: string, formId: string) => catalog.form(agencyId, formId) };
const caseId = '4f7c2b1e-0000-4000-8000-000000000001';
const carePlanJob: DocumentJob = { documentType: 'care-plan', agencyId: 'demo', caseId, submissionId: 'plan-1' };
const intake: CaseSubmission = { submissionId: 'intake-1', formId: 'intake', formVersion: 'v', receivedAt: '2026-11-20T10:00:00.000Z', rawKey: 'intake-raw', channel: 'public' };

function client(contact: Record<string, unknown>, language = 'es') {
  const answers = demoExample();
  answers.givenName = 'Zoë';
  answers.familyName = 'Núñez';
  answers.preferredLanguage = language;
  answers.contact = { phone: '+1 555 0142', ...contact };
  return answers;
}

/** The client's address as confirmed (client-address.ts): these tests are about routing, not about verifying it. */
function verified(intakeAnswers: Record<string, unknown>) {
  const email = (intakeAnswers.contact as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? { clientAddress: { verifiedHash: addressHash(email), verifiedAt: '2026-11-20T10:00:00.000Z', verifiedBy: 'in-person' as const } } : {};
}

function carePlanPorts(intakeAnswers: Record<string, unknown>, consentedProviders: string[] = ['northside-clinic']) {
  return new MemoryJobPorts(
    { 'intake-raw': intakeAnswers, 'plan-raw': demoExample('care-plan') },
    { formId: 'care-plan', formVersion: 'v', receivedAt: '2026-11-23T12:00:00.000Z', rawKey: 'plan-raw' },
    { submissions: [intake], caseManagerEmail: 'cm.rivera@demo.caseforms.example', consentedProviders, ...verified(intakeAnswers) },
  );
}

let renders = 0;
const renderer: HtmlToPdf = { render: async (html) => { renders += 1; return Buffer.from(`%PDF-fake ${html.length}`); } };
const context = (ports: MemoryJobPorts, at = '2026-11-23T12:00:01Z'): JobContext => ({
  ports, catalog, formVersions, templates, renderer, now: () => new Date(at), publicBaseUrl: 'https://api.example.org/', leaseMs: 120_000,
});
const safeClient = client({ email: 'zoe@example.org', emailIsSafe: true });

async function parsed(ports: MemoryJobPorts) {
  return Promise.all(ports.sent.map(async (sent) => ({ ...sent, mail: await simpleParser(sent.raw) })));
}

describe('routing a care plan to its stakeholders', () => {
  it('sends each routed recipient one message, in their language, by link or attachment as routed', async () => {
    const ports = carePlanPorts(safeClient);
    await runWireJob(context(ports), carePlanJob);
    const mails = await parsed(ports);
    const byRecipient = Object.fromEntries(mails.map((m) => [m.tags['caseforms-recipient']!, m.mail] as const));
    expect(Object.keys(byRecipient).sort()).toEqual(['case-manager', 'client', 'provider-northside-clinic', 'supervisor']);

    const toClient = byRecipient.client!;
    expect(toClient.to).toMatchObject({ value: [{ address: 'zoe@example.org' }] });
    expect(toClient.subject).toBe('Una carta de Riverside Community Care (demo)');
    expect(toClient.attachments.map((a) => a.filename)).toEqual([`care-plan-${caseId.slice(0, 8)}.pdf`]);
    expect(toClient.text).toContain('Léala con atención');
    expect(toClient.html).toContain('lang="es"');

    for (const recipient of ['case-manager', 'supervisor', 'provider-northside-clinic']) {
      const mail = byRecipient[recipient]!;
      expect(mail.attachments, recipient).toHaveLength(0);
      expect(mail.text, recipient).toMatch(/https:\/\/api\.example\.org\/agencies\/demo\/links\/[A-Za-z0-9_-]{43}\n/);
      expect(mail.html, recipient).toMatch(/<a href="https:\/\/api\.example\.org\/agencies\/demo\/links\/[A-Za-z0-9_-]{43}"[ >]/);
    }
    expect(byRecipient['case-manager']!.subject).toBe(`Care plan · case ${caseId.slice(0, 8)}`);
    expect(byRecipient['provider-northside-clinic']!.text).toContain('Hello Northside Family Clinic,');

    for (const { mail } of mails) {
      expect(mail.from?.value[0]).toEqual({ name: 'Riverside Community Care', address: 'no-reply@demo.caseforms.example' });
      expect(mail.replyTo?.value[0]?.address).toBe('cm.rivera@demo.caseforms.example');
      expect(`${mail.subject} ${mail.text} ${mail.attachments.map((a) => a.filename)}`).not.toMatch(/Zoë|Núñez|zoe@/);
      expect(mail.html).toBeTruthy();
    }
  });

  it('stores only the hash of each link token, valid for the agency’s link lifetime (the demo sets none: 24 hours)', async () => {
    const ports = carePlanPorts(safeClient);
    await runWireJob(context(ports), carePlanJob);
    const tokens = (await parsed(ports)).flatMap(({ mail }) => [...(mail.text ?? '').matchAll(/links\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]!));
    expect(tokens).toHaveLength(3);
    expect(ports.links.map((link) => link.tokenHash).sort()).toEqual(tokens.map(linkTokenHash).sort());
    expect(JSON.stringify(ports.links)).not.toContain(tokens[0]);
    expect(ports.links[0]).toMatchObject({ documentId: 'plan-1-care-plan', validUntil: '2026-11-24T12:00:01.000Z' });
  });

  it('withholds what it may not send, with the reason, instead of dropping it', async () => {
    const ports = carePlanPorts(client({ email: 'zoe@example.org', emailIsSafe: false }), []);
    await runWireJob(context(ports), carePlanJob);
    expect(ports.sent.map((s) => s.tags['caseforms-recipient']).sort()).toEqual(['case-manager', 'supervisor']);
    expect(ports.deliveries.get('plan-1-care-plan#client')).toMatchObject({ status: 'withheld', reason: 'email-not-safe' });
    expect(ports.deliveries.get('plan-1-care-plan#provider-northside-clinic')).toMatchObject({ status: 'withheld', reason: 'no-consent' });
    expect(ports.deliveries.get('plan-1-care-plan#provider-eastside-housing')).toMatchObject({ status: 'withheld', reason: 'no-consent' });
    expect(ports.completed).toEqual([carePlanJob]);
  });

  it('does not email a client who gave no address, and respects the suppression list', async () => {
    const noEmail = carePlanPorts(client({}));
    await runWireJob(context(noEmail), carePlanJob);
    expect(noEmail.deliveries.get('plan-1-care-plan#client')).toMatchObject({ status: 'withheld', reason: 'no-email-address' });

    const suppressed = carePlanPorts(safeClient);
    suppressed.suppressed.add('zoe@example.org');
    await runWireJob(context(suppressed), carePlanJob);
    expect(suppressed.sent.map((s) => s.to[0])).not.toContain('zoe@example.org');
    expect(suppressed.deliveries.get('plan-1-care-plan#client')).toMatchObject({ status: 'withheld', reason: 'suppressed' });
  });
});

describe('reading the answers', () => {
  it('reads an intake\'s raw body once, though its summary needs it both as the client\'s and as the document\'s answers', async () => {
    const reads: string[] = [];
    const ports = new (class extends MemoryJobPorts {
      override async readBlob(key: string) { reads.push(key); return super.readBlob(key); }
    })({ 'intake-raw': safeClient }, intake, { submissions: [intake], caseManagerEmail: 'cm.rivera@demo.caseforms.example' });
    await runWireJob(context(ports), { documentType: 'intake-summary', agencyId: 'demo', caseId, submissionId: intake.submissionId });
    expect(reads).toEqual(['intake-raw']);
    expect(ports.documents.map((document) => document.documentType)).toEqual(['intake-summary']);
  });
});

describe('exactly once', () => {
  it('sends nothing again for a duplicated job', async () => {
    const ports = carePlanPorts(safeClient);
    await runWireJob(context(ports), carePlanJob);
    await runWireJob(context(ports), carePlanJob);
    expect(ports.sent).toHaveLength(4);
    expect(ports.completed).toHaveLength(2);
  });

  it('sends one message per recipient when the same job runs twice concurrently', async () => {
    const ports = carePlanPorts(safeClient);
    const runs = await Promise.allSettled([runWireJob(context(ports), carePlanJob), runWireJob(context(ports), carePlanJob)]);
    expect(ports.sent).toHaveLength(4);
    expect(new Set(ports.sent.map((s) => s.tags['caseforms-recipient'])).size).toBe(4);
    // A run that found a delivery leased to the other fails, to be retried; the retry sends nothing more.
    for (const run of runs) if (run.status === 'rejected') expect(run.reason).toBeInstanceOf(DeliveryRetryError);
    await runWireJob(context(ports), carePlanJob);
    expect(ports.sent).toHaveLength(4);
    expect(ports.completed.length).toBeGreaterThanOrEqual(1);
  });

  it('a worker killed between claim and send: its lease expires and exactly one message goes out after recovery', async () => {
    const ports = carePlanPorts(safeClient);
    const send = ports.sendRaw.bind(ports);
    let dies = true;
    let died!: () => void;
    const dead = new Promise<void>((resolve) => { died = resolve; });
    ports.sendRaw = (...args) => {
      if (!dies) return send(...args);
      died();
      return new Promise<string>(() => undefined);
    };
    void runWireJob(context(ports, '2026-11-23T12:00:00Z'), carePlanJob); // never finishes: the worker "died" after its first claim
    // Waits for the send itself, not a fixed time: the first run may yield between its claim and its send.
    await dead;
    expect(ports.deliveries.get('plan-1-care-plan#case-manager')).toMatchObject({ status: 'claimed' });
    dies = false;

    await expect(runWireJob(context(ports, '2026-11-23T12:01:00Z'), carePlanJob)).rejects.toBeInstanceOf(DeliveryRetryError);
    expect(ports.sent.map((s) => s.tags['caseforms-recipient'])).not.toContain('case-manager');
    await runWireJob(context(ports, '2026-11-23T12:02:01Z'), carePlanJob);
    const recipients = ports.sent.map((s) => s.tags['caseforms-recipient']);
    expect(recipients.filter((r) => r === 'case-manager')).toHaveLength(1);
    expect(recipients.sort()).toEqual(['case-manager', 'client', 'provider-northside-clinic', 'supervisor']);
  });
});

describe('send failures', () => {
  const sesError = (name: string) => Object.assign(new Error('ses said no'), { name });

  it('retries a throttled recipient later and sends the others now', async () => {
    const ports = carePlanPorts(safeClient);
    ports.failSend = (to) => (to.includes('supervisors@demo.caseforms.example') ? sesError('TooManyRequestsException') : undefined);
    const failure = await runWireJob(context(ports), carePlanJob).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryRetryError);
    expect((failure as DeliveryRetryError).failures).toEqual([{ recipient: 'supervisor', reason: 'TooManyRequestsException' }]);
    expect(ports.deliveries.get('plan-1-care-plan#supervisor')).toMatchObject({ status: 'retry', reason: 'TooManyRequestsException' });
    expect(ports.completed).toHaveLength(0);

    ports.failSend = undefined;
    await runWireJob(context(ports), carePlanJob);
    expect(ports.sent.map((s) => s.tags['caseforms-recipient']).sort()).toEqual(['case-manager', 'client', 'provider-northside-clinic', 'supervisor']);
    expect(ports.completed).toEqual([carePlanJob]);
  });

  it('records a permanent refusal as failed on the case and does not retry it', async () => {
    const ports = carePlanPorts(safeClient);
    ports.failSend = (to) => (to.includes('zoe@example.org') ? sesError('MessageRejected') : undefined);
    await runWireJob(context(ports), carePlanJob);
    expect(ports.deliveries.get('plan-1-care-plan#client')).toMatchObject({ status: 'failed', reason: 'MessageRejected' });
    expect(ports.completed).toEqual([carePlanJob]);
  });

  it('fails permanently when its submission does not exist', async () => {
    const ports = new MemoryJobPorts({}, undefined);
    await expect(runWireJob(context(ports), carePlanJob)).rejects.toBeInstanceOf(PermanentJobError);
  });
});

describe('a risk alert', () => {
  it('goes to the supervisor and case manager at once, with no document and no client data', async () => {
    const ports = new MemoryJobPorts(
      { 'intake-raw': safeClient },
      {
        formId: 'phq-9', formVersion: 'v', receivedAt: '2026-11-23T12:00:00.000Z', rawKey: 'phq-raw',
        flags: [{ id: 'self-harm-risk', title: 'Thoughts of self-harm (PHQ-9 item 9 above 0)', alertSupervisor: true, showCrisisResources: true }],
      },
      { submissions: [intake], caseManagerEmail: 'cm.rivera@demo.caseforms.example' },
    );
    const before = renders;
    const job: DocumentJob = { documentType: 'risk-alert', agencyId: 'demo', caseId, submissionId: 'phq-1' };
    await runWireJob(context(ports), job);
    expect(renders).toBe(before);
    const mails = await parsed(ports);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['cm.rivera@demo.caseforms.example', 'supervisors@demo.caseforms.example']);
    for (const { mail } of mails) {
      expect(mail.subject).toBe(`Risk flag raised · case ${caseId.slice(0, 8)}`);
      expect(mail.text).toContain('Thoughts of self-harm');
      expect(mail.attachments).toHaveLength(0);
      expect(mail.text).not.toMatch(/Zoë|zoe@/);
    }
    expect(ports.alerted).toEqual([job]);
    expect(ports.completed).toEqual([job]);
  });
});
