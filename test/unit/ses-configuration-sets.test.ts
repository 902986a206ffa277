import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MissingConfigurationSetError } from '../../functions/adapters/aws/delivery-store.ts';
import { AwsDocumentJobPorts } from '../../functions/adapters/aws/document-job-store.ts';
import type { BlobStore } from '../../functions/adapters/aws/blob-store.ts';
import { deliverAll, DeliveryRetryError, deliveryTags, type DeliveryRef } from '../../functions/domain/delivery/deliver.ts';
import { isPermanentSendError, sendErrorReason } from '../../functions/domain/delivery/send-errors.ts';

// The SES adapter only: which configuration set each message names. SES itself is mocked (no emulator has sets).
const ses = mockClient(SESv2Client);
const blobs = {} as BlobStore;
const sets = { demo: 'caseforms-prod-demo', 'north-county': 'caseforms-prod-north-county' };
const ref = (agencyId: string): DeliveryRef => ({ agencyId, caseId: 'c-1', documentId: 'd-1', recipient: 'client' });
const send = (ports: AwsDocumentJobPorts, agencyId: string) =>
  ports.sendRaw(Buffer.from('raw mime'), 'no-reply@demo.caseforms.example', ['client@example.org'], deliveryTags(ref(agencyId)));

const saved = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'unit', AWS_SECRET_ACCESS_KEY: 'unit' });
});
afterAll(() => {
  process.env = saved;
  ses.restore();
});
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message-1' });
});

describe('sending with each agency\'s SES configuration set', () => {
  it('names the agency\'s own configuration set on every message', async () => {
    const ports = new AwsDocumentJobPorts('table', blobs, sets);
    await expect(send(ports, 'demo')).resolves.toBe('ses-message-1');
    await send(ports, 'north-county');
    const inputs = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.ConfigurationSetName)).toEqual(['caseforms-prod-demo', 'caseforms-prod-north-county']);
    // The tags still carry the delivery, which is how SES events find it again.
    expect(inputs[0]!.EmailTags).toContainEqual({ Name: 'caseforms-agency', Value: 'demo' });
  });

  it('sends with no configuration set only when there are none at all (locally)', async () => {
    const ports = new AwsDocumentJobPorts('table', blobs, undefined);
    await send(ports, 'demo');
    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call!.args[0].input).not.toHaveProperty('ConfigurationSetName');
  });

  it.each([['an agency missing from the map', 'west-valley'], ['an id only Object.prototype has', 'constructor']])(
    'refuses to send for %s, without calling SES, with an error that is retried rather than recorded as failed',
    async (_case, agencyId) => {
      const ports = new AwsDocumentJobPorts('table', blobs, sets);
      const error = await send(ports, agencyId).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(MissingConfigurationSetError);
      expect((error as Error).message).toContain(JSON.stringify(agencyId));
      expect(isPermanentSendError(error)).toBe(false);
      expect(sendErrorReason(error)).toBe('MissingConfigurationSetError');
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    },
  );

  it('refuses an empty map too: every agency must have its set', async () => {
    await expect(send(new AwsDocumentJobPorts('table', blobs, {}), 'demo')).rejects.toBeInstanceOf(MissingConfigurationSetError);
  });

  it('releases the claim and fails the run for a retry when the agency has no set', async () => {
    const ports = new AwsDocumentJobPorts('table', blobs, sets);
    const released: string[] = [];
    const failed: string[] = [];
    Object.assign(ports, {
      isSuppressed: async () => false,
      claimDelivery: async () => 'claimed' as const,
      releaseDelivery: async (_delivery: DeliveryRef, reason: string) => { released.push(reason); },
      markFailed: async (_delivery: DeliveryRef, reason: string) => { failed.push(reason); },
      markSent: async () => { throw new Error('must not be marked sent'); },
    });
    const run = deliverAll(
      {
        ports,
        now: () => new Date('2025-01-01T00:00:00Z'),
        message: async () => ({
          from: { name: 'West Valley', address: 'no-reply@west.example' }, to: ['client@example.org'], subject: 's', text: 't', html: '<p>t</p>', attachments: [],
        }),
        addressCheck: async () => { throw new Error('nothing is held here'); },
      },
      { agencyId: 'west-valley', caseId: 'c-1', documentId: 'd-1' },
      [{ recipient: 'client', kind: 'client', method: 'attachment', locale: 'en', status: 'send', address: 'client@example.org' }],
    );
    await expect(run).rejects.toBeInstanceOf(DeliveryRetryError);
    expect(released).toEqual(['MissingConfigurationSetError']);
    expect(failed).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
