import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDeliveries } from '../../functions/domain/delivery/routing.ts';
import type { Agency } from '../../functions/domain/forms/agency.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { projectRoot } from '../../local/stack.ts';

const demo = loadCatalog(join(projectRoot, 'form-schemas')).agency('demo')!;
const facts = { client: { email: 'c@example.org', emailIsSafe: true, language: 'ar', addressVerified: true }, caseManagerEmail: 'cm@demo.example', consentedProviders: ['eastside-housing'] };

describe('routing', () => {
  it('writes to each recipient in their language: the client’s if served, a provider’s own, staff in the agency’s', () => {
    const plan = planDeliveries(demo, 'termination-notice', facts);
    expect(plan.map((p) => [p.recipient, p.status, p.locale, p.method])).toEqual([
      ['client', 'send', 'ar', 'attachment'],
      ['case-manager', 'send', 'en', 'link'],
      ['supervisor', 'send', 'en', 'link'],
      ['provider-northside-clinic', 'withheld', 'en', 'link'],
      ['provider-eastside-housing', 'send', 'es', 'link'],
    ]);
    expect(planDeliveries(demo, 'termination-notice', { ...facts, client: { ...facts.client, language: 'fr' } })[0]!.locale).toBe('en');
  });

  it('defaults to a secure link to the agency inbox, and alerts to the supervisor, for an agency without routes', () => {
    const plain: Agency = { ...demo, delivery: undefined };
    expect(planDeliveries(plain, 'care-plan', facts)).toEqual([
      { recipient: 'agency-inbox', kind: 'staff', method: 'link', locale: 'en', status: 'send', address: 'intake@demo.caseforms.example' },
    ]);
    expect(planDeliveries(plain, 'risk-alert', facts).map((p) => p.recipient)).toEqual(['supervisor']);
  });

  it('sends a signature request to the client alone, whatever the routes say, and holds it for an unconfirmed address', () => {
    const routed: Agency = { ...demo, delivery: { ...demo.delivery, routes: { ...demo.delivery?.routes, 'signature-request': [{ to: 'supervisor' }, { to: 'provider:eastside-housing' }] } } };
    for (const agency of [demo, routed]) {
      expect(planDeliveries(agency, 'signature-request', facts)).toEqual([
        { recipient: 'client', kind: 'client', method: 'link', locale: 'ar', status: 'send', address: 'c@example.org' },
      ]);
    }
    expect(planDeliveries(demo, 'signature-request', { ...facts, client: { ...facts.client, addressVerified: false } })[0]).toMatchObject({ status: 'held', reason: 'address-unverified' });
  });

  it('never announces a risk alert to the client or a provider, even if routed', () => {
    const routed: Agency = { ...demo, delivery: { routes: { 'risk-alert': [{ to: 'client' }, { to: 'provider:eastside-housing' }, { to: 'supervisor' }] } } };
    expect(planDeliveries(routed, 'risk-alert', facts).map((p) => [p.recipient, p.status])).toEqual([
      ['client', 'withheld'], ['provider-eastside-housing', 'withheld'], ['supervisor', 'send'],
    ]);
  });

  it('withholds the case manager’s copy while the case has none', () => {
    expect(planDeliveries(demo, 'care-plan', { ...facts, caseManagerEmail: undefined })[0]).toMatchObject({ recipient: 'case-manager', status: 'withheld', reason: 'no-case-manager' });
  });
});
