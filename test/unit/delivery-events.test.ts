import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySesEvent, type DeliveryEvidence, type DeliveryEvidencePorts, type SesEvent } from '../../functions/domain/delivery/delivery-events.ts';
import { projectRoot } from '../../local/stack.ts';

/** Sample SES event-publishing records, shaped as the SES developer guide's examples. */
const sample = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'ses-events', `${name}.json`), 'utf8')) as SesEvent;

function recordingPorts(known = true) {
  const evidence: DeliveryEvidence[] = [];
  const suppressed: Array<{ address: string; reason: string }> = [];
  const flagged: string[] = [];
  const ports: DeliveryEvidencePorts = {
    recordEvidence: async (e) => { if (known) evidence.push(e); return known; },
    suppress: async (_agency, address, reason) => { suppressed.push({ address, reason }); },
    flagUndelivered: async (_agency, _case, documentId) => { flagged.push(documentId); },
  };
  return { ports, evidence, suppressed, flagged };
}

const delivery = { agencyId: 'demo', caseId: '4f7c2b1e-0000-4000-8000-000000000001', documentId: 'sub-1-termination-notice', recipient: 'client' };

describe('SES events as delivery evidence', () => {
  it('a Delivery event marks the delivery delivered and suppresses nothing', async () => {
    const { ports, evidence, suppressed, flagged } = recordingPorts();
    await applySesEvent(ports, sample('delivery'));
    expect(evidence).toEqual([{ delivery, messageId: '010001812345abcd-11111111-2222-3333-4444-555555555555-000000', status: 'delivered', at: '2026-11-23T12:00:07.123Z', suppress: [] }]);
    expect(suppressed).toEqual([]);
    expect(flagged).toEqual([]);
  });

  it('a permanent bounce of a client notice suppresses the address and flags the case', async () => {
    const { ports, evidence, suppressed, flagged } = recordingPorts();
    await applySesEvent(ports, sample('bounce-permanent'));
    expect(evidence[0]).toMatchObject({ delivery, status: 'bounced' });
    expect(suppressed).toEqual([{ address: 'zoe@example.org', reason: 'bounced' }]);
    expect(flagged).toEqual(['sub-1-termination-notice']);
  });

  it('a permanent bounce of a request to sign suppresses the address but flags nothing: it is no letter', async () => {
    const { ports, evidence, suppressed, flagged } = recordingPorts();
    const event = JSON.parse(JSON.stringify(sample('bounce-permanent')).replaceAll('sub-1-termination-notice', 'sub-1-care-plan-signature-request')) as SesEvent;
    await applySesEvent(ports, event);
    expect(evidence[0]).toMatchObject({ delivery: { ...delivery, documentId: 'sub-1-care-plan-signature-request' }, status: 'bounced' });
    expect(suppressed).toEqual([{ address: 'zoe@example.org', reason: 'bounced' }]);
    expect(flagged).toEqual([]);
  });

  it('a transient bounce is recorded but neither suppresses nor flags (SES keeps retrying it)', async () => {
    const { ports, evidence, suppressed, flagged } = recordingPorts();
    await applySesEvent(ports, sample('bounce-transient'));
    expect(evidence[0]).toMatchObject({ status: 'soft-bounced' });
    expect(suppressed).toEqual([]);
    expect(flagged).toEqual([]);
  });

  it('a complaint suppresses the address and flags the case; a rejection flags it', async () => {
    const complaint = recordingPorts();
    await applySesEvent(complaint.ports, sample('complaint'));
    expect(complaint.evidence[0]).toMatchObject({ status: 'complained' });
    expect(complaint.suppressed).toEqual([{ address: 'zoe@example.org', reason: 'complained' }]);
    expect(complaint.flagged).toHaveLength(1);

    const reject = recordingPorts();
    await applySesEvent(reject.ports, sample('reject'));
    expect(reject.evidence[0]).toMatchObject({ status: 'rejected' });
    expect(reject.suppressed).toEqual([]);
    expect(reject.flagged).toHaveLength(1);
  });

  it('a bounce to staff is recorded without flagging the case', async () => {
    const { ports, flagged, suppressed } = recordingPorts();
    const event = sample('bounce-permanent');
    await applySesEvent(ports, { ...event, mail: { ...event.mail, tags: { ...event.mail.tags, 'caseforms-recipient': ['supervisor'] } } });
    expect(suppressed).toHaveLength(1);
    expect(flagged).toEqual([]);
  });

  it('ignores events that prove nothing (Send), mail without caseforms tags, and messages it did not send', async () => {
    const send = recordingPorts();
    expect(await applySesEvent(send.ports, sample('send'))).toBeUndefined();
    expect(send.evidence).toEqual([]);

    const untagged = recordingPorts();
    const event = sample('bounce-permanent');
    expect(await applySesEvent(untagged.ports, { ...event, mail: { ...event.mail, tags: {} } })).toBeUndefined();
    expect(untagged.suppressed).toEqual([]);

    const unknown = recordingPorts(false);
    expect(await applySesEvent(unknown.ports, sample('bounce-permanent'))).toBeUndefined();
    expect(unknown.suppressed).toEqual([]);
    expect(unknown.flagged).toEqual([]);
  });
});
