import { composeMime, type OutgoingMessage } from './mime.ts';
import { isPermanentSendError, sendErrorReason } from './send-errors.ts';
import type { HeldReason, PlannedDelivery, WithheldReason } from './routing.ts';

export interface DeliveryRef {
  readonly agencyId: string;
  readonly caseId: string;
  /** The document, or `<submission>-risk-alert` for an alert. */
  readonly documentId: string;
  /** A role, never an address: delivery keys, logs and mail tags carry no personal data. */
  readonly recipient: string;
}

export type Claim = 'claimed' | 'already-delivered' | 'held-by-another-worker';

/** What delivering needs from storage and mail; the AWS adapters implement it. */
export interface DeliveryPorts {
  /** The agency's own suppression list (addresses that bounced or complained). */
  isSuppressed(agencyId: string, address: string): Promise<boolean>;
  recordWithheld(delivery: DeliveryRef, reason: WithheldReason, now: Date): Promise<void>;
  /** The delivery waits (status `held`, with its reason) until it can be made; never over one that was made. */
  recordHeld(delivery: DeliveryRef, reason: HeldReason, now: Date): Promise<void>;
  /**
   * Conditional write: succeeds for a new delivery, one released for retry, or one whose lease has expired (its
   * worker died between claim and send).
   */
  claimDelivery(delivery: DeliveryRef, now: Date, leaseMs: number): Promise<Claim>;
  sendRaw(raw: Buffer, from: string, to: readonly string[], tags: Readonly<Record<string, string>>): Promise<string>;
  markSent(delivery: DeliveryRef, messageId: string, method: PlannedDelivery['method'], now: Date): Promise<void>;
  /** Gives the claim back after a transient failure, with its reason, for the next attempt. */
  releaseDelivery(delivery: DeliveryRef, reason: string, now: Date): Promise<void>;
  markFailed(delivery: DeliveryRef, reason: string, now: Date): Promise<void>;
}

/** What happened to one planned recipient in one run. */
export interface DeliveryOutcome {
  readonly recipient: string;
  readonly outcome: 'sent' | 'already-sent' | 'withheld' | 'held' | 'suppressed' | 'failed' | 'retry';
}

/** Some deliveries could not be made yet: the job is retried (with backoff) and dead-lettered after N attempts. */
export class DeliveryRetryError extends Error {
  override readonly name = 'DeliveryRetryError';
  constructor(
    readonly failures: ReadonlyArray<{ readonly recipient: string; readonly reason: string }>,
    readonly outcomes: readonly DeliveryOutcome[] = [],
  ) {
    super(`retry needed: ${failures.map((failure) => `${failure.recipient} (${failure.reason})`).join(', ')}`);
  }
}

export const DELIVERY_LEASE_MS = 2 * 60_000;

/**
 * The recipient name of the message asking a client to confirm their address, sent for a held document: its own
 * delivery beside the document's, so it is claimed once, and the document's own delivery is still to be made.
 */
export const ADDRESS_CHECK_RECIPIENT = 'client-address-check';

/** SES message tags: they come back on every SES event, which is how events find their delivery. */
export function deliveryTags(delivery: DeliveryRef): Record<string, string> {
  return { 'caseforms-agency': delivery.agencyId, 'caseforms-case': delivery.caseId, 'caseforms-document': delivery.documentId, 'caseforms-recipient': delivery.recipient };
}

export interface DeliveryRun {
  readonly ports: DeliveryPorts;
  readonly now: () => Date;
  readonly leaseMs?: number;
  /** Builds a planned recipient's message once its delivery is claimed (a secure link is minted only then). */
  readonly message: (planned: PlannedDelivery & { readonly status: 'send' }, delivery: DeliveryRef) => Promise<OutgoingMessage>;
  /**
   * A limit on sending (receipts: per address and per client), asked before the claim. It must answer the same for
   * a delivery it already allowed, so a retried job is not refused by its own first attempt.
   */
  readonly allowed?: (planned: PlannedDelivery & { readonly status: 'send' }, delivery: DeliveryRef) => Promise<boolean>;
  /**
   * The message asking a held delivery's recipient to confirm their address: no health information (a confirm link is
   * minted only then). None: the delivery is held quietly, because another held delivery of the same job's case asks.
   */
  readonly addressCheck?: (planned: PlannedDelivery & { readonly status: 'held' }, delivery: DeliveryRef) => Promise<OutgoingMessage>;
}

