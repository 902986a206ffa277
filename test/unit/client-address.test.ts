import { simpleParser } from 'mailparser';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressHash } from '../../functions/contracts/table-design.ts';
import { addressCheckUsable, clientAddressState, isVerifiedAddress, type AddressCheck } from '../../functions/domain/cases/client-address.ts';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import { planDeliveries } from '../../functions/domain/delivery/routing.ts';
import type { HtmlToPdf } from '../../functions/domain/documents/html-to-pdf.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import type { CaseSubmission, JobContext } from '../../functions/domain/jobs/job-ports.ts';
import { projectRoot } from '../../local/stack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';
import { runWireJob } from '../support/run-wire-job.ts';
import { demoExample } from '../support/test-stack.ts';

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const demo = catalog.agency('demo')!;
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const unverified = { email: 'probe@example.org', emailIsSafe: true, language: 'es', addressVerified: false };
const facts = (client = unverified) => ({ client, caseManagerEmail: 'cm@demo.example', consentedProviders: [] });

describe('routing to an unverified client address', () => {
  it('holds every document for the client, with its reason, and nothing for staff', () => {
    for (const document of ['care-plan', 'termination-notice']) {
      const plan = planDeliveries(demo, document, facts());
      expect(plan.find((p) => p.recipient === 'client')).toEqual({
        recipient: 'client', kind: 'client', method: 'attachment', locale: 'es', status: 'held', reason: 'address-unverified', address: 'probe@example.org',
      });
      expect(plan.filter((p) => p.kind === 'staff').every((p) => p.status === 'send')).toBe(true);
    }
  });

  it('sends a receipt (the reference alone) without asking, and a document once the address is verified', () => {
    const routed = { ...demo, delivery: { routes: { receipt: [{ to: 'client' as const }], 'care-plan': [{ to: 'client' as const }] } } };
    expect(planDeliveries(routed, 'receipt', facts())[0]).toMatchObject({ status: 'send' });
    expect(planDeliveries(routed, 'care-plan', facts({ ...unverified, addressVerified: true }))[0]).toMatchObject({ status: 'send', address: 'probe@example.org' });
  });
});

describe('verification belongs to the address', () => {
  const verified = { currentHash: addressHash('Probe@Example.org '), verifiedHash: addressHash('probe@example.org'), verifiedAt: '2026-12-01T10:00:00.000Z', verifiedBy: 'email-link' as const };

  it('verifies the same address however it is cased or spaced, and no other', () => {
    expect(isVerifiedAddress(verified, 'PROBE@example.org')).toBe(true);
    expect(isVerifiedAddress(verified, 'someone.else@example.org')).toBe(false);
    expect(isVerifiedAddress(undefined, 'probe@example.org')).toBe(false);
  });

  it('shows staff a changed address as unverified again', () => {
    expect(clientAddressState(verified)).toEqual({ state: 'verified', at: verified.verifiedAt, method: 'email-link' });
    expect(clientAddressState({ ...verified, currentHash: addressHash('new@example.org') })).toEqual({ state: 'unverified' });
    expect(clientAddressState({ currentHash: addressHash('new@example.org') })).toEqual({ state: 'unverified' });
    expect(clientAddressState(undefined)).toEqual({ state: 'none' });
  });

  it('a confirm link works once, until it expires', () => {
    const check: AddressCheck = { agencyId: 'demo', caseId: 'c', tokenHash: 'h', addressHash: 'a', locale: 'en', createdAt: '2026-12-01T00:00:00.000Z', validUntil: '2026-12-15T00:00:00.000Z' };
    expect(addressCheckUsable(check, new Date('2026-12-14T23:59:59Z'))).toEqual({ usable: true });
    expect(addressCheckUsable(check, new Date('2026-12-15T00:00:00Z'))).toEqual({ usable: false, reason: 'expired' });
    expect(addressCheckUsable({ ...check, usedAt: '2026-12-02T00:00:00.000Z' }, new Date('2026-12-03T00:00:00Z'))).toEqual({ usable: false, reason: 'used' });
  });
});

describe('a held care plan', () => {
  const caseId = '4f7c2b1e-0000-4000-8000-000000000009';
  const job: DocumentJob = { documentType: 'care-plan', agencyId: 'demo', caseId, submissionId: 'plan-1' };
  const intake: CaseSubmission = { submissionId: 'intake-1', formId: 'intake', formVersion: 'v', receivedAt: '2026-11-20T10:00:00.000Z', rawKey: 'intake-raw', channel: 'public' };
  const answers = { ...demoExample(), givenName: 'Zoë', familyName: 'Núñez', preferredLanguage: 'es', contact: { phone: '+1 555 0142', email: 'probe@example.org', emailIsSafe: true } };
  let renders = 0;
  const renderer: HtmlToPdf = { render: async () => { renders += 1; return Buffer.from(`%PDF-fake ${renders}`); } };
  const context = (ports: MemoryJobPorts): JobContext => ({
    ports, catalog, formVersions: { form: async (agencyId, formId) => catalog.form(agencyId, formId) }, templates, renderer,
    now: () => new Date('2026-11-23T12:00:01Z'), publicBaseUrl: 'https://api.example.org/', leaseMs: 120_000,
  });

  it('sends the client only a confirm link in their language; once verified, the stored PDF goes to them and nobody else twice', async () => {
    const ports = new MemoryJobPorts(
      { 'intake-raw': answers, 'plan-raw': demoExample('care-plan') },
      { formId: 'care-plan', formVersion: 'v', receivedAt: '2026-11-23T12:00:00.000Z', rawKey: 'plan-raw' },
      { submissions: [intake], caseManagerEmail: 'cm@demo.example', consentedProviders: ['northside-clinic'] },
    );
    const outcomes = await runWireJob(context(ports), job);
    expect(outcomes).toContainEqual({ recipient: 'client', outcome: 'held' });
    expect(outcomes).toContainEqual({ recipient: 'client-address-check', outcome: 'sent' });
    expect(ports.deliveries.get('plan-1-care-plan#client')).toMatchObject({ status: 'held', reason: 'address-unverified' });
    const toClient = ports.sent.filter((s) => s.to.includes('probe@example.org'));
    expect(toClient).toHaveLength(1);
    const mail = await simpleParser(toClient[0]!.raw);
    expect(mail.attachments).toEqual([]);
    expect(mail.subject).toBe('Tiene una carta de Riverside Community Care (demo) esperándole');
    expect(`${mail.subject} ${mail.text}`).not.toMatch(/plan|Zoë|Núñez|4f7c2b1e/i);
    const token = /confirm-address\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    expect(ports.addressChecks).toEqual([expect.objectContaining({ caseId, addressHash: addressHash('probe@example.org'), locale: 'es' })]);
    expect(JSON.stringify(ports.addressChecks)).not.toContain(token);
    const sentBefore = ports.sent.length;

    // The client confirms (verify-client-address.ts records it and re-queues the job).
    await ports.recordVerifiedForTest('probe@example.org');
    const again = await runWireJob(context(ports), job);
    expect(again.filter((o) => o.outcome === 'sent')).toEqual([{ recipient: 'client', outcome: 'sent' }]);
    expect(ports.sent).toHaveLength(sentBefore + 1);
    const document = await simpleParser(ports.sent.at(-1)!.raw);
    expect(document.attachments.map((a) => a.content.toString())).toEqual(['%PDF-fake 1']);
    expect(renders).toBe(1);
  });
});
