import { simpleParser } from 'mailparser';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobsFor, RECEIPT_JOB, type DocumentJob } from '../../functions/domain/cases/document-job.ts';
import { RECEIPTS_PER_ADDRESS_PER_DAY, RECEIPTS_PER_CLIENT_PER_DAY } from '../../functions/domain/delivery/receipts.ts';
import type { JobContext } from '../../functions/domain/jobs/job-ports.ts';
import { runWireJob } from '../support/run-wire-job.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog, type FormCatalog } from '../../functions/domain/forms/catalog.ts';
import { projectRoot } from '../../local/stack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';
import { demoExample } from '../support/test-stack.ts';

// The demo agency with receipts routed to the client, as an agency turns them on in agency.json.
const demo = loadCatalog(join(projectRoot, 'form-schemas'));
const withReceipts = { ...demo.agency('demo')!, delivery: { ...demo.agency('demo')!.delivery, routes: { ...demo.agency('demo')!.delivery?.routes, receipt: [{ to: 'client' as const }] } } };
const catalog: FormCatalog = {
  agency: (id) => (id === 'demo' ? withReceipts : demo.agency(id)),
  form: (agencyId, formId) => demo.form(agencyId, formId),
  agencies: () => demo.agencies(),
  pack: (id) => demo.pack(id),
  translations: (agencyId, locale) => demo.translations(agencyId, locale),
  refused: () => demo.refused(),
  refusedForm: (agencyId, formId) => demo.refusedForm(agencyId, formId),
};
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const formVersions = { form: async (agencyId: string, formId: string) => catalog.form(agencyId, formId) };
const renderer = { render: async () => { throw new Error('a receipt renders no PDF'); } };

const caseIdFor = (n: number) => `5e1d0c2a-0000-4000-8000-${String(n).padStart(12, '0')}`;
const receiptJob = (n: number, clientKey = 'client-a'): DocumentJob => jobsFor({ agencyId: 'demo', caseId: caseIdFor(n), submissionId: `sub-${n}` }, [], [], { clientKey }).find((job) => job.documentType === RECEIPT_JOB)!;

function intakePorts(contact: Record<string, unknown>, shared?: MemoryJobPorts): MemoryJobPorts {
  const answers = { ...demoExample(), givenName: 'Zoë', familyName: 'Núñez', preferredLanguage: 'es', contact: { phone: '+1 555 0142', ...contact } };
  const ports = new MemoryJobPorts(
    { 'intake-raw': answers },
    { formId: 'intake', formVersion: 'v', receivedAt: '2026-12-01T09:00:00.000Z', rawKey: 'intake-raw' },
    { submissions: [{ submissionId: 'sub', formId: 'intake', formVersion: 'v', receivedAt: '2026-12-01T09:00:00.000Z', rawKey: 'intake-raw', channel: 'public' }] },
  );
  if (shared) Object.assign(ports, { receiptCounts: shared.receiptCounts, sent: shared.sent, deliveries: shared.deliveries });
  return ports;
}
const context = (ports: MemoryJobPorts): JobContext => ({
  ports, catalog, formVersions, templates, renderer, now: () => new Date('2026-12-01T09:00:05Z'), publicBaseUrl: 'https://forms.example.org/',
});

