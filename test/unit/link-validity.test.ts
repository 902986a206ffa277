import { describe, expect, it } from 'vitest';
import { linkStillValid, type LinkCaseFacts } from '../../functions/domain/delivery/link-validity.ts';
import { linkLifetimeHours, type SecureLink } from '../../functions/domain/delivery/secure-link.ts';
import { CASE_STATES, isFinal } from '../../functions/domain/forms/case-states.ts';

const now = new Date('2026-12-06T12:00:00Z');
const link = (recipient: string, extra: Partial<SecureLink> = {}): SecureLink => ({
  agencyId: 'demo', caseId: 'c1', documentId: 's1-care-plan', recipient, tokenHash: 'h',
  createdAt: '2026-12-06T10:00:00Z', validUntil: '2026-12-07T10:00:00Z', ...extra,
});
const open: LinkCaseFacts = { state: 'active', caseManager: 'cm-1', consentedProviders: ['northside-clinic'] };

describe('linkStillValid', () => {
  it('lets a link open while it lives, its case is open and its recipient may still see the case', () => {
    for (const recipient of ['client', 'case-manager', 'supervisor', 'agency-inbox', 'provider-northside-clinic']) {
      expect(linkStillValid(link(recipient, { caseManager: 'cm-1' }), open, now)).toEqual({ valid: true });
    }
  });

  it('refuses a link past its lifetime, to the millisecond', () => {
    expect(linkStillValid(link('supervisor', { validUntil: now.toISOString() }), open, now)).toEqual({ valid: false, reason: 'expired' });
    expect(linkStillValid(link('supervisor', { validUntil: new Date(now.getTime() + 1).toISOString() }), open, now)).toEqual({ valid: true });
  });

  it('refuses every link once the case is in a final state (closed, terminated), and none before', () => {
    for (const state of CASE_STATES) {
      const answer = linkStillValid(link('supervisor'), { ...open, state }, now);
      expect(answer, state).toEqual(isFinal(state) ? { valid: false, reason: 'case-ended' } : { valid: true });
    }
    expect(linkStillValid(link('client'), { ...open, state: 'closed' }, now)).toEqual({ valid: false, reason: 'case-ended' });
    expect(linkStillValid(link('provider-northside-clinic'), { ...open, state: 'terminated' }, now)).toEqual({ valid: false, reason: 'case-ended' });
  });

  it('keeps a link made once the case had ended (the closing form\'s own document) for its lifetime; refuses older ones', () => {
    const closed = { ...open, state: 'closed' as const, endedAt: '2026-12-06T10:00:00Z' };
    expect(linkStillValid(link('case-manager', { createdAt: '2026-12-06T10:00:05Z' }), closed, now)).toEqual({ valid: true });
    expect(linkStillValid(link('case-manager', { createdAt: '2026-12-06T09:59:59Z' }), closed, now)).toEqual({ valid: false, reason: 'case-ended' });
    expect(linkStillValid(link('case-manager', { createdAt: '2026-12-06T10:00:05Z', validUntil: now.toISOString() }), closed, now)).toEqual({ valid: false, reason: 'expired' });
  });

  it('refuses a provider\'s link once the provider is not among the consented ones, and only that provider\'s', () => {
    const withdrawn = { ...open, consentedProviders: ['eastside-housing'] };
    expect(linkStillValid(link('provider-northside-clinic'), withdrawn, now)).toEqual({ valid: false, reason: 'consent-withdrawn' });
    expect(linkStillValid(link('provider-eastside-housing'), withdrawn, now)).toEqual({ valid: true });
    expect(linkStillValid(link('provider-northside-clinic'), { state: 'active' }, now)).toEqual({ valid: false, reason: 'consent-withdrawn' });
    expect(linkStillValid(link('case-manager'), { ...open, consentedProviders: [] }, now)).toEqual({ valid: true });
  });

  it('refuses the case manager\'s link once the case has another case manager; other recipients keep theirs', () => {
    const reassigned = { ...open, caseManager: 'cm-2' };
    expect(linkStillValid(link('case-manager', { caseManager: 'cm-1' }), reassigned, now)).toEqual({ valid: false, reason: 'case-reassigned' });
    expect(linkStillValid(link('case-manager', { caseManager: 'cm-1' }), { state: 'active' }, now)).toEqual({ valid: false, reason: 'case-reassigned' });
    expect(linkStillValid(link('supervisor', { caseManager: 'cm-1' }), reassigned, now)).toEqual({ valid: true });
    // A link made before links recorded their case manager is judged by the other rules.
    expect(linkStillValid(link('case-manager'), reassigned, now)).toEqual({ valid: true });
  });

  it('checks the lifetime first, then the case\'s end', () => {
    const lapsed = link('provider-northside-clinic', { validUntil: '2026-12-01T00:00:00Z' });
    expect(linkStillValid(lapsed, { state: 'closed' }, now)).toEqual({ valid: false, reason: 'expired' });
    expect(linkStillValid(link('provider-northside-clinic'), { state: 'closed' }, now)).toEqual({ valid: false, reason: 'case-ended' });
  });
});

describe('linkLifetimeHours', () => {
  it('is the agency\'s, else 24 hours (72 before issue 19)', () => {
    expect(linkLifetimeHours({})).toBe(24);
    expect(linkLifetimeHours({ delivery: {} })).toBe(24);
    expect(linkLifetimeHours({ delivery: { linkValidHours: 1 } })).toBe(1);
  });
});
