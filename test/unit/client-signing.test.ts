import { describe, expect, it } from 'vitest';
import type { SecureLink } from '../../functions/domain/delivery/secure-link.ts';
import { clientSigningStep, clientSigns, maskAddress, signLinkValidUntil, type ClientSignature } from '../../functions/domain/signatures/client-signing.ts';
import { signaturePlanFor, type SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import { sign, startSigning, supersede, type SigningRecord } from '../../functions/domain/signatures/signing.ts';

// The demo's care plan (client, then case manager) and a second agency's service agreement signed by its supervisor
// first and the client after, walked through the client's link.
const declaration: { signatures: SignaturesDeclaration } = {
  signatures: {
    reminderDays: 3,
    documents: {
      'care-plan': { signers: [{ role: 'client', intent: 'agree' }, { role: 'case-manager', intent: 'agree' }] },
      'service-agreement': { signers: [{ role: 'supervisor', intent: 'agree' }, { role: 'client', intent: 'acknowledge' }] },
    },
  },
};
const record = (documentType = 'care-plan'): SigningRecord =>
  startSigning(signaturePlanFor(declaration, documentType)!, { documentId: `doc-${documentType}`, documentSha256: 'b'.repeat(64), createdAt: '2026-03-02T15:00:00.000Z' });

const link: SecureLink = {
  agencyId: 'demo', caseId: 'case-1', documentId: 'doc-care-plan', recipient: 'client', tokenHash: 'h'.repeat(64), createdAt: '2026-03-02T15:00:00.000Z',
  validUntil: '2026-03-05T15:00:00.000Z', codeTo: 'maria.lopez@example.org', codeLocale: 'es', purpose: 'sign',
};
const agreed: SecureLink = { ...link, signConsent: { choice: 'agree', at: '2026-03-03T10:00:00.000Z', consentText: 'Acepto firmar.', locale: 'es' } };
const signature: ClientSignature = {
  typedName: '  María López ', intentTicked: true, intentText: 'Estoy de acuerdo con este documento: Plan de atención.',
  signedAt: '2026-03-03T10:01:00.000Z', sourceAddress: '203.0.113.9', userAgent: 'Mozilla/5.0 (Android)',
};

describe('the client\'s signing link', () => {
  it('works for the agency\'s reminder days', () => {
    expect(signLinkValidUntil(declaration, new Date('2026-03-02T15:00:00.000Z')).toISOString()).toBe('2026-03-05T15:00:00.000Z');
    expect(signLinkValidUntil({}, new Date('2026-03-02T15:00:00.000Z')).toISOString()).toBe('2026-03-07T15:00:00.000Z');
  });

  it('asks for consent first, then shows the document; a choice of paper ends the link', () => {
    expect(clientSigningStep(link, record())).toMatchObject({ page: 'consent', record: { documentId: 'doc-care-plan' } });
    expect(clientSigningStep(agreed, record())).toMatchObject({ page: 'read', consent: { consentText: 'Acepto firmar.' } });
    expect(clientSigningStep({ ...link, signConsent: { choice: 'paper', at: '2026-03-03T10:00:00.000Z' } }, record())).toEqual({ refusal: 'paper-chosen' });
  });

  it('signs the client\'s step with the evidence of what was shown and how the client was identified', () => {
    const result = clientSigns(agreed, record(), signature);
    if ('refusal' in result) throw new Error(result.refusal);
    expect(result.evidence).toEqual({
      signerRole: 'client', signerName: 'María López', method: 'typed', intentText: signature.intentText, consentText: 'Acepto firmar.', locale: 'es',
      signedAt: '2026-03-03T10:01:00.000Z', identifiedBy: 'link-and-code: m***@example.org', sourceAddress: '203.0.113.9', userAgent: 'Mozilla/5.0 (Android)',
      documentSha256: 'b'.repeat(64),
    });
    expect(result.record.steps[0]).toMatchObject({ role: 'client', status: 'signed', evidence: result.evidence });
    expect(result.record.steps[1]).toMatchObject({ role: 'case-manager', status: 'pending' });
  });

  it('refuses, changing nothing, each bad input', () => {
    const before = record();
    expect(clientSigns(link, before, signature)).toEqual({ refusal: 'no-consent' });
    expect(clientSigns(agreed, before, { ...signature, intentTicked: false })).toEqual({ refusal: 'no-intent' });
    expect(clientSigns(agreed, before, { ...signature, typedName: ' \t ' })).toEqual({ refusal: 'no-name' });
    expect(clientSigns({ ...agreed, usedAt: '2026-03-03T10:02:00.000Z' }, before, signature)).toEqual({ refusal: 'used' });
    const superseded = supersede(before, 'doc-care-plan-2');
    if (superseded.refusal) throw new Error(superseded.refusal);
    expect(clientSigns(agreed, superseded.record, signature)).toEqual({ refusal: 'superseded' });
    expect(clientSigns({ ...agreed, purpose: undefined }, before, signature)).toEqual({ refusal: 'not-a-sign-link' });
    expect(clientSigns(agreed, undefined, signature)).toEqual({ refusal: 'not-a-sign-link' });
    expect(before.steps[0]!.status).toBe('pending');
  });

  it('waits for the staff who sign before the client (second agency: supervisor first)', () => {
    const agreement = record('service-agreement');
    const onItsLink = { ...agreed, documentId: agreement.documentId };
    expect(clientSigningStep(onItsLink, agreement)).toEqual({ refusal: 'out-of-order' });
    const countersigned = sign(agreement, 'supervisor', {
      signerRole: 'supervisor', signerName: 'Sam Supervisor', method: 'typed', intentText: 'I agree to this service agreement.', locale: 'fr',
      signedAt: '2026-03-03T09:00:00.000Z', identifiedBy: 'staff-session: sam', sourceAddress: '198.51.100.4', userAgent: 'Firefox', documentSha256: 'b'.repeat(64),
    });
    if (countersigned.refusal) throw new Error(countersigned.refusal);
    const result = clientSigns(onItsLink, countersigned.record, signature);
    expect('record' in result && result.record.steps[1]!.status).toBe('signed');
  });

  it('masks the address the code went to', () => {
    expect(maskAddress('maria.lopez@example.org')).toBe('m***@example.org');
    expect(maskAddress('nobody')).toBe('***');
  });
});