describe('the intake receipt', () => {
  it('goes to the client\'s safe address, in their language, with the reference and nothing they wrote', async () => {
    const ports = intakePorts({ email: 'zoe@example.org', emailIsSafe: true });

    const outcomes = await runWireJob(context(ports), receiptJob(1));

    expect(outcomes).toEqual([{ recipient: 'client', outcome: 'sent' }]);
    const mail = await simpleParser(ports.sent[0]!.raw);
    expect(mail.to).toMatchObject({ value: [{ address: 'zoe@example.org' }] });
    expect(mail.subject).toBe('Su solicitud a Riverside Community Care (demo)');
    expect(mail.text).toContain('Recibimos su solicitud.');
    expect(mail.text).toContain(caseIdFor(1).slice(0, 8));
    expect(mail.attachments).toEqual([]);
    expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toMatch(/Zoë|Núñez|555 0142|Mi contrato/);
    expect(ports.completed).toHaveLength(1);
  });

  it('is withheld, with its reason on the case, when the client gave no address or said email is not safe', async () => {
    for (const [contact, reason] of [[{}, 'no-email-address'], [{ email: 'zoe@example.org', emailIsSafe: false }, 'email-not-safe']] as const) {
      const ports = intakePorts(contact);
      expect(await runWireJob(context(ports), receiptJob(2)), reason).toEqual([{ recipient: 'client', outcome: 'withheld' }]);
      expect(ports.sent, reason).toEqual([]);
      expect([...ports.deliveries.values()].map((d) => d.reason), reason).toEqual([reason]);
    }
  });

  it(`reaches one address at most ${RECEIPTS_PER_ADDRESS_PER_DAY} times a day, and one client at most ${RECEIPTS_PER_CLIENT_PER_DAY}, the rest withheld as rate-limited`, async () => {
    const shared = intakePorts({});
    const send = (n: number, email: string, clientKey: string) => runWireJob(context(intakePorts({ email, emailIsSafe: true }, shared)), receiptJob(n, clientKey));

    // Many intakes naming a stranger's address, from many clients: only the first few reach them.
    const toStranger = [];
    for (let n = 0; n < RECEIPTS_PER_ADDRESS_PER_DAY + 2; n += 1) toStranger.push((await send(100 + n, 'stranger@example.org', `client-${n}`))[0]!.outcome);
    // One client naming many addresses: only the first ones are sent.
    const fromOneClient = [];
    for (let n = 0; n < RECEIPTS_PER_CLIENT_PER_DAY + 2; n += 1) fromOneClient.push((await send(200 + n, `person${n}@example.org`, 'busy-client'))[0]!.outcome);

    expect(toStranger).toEqual([...Array(RECEIPTS_PER_ADDRESS_PER_DAY).fill('sent'), 'withheld', 'withheld']);
    expect(fromOneClient).toEqual([...Array(RECEIPTS_PER_CLIENT_PER_DAY).fill('sent'), 'withheld', 'withheld']);
    expect(shared.sent.filter((s) => s.to.includes('stranger@example.org'))).toHaveLength(RECEIPTS_PER_ADDRESS_PER_DAY);
    expect([...shared.deliveries.values()].filter((d) => d.reason === 'rate-limited')).toHaveLength(4);
  });

  it('is counted once however often its job runs', async () => {
    const shared = intakePorts({});
    for (let i = 0; i < RECEIPTS_PER_ADDRESS_PER_DAY + 3; i += 1) await runWireJob(context(intakePorts({ email: 'zoe@example.org', emailIsSafe: true }, shared)), receiptJob(7));
    const another = await runWireJob(context(intakePorts({ email: 'zoe@example.org', emailIsSafe: true }, shared)), receiptJob(8));

    expect(shared.sent).toHaveLength(2);
    expect(another).toEqual([{ recipient: 'client', outcome: 'sent' }]);
  });
});

describe('receipt jobs', () => {
  it('are queued only for an intake that carries a client key (an agency with receipts), last, with the key', () => {
    const ids = { agencyId: 'demo', caseId: 'c', submissionId: 's' };
    expect(jobsFor(ids, ['intake-summary'], []).map((job) => job.documentType)).toEqual(['intake-summary']);
    expect(jobsFor(ids, ['intake-summary'], [{ alertSupervisor: true }], { clientKey: 'k' })).toEqual([
      { ...ids, documentType: 'risk-alert' }, { ...ids, documentType: 'intake-summary' }, { ...ids, documentType: 'receipt', clientKey: 'k' },
    ]);
  });
});
