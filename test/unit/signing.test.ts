import { describe, expect, it } from 'vitest';
import type { SignatureEvidence } from '../../functions/domain/signatures/evidence.ts';
import { signaturePlanFor, type SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import {
  askedForPaper, closeUnsigned, decline, nextSigner, readyToSeal, recordPaper, seal, sign, startSigning, supersede,
  type SigningRecord, type SigningResult,
} from '../../functions/domain/signatures/signing.ts';

// The demo's care plan (client, then case manager), its optional acknowledgement of a termination notice, and a
// second agency's service agreement (client, then supervisor, with an optional acknowledgement by an intake worker
// in the middle), each walked through the pure transitions.
const declaration: { signatures: SignaturesDeclaration } = {
  signatures: {
    documents: {
      'care-plan': { signers: [{ role: 'client', intent: 'agree' }, { role: 'case-manager', intent: 'agree' }] },
      'termination-notice': { signers: [{ role: 'client', intent: 'acknowledge', optional: true }] },
      'service-agreement': { signers: [{ role: 'client', intent: 'agree' }, { role: 'intake-worker', intent: 'acknowledge', optional: true }, { role: 'supervisor', intent: 'agree' }] },
    },
  },
};

const started = (documentType: string, documentId = `doc-${documentType}`): SigningRecord =>
  startSigning(signaturePlanFor(declaration, documentType)!, { documentId, documentSha256: 'a'.repeat(64), createdAt: '2026-03-02T15:00:00.000Z' });

const by = (signerName: string, signedAt = '2026-03-03T10:00:00.000Z'): SignatureEvidence => ({
  signerRole: 'client', signerName, method: 'typed', intentText: 'I agree to this care plan', locale: 'en', signedAt,
  identifiedBy: 'staff-session: cm-1', sourceAddress: '203.0.113.9', userAgent: 'test', documentSha256: 'a'.repeat(64),
});

/** The record a transition made; fails the test with the refusal when there is none. */
function ok(result: SigningResult): SigningRecord {
  expect(result.refusal).toBeUndefined();
  return (result as { record: SigningRecord }).record;
}

describe('a document\'s signing record', () => {
  it('starts awaiting with every step pending, in the plan\'s order', () => {
    const record = started('care-plan');
    expect(record).toEqual({
      documentId: 'doc-care-plan', documentType: 'care-plan', documentSha256: 'a'.repeat(64), createdAt: '2026-03-02T15:00:00.000Z', state: 'awaiting',
      steps: [{ role: 'client', intent: 'agree', optional: false, status: 'pending' }, { role: 'case-manager', intent: 'agree', optional: false, status: 'pending' }],
    });
    expect(nextSigner(record)?.role).toBe('client');
    expect(readyToSeal(record)).toBe(false);
  });

  it('takes the client\'s signature, then the case manager\'s, and is then ready to seal; sealed, it changes no more', () => {
    const afterClient = ok(sign(started('care-plan'), 'client', by('Ana Ruiz')));
    expect(afterClient.steps[0]).toMatchObject({ status: 'signed', evidence: by('Ana Ruiz') });
    expect(nextSigner(afterClient)?.role).toBe('case-manager');
    expect(readyToSeal(afterClient)).toBe(false);
    const signed = ok(sign(afterClient, 'case-manager', by('Casey Morgan', '2026-03-04T09:00:00.000Z')));
    expect(nextSigner(signed)).toBeUndefined();
    expect(readyToSeal(signed)).toBe(true);
    const sealed = ok(seal(signed, 'b'.repeat(64)));
    expect(sealed).toMatchObject({ state: 'sealed', sealedSha256: 'b'.repeat(64) });
    expect(readyToSeal(sealed)).toBe(false);
    expect(sign(sealed, 'case-manager', by('Casey Morgan'))).toEqual({ refusal: 'sealed' });
    expect(decline(sealed, 'client', { reason: 'changed my mind', evidence: by('Ana Ruiz') })).toEqual({ refusal: 'sealed' });
    expect(supersede(sealed, 'doc-2')).toEqual({ refusal: 'sealed' });
    expect(seal(sealed, 'c'.repeat(64))).toEqual({ refusal: 'sealed' });
    expect(closeUnsigned(sealed)).toEqual({ refusal: 'sealed' });
  });

  it('refuses a signer out of order, twice, or with no step, and a name of spaces, changing nothing', () => {
    const record = started('care-plan');
    expect(sign(record, 'case-manager', by('Casey Morgan'))).toEqual({ refusal: 'out-of-order' });
    expect(recordPaper(record, 'case-manager', { paperUploadId: 'up-1', evidence: by('Casey Morgan') })).toEqual({ refusal: 'out-of-order' });
    expect(sign(record, 'supervisor', by('Sam Okafor'))).toEqual({ refusal: 'not-a-signer' });
    expect(sign(record, 'client', by('   '))).toEqual({ refusal: 'no-name' });
    // Whether they may act at all is said before what they sent: the case manager's turn has not come.
    expect(sign(record, 'case-manager', by(''))).toEqual({ refusal: 'out-of-order' });
    const afterClient = ok(sign(record, 'client', by('Ana Ruiz')));
    expect(sign(afterClient, 'client', by('Ana Ruiz'))).toEqual({ refusal: 'already-done' });
    expect(decline(afterClient, 'client', { reason: 'no', evidence: by('Ana Ruiz') })).toEqual({ refusal: 'already-done' });
    expect(record.steps.every((step) => step.status === 'pending')).toBe(true);
  });

  it('records a paper signature with its scan, as good as a signature for the next signer and the seal', () => {
    const record = started('care-plan');
    expect(recordPaper(record, 'client', { paperUploadId: ' ', evidence: by('Ana Ruiz') })).toEqual({ refusal: 'no-upload' });
    expect(recordPaper(record, 'client', { paperUploadId: 'up-7', evidence: by('') })).toEqual({ refusal: 'no-name' });
    const onPaper = ok(recordPaper(record, 'client', { paperUploadId: 'up-7', evidence: by('Ana Ruiz') }));
    expect(onPaper.steps[0]).toMatchObject({ status: 'paper', paperUploadId: 'up-7' });
    expect(readyToSeal(ok(sign(onPaper, 'case-manager', by('Casey Morgan'))))).toBe(true);
  });

  it('notes once that the client asked for paper: a second request keeps the first date, a record no longer awaiting takes none', () => {
    const record = started('care-plan');
    const asked = ok(askedForPaper(record, '2026-03-03T09:00:00.000Z'));
    expect(asked.paperRequestedAt).toBe('2026-03-03T09:00:00.000Z');
    expect(asked.steps).toEqual(record.steps);
    expect(askedForPaper(asked, '2026-03-04T09:00:00.000Z')).toEqual({ refusal: 'already-done' });
    expect(askedForPaper(ok(supersede(record, 'doc-2')), '2026-03-03T09:00:00.000Z')).toEqual({ refusal: 'superseded' });
  });

  it('a required signer who declines, with a reason, leaves the document declined for good; a new document supersedes it', () => {
    const record = started('care-plan');
    expect(decline(record, 'client', { reason: '  ', evidence: by('Casey Morgan') })).toEqual({ refusal: 'no-reason' });
    const declined = ok(decline(record, 'client', { reason: '  Wants the goals changed ', evidence: by('Casey Morgan') }));
    expect(declined.state).toBe('declined');
    expect(declined.steps[0]).toMatchObject({ status: 'declined', reason: 'Wants the goals changed' });
    expect(readyToSeal(declined)).toBe(false);
    expect(nextSigner(declined)).toBeUndefined();
    expect(sign(declined, 'case-manager', by('Casey Morgan'))).toEqual({ refusal: 'declined' });
    expect(seal(declined, 'b'.repeat(64))).toEqual({ refusal: 'declined' });
    const superseded = ok(supersede(declined, 'doc-care-plan-2'));
    expect(superseded).toMatchObject({ state: 'superseded', supersededBy: 'doc-care-plan-2' });
    expect(sign(superseded, 'client', by('Ana Ruiz'))).toEqual({ refusal: 'superseded' });
    expect(supersede(superseded, 'doc-care-plan-3')).toEqual({ refusal: 'superseded' });
  });

  it('a superseded care plan keeps the signatures it had and takes no more', () => {
    const afterClient = ok(sign(started('care-plan'), 'client', by('Ana Ruiz')));
    const superseded = ok(supersede(afterClient, 'doc-care-plan-2'));
    expect(superseded.steps[0]?.status).toBe('signed');
    expect(sign(superseded, 'case-manager', by('Casey Morgan'))).toEqual({ refusal: 'superseded' });
    expect(recordPaper(superseded, 'case-manager', { paperUploadId: 'up-1', evidence: by('Casey Morgan') })).toEqual({ refusal: 'superseded' });
    expect(closeUnsigned(superseded)).toEqual({ refusal: 'superseded' });
  });

  it('an optional acknowledgement of a notice: sealed once given or declined, or once closed as not signed', () => {
    const notice = started('termination-notice');
    expect(nextSigner(notice)?.role).toBe('client');
    expect(readyToSeal(notice)).toBe(false);
    expect(seal(notice, 'b'.repeat(64))).toEqual({ refusal: 'not-ready' });
    expect(readyToSeal(ok(sign(notice, 'client', by('Ana Ruiz'))))).toBe(true);
    const declined = ok(decline(notice, 'client', { reason: 'Does not accept the decision', evidence: by('Ana Ruiz') }));
    expect(declined.state).toBe('awaiting');
    expect(readyToSeal(declined)).toBe(true);
    const closed = ok(closeUnsigned(notice));
    expect(closed.steps[0]?.status).toBe('not-signed');
    expect(readyToSeal(closed)).toBe(true);
    expect(sign(closed, 'client', by('Ana Ruiz'))).toEqual({ refusal: 'closed' });
    expect(ok(seal(closed, 'b'.repeat(64))).state).toBe('sealed');
  });

  it('an optional signer in the middle holds up no one after them, and waits for the required signers before them', () => {
    const agreement = started('service-agreement');
    expect(sign(agreement, 'intake-worker', by('Lou Martin'))).toEqual({ refusal: 'out-of-order' });
    const afterClient = ok(sign(agreement, 'client', by('Mathilde Roux')));
    expect(nextSigner(afterClient)?.role).toBe('intake-worker');
    const supervised = ok(sign(afterClient, 'supervisor', by('Sam Okafor')));
    // Every required signer is in, but the optional acknowledgement is still open: it is taken, or closed, first.
    expect(readyToSeal(supervised)).toBe(false);
    expect(nextSigner(supervised)?.role).toBe('intake-worker');
    expect(readyToSeal(ok(sign(supervised, 'intake-worker', by('Lou Martin'))))).toBe(true);
    const closed = ok(closeUnsigned(supervised));
    expect(closed.steps.map((step) => step.status)).toEqual(['signed', 'not-signed', 'signed']);
    expect(readyToSeal(closed)).toBe(true);
    // An optional signer who declines leaves the record awaiting the others.
    const declinedAck = ok(decline(afterClient, 'intake-worker', { reason: 'Not present at the meeting', evidence: by('Lou Martin') }));
    expect(declinedAck.state).toBe('awaiting');
    expect(nextSigner(declinedAck)?.role).toBe('supervisor');
  });
});