/**
 * Delivers to every planned recipient, each (document, recipient) at most once: claim with a conditional write and
 * a lease, send, mark sent. Withheld and suppressed recipients are recorded, not skipped silently; a held one is
 * recorded as held and asked to confirm their address instead (its own delivery, claimed once as well). A transient
 * failure releases its claim and fails the run after the others were tried, so the job is retried; permanent
 * refusals are recorded as failed on the case.
 */
export async function deliverAll(run: DeliveryRun, base: Omit<DeliveryRef, 'recipient'>, plan: readonly PlannedDelivery[]): Promise<DeliveryOutcome[]> {
  const { ports, now } = run;
  const retry: Array<{ recipient: string; reason: string }> = [];
  const outcomes: DeliveryOutcome[] = [];
  const record = (recipient: string, outcome: DeliveryOutcome['outcome']) => outcomes.push({ recipient, outcome });
  /** Claims one delivery, sends what `build` makes, and settles it: at most once per (document, recipient). */
  const send = async (method: PlannedDelivery['method'], delivery: DeliveryRef, build: () => Promise<OutgoingMessage>): Promise<DeliveryOutcome['outcome']> => {
    const claim = await ports.claimDelivery(delivery, now(), run.leaseMs ?? DELIVERY_LEASE_MS);
    if (claim === 'already-delivered') return 'already-sent';
    if (claim === 'held-by-another-worker') {
      retry.push({ recipient: delivery.recipient, reason: 'leased-by-another-worker' });
      return 'retry';
    }
    const message = await build();
    let messageId: string;
    try {
      messageId = await ports.sendRaw(await composeMime(message), message.from.address, message.to, deliveryTags(delivery));
    } catch (error) {
      const reason = sendErrorReason(error);
      if (isPermanentSendError(error)) {
        await ports.markFailed(delivery, reason, now());
        return 'failed';
      }
      await ports.releaseDelivery(delivery, reason, now());
      retry.push({ recipient: delivery.recipient, reason });
      return 'retry';
    }
    await ports.markSent(delivery, messageId, method, now());
    return 'sent';
  };
  for (const planned of plan) {
    const delivery: DeliveryRef = { ...base, recipient: planned.recipient };
    if (planned.status === 'withheld') {
      await ports.recordWithheld(delivery, planned.reason, now());
      record(planned.recipient, 'withheld');
      continue;
    }
    if (await ports.isSuppressed(base.agencyId, planned.address)) {
      await ports.recordWithheld(delivery, 'suppressed', now());
      record(planned.recipient, 'suppressed');
      continue;
    }
    if (planned.status === 'held') {
      // Recorded before the question goes out: staff see the document waiting whatever happens to the message.
      await ports.recordHeld(delivery, planned.reason, now());
      record(planned.recipient, 'held');
      const { addressCheck } = run;
      if (!addressCheck) continue;
      const check: DeliveryRef = { ...base, recipient: ADDRESS_CHECK_RECIPIENT };
      record(ADDRESS_CHECK_RECIPIENT, await send('link', check, () => addressCheck(planned, check)));
      continue;
    }
    if (run.allowed && !(await run.allowed(planned, delivery))) {
      await ports.recordWithheld(delivery, 'rate-limited', now());
      record(planned.recipient, 'withheld');
      continue;
    }
    record(planned.recipient, await send(planned.method, delivery, () => run.message(planned, delivery)));
  }
  if (retry.length > 0) throw new DeliveryRetryError(retry, outcomes);
  return outcomes;
}
