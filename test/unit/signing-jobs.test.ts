import { describe, expect, it } from 'vitest';
import type { SignatureEvidence } from '../../functions/domain/signatures/evidence.ts';
import { signaturePlanFor, type SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import { closeUnsigned, sign, startSigning, type SigningRecord, type SigningResult } from '../../functions/domain/signatures/signing.ts';
import { signingJobs } from '../../functions/domain/signatures/signing-store.ts';

// Which jobs a signing change starts: the reminder's schedule at opening, the client's signing mail once their turn
// comes (at opening, or after a staff signer before them), and the seal once every step is in. The demo's care plan (client first), its optional
// acknowledgement of a notice, and a second agency's agreement where a supervisor (after an optional intake worker)
// signs before the client.
const declaration: { signatures: SignaturesDeclaration } = {
  signatures: {
    documents: {
      'care-plan': { signers: [{ role: 'client', intent: 'agree' }, { role: 'case-manager', intent: 'agree' }] },
      'termination-notice': { signers: [{ role: 'client', intent: 'acknowledge', optional: true }] },
      'tenancy-agreement': { signers: [{ role: 'intake-worker', intent: 'acknowledge', optional: true }, { role: 'supervisor', intent: 'agree' }, { role: 'client', intent: 'agree' }] },
    },
  },
};

const opened = (documentType: string): SigningRecord =>
  startSigning(signaturePlanFor(declaration, documentType)!, { documentId: `doc-${documentType}`, documentSha256: 'b'.repeat(64), createdAt: '2027-01-04T15:00:00.000Z' });

const evidence = (signerRole: string, signerName: string): SignatureEvidence => ({
  signerRole, signerName, method: 'typed', intentText: 'I agree', locale: 'fr', signedAt: '2027-01-05T10:00:00.000Z',
  identifiedBy: 'staff-session: s-1', sourceAddress: '198.51.100.4', userAgent: 'test', documentSha256: 'b'.repeat(64),
});

function ok(result: SigningResult): SigningRecord {
  expect(result.refusal).toBeUndefined();
  return (result as { record: SigningRecord }).record;
}

describe('signingJobs', () => {
  it('asks the client at opening when they sign first, then seals once the case manager signs after them', () => {
    const record = opened('care-plan');
    expect(signingJobs(undefined, record)).toEqual(['signature-request', 'schedule-signing-reminder']);
    const clientSigned = ok(sign(record, 'client', evidence('client', 'Ana Ruiz')));
    expect(signingJobs(record, clientSigned)).toEqual([]);
    const managerSigned = ok(sign(clientSigned, 'case-manager', evidence('case-manager', 'Dana Whitfield')));
    expect(signingJobs(clientSigned, managerSigned)).toEqual(['seal-document']);
  });

  it('asks the client for an optional acknowledgement at opening, and seals when they give it', () => {
    const record = opened('termination-notice');
    expect(signingJobs(undefined, record)).toEqual(['signature-request', 'schedule-signing-reminder']);
    expect(signingJobs(record, ok(sign(record, 'client', evidence('client', 'Ana Ruiz'))))).toEqual(['seal-document']);
    // Closed without them: sealed, and nobody is asked again.
    expect(signingJobs(record, ok(closeUnsigned(record)))).toEqual(['seal-document']);
  });

  it('asks the client only once the supervisor before them has signed (the optional step before holds no one up), and once', () => {
    const record = opened('tenancy-agreement');
    expect(signingJobs(undefined, record)).toEqual(['schedule-signing-reminder']);
    const acknowledged = ok(sign(record, 'intake-worker', evidence('intake-worker', 'Lou Martin')));
    expect(signingJobs(record, acknowledged)).toEqual([]);
    const supervisorSigned = ok(sign(acknowledged, 'supervisor', evidence('supervisor', 'Paul Okafor')));
    expect(signingJobs(acknowledged, supervisorSigned)).toEqual(['signature-request']);
    // The supervisor first, without the optional acknowledgement: the client's turn comes all the same.
    expect(signingJobs(record, ok(sign(record, 'supervisor', evidence('supervisor', 'Paul Okafor'))))).toEqual(['signature-request']);
    const clientSigned = ok(sign(supervisorSigned, 'client', evidence('client', 'Élodie Marchand')));
    expect(signingJobs(supervisorSigned, clientSigned)).toEqual(['seal-document']);
  });
});
