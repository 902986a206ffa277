import { addressHash } from '../../functions/contracts/table-design.ts';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import type { Claim, DeliveryRef } from '../../functions/domain/delivery/deliver.ts';
import type { AddressCheck, ClientAddressRecord } from '../../functions/domain/cases/client-address.ts';
import type { HeldReason, WithheldReason } from '../../functions/domain/delivery/routing.ts';
import type { SecureLink } from '../../functions/domain/delivery/secure-link.ts';
import type { CaseSubmission, DocumentRecord, JobPorts, SubmissionRecord } from '../../functions/domain/jobs/job-ports.ts';
import { RECEIPTS_PER_ADDRESS_PER_DAY, RECEIPTS_PER_CLIENT_PER_DAY, type ReceiptAllowance } from '../../functions/domain/delivery/receipts.ts';

export interface MemoryDelivery {
  status: string;
  leaseUntil?: number;
  attempts: number;
  reason?: string;
  messageId?: string;
  method?: string;
}

/**
 * The jobs' ports in memory, with the same claim rules as the DynamoDB adapter (a conditional write that
 * succeeds for a new, released or lease-expired delivery), so the runner's rules can be tested without AWS.
 */
export class MemoryJobPorts implements JobPorts {
  readonly deliveries = new Map<string, MemoryDelivery>();
  readonly sent: Array<{ raw: Buffer; to: readonly string[]; tags: Readonly<Record<string, string>> }> = [];
  readonly documents: DocumentRecord[] = [];
  readonly links: SecureLink[] = [];
  readonly completed: DocumentJob[] = [];
  readonly alerted: DocumentJob[] = [];
  readonly deadLettered: Array<{ job: DocumentJob; reason: string }> = [];
  readonly suppressed = new Set<string>();
  readonly addressChecks: AddressCheck[] = [];
  readonly blobs = new Map<string, Buffer>();
  /** Makes sendRaw fail, e.g. with an SES error name, before anything is sent. */
  failSend: ((to: readonly string[]) => Error | undefined) | undefined;

  constructor(
    private readonly answers: Record<string, Record<string, unknown>>,
    private readonly submission: (SubmissionRecord & Partial<CaseSubmission>) | undefined,
    private readonly caseFacts: { submissions?: CaseSubmission[]; caseManagerEmail?: string; consentedProviders?: string[]; clientAddress?: ClientAddressRecord } = {},
  ) {}

  /** Receipt counters, as the table keeps them: per day and address (or client), the set of deliveries allowed. */
  readonly receiptCounts = new Map<string, Set<string>>();

  async allowReceipt({ address, clientKey, deliveryId, now }: ReceiptAllowance): Promise<boolean> {
    const day = now.toISOString().slice(0, 10);
    const counters: Array<[string, number]> = [[`${day}#ADDRESS#${address.toLowerCase()}`, RECEIPTS_PER_ADDRESS_PER_DAY]];
    if (clientKey) counters.push([`${day}#CLIENT#${clientKey}`, RECEIPTS_PER_CLIENT_PER_DAY]);
    const allowed = counters.every(([key, limit]) => {
      const seen = this.receiptCounts.get(key) ?? new Set<string>();
      return seen.has(deliveryId) || seen.size < limit;
    });
    if (allowed) for (const [key] of counters) this.receiptCounts.set(key, (this.receiptCounts.get(key) ?? new Set<string>()).add(deliveryId));
    return allowed;
  }

  static key(delivery: DeliveryRef): string {
    return `${delivery.documentId}#${delivery.recipient}`;
  }

  async findSubmission() { return this.submission; }
  async caseContext() {
    return {
      submissions: this.caseFacts.submissions ?? [], caseManagerEmail: this.caseFacts.caseManagerEmail, consentedProviders: this.caseFacts.consentedProviders ?? [],
      ...(this.caseFacts.clientAddress ? { clientAddress: this.caseFacts.clientAddress } : {}),
    };
  }
  async noteClientAddress(_agencyId: string, _caseId: string, hash: string) {
    this.caseFacts.clientAddress = { ...this.caseFacts.clientAddress, currentHash: hash };
  }
  /** What confirming the address records (verify-client-address.ts), without the queue. */
  async recordVerifiedForTest(address: string) {
    this.caseFacts.clientAddress = { ...this.caseFacts.clientAddress, verifiedHash: addressHash(address), verifiedAt: new Date().toISOString(), verifiedBy: 'email-link' };
  }
  async createAddressCheck(check: AddressCheck) { this.addressChecks.push(check); }
  async findDocument(_agencyId: string, _caseId: string, documentId: string) { return this.documents.find((document) => document.documentId === documentId); }
  async readBlob(key: string) { return this.blobs.get(key) ?? Buffer.from(JSON.stringify(this.answers[key] ?? {})); }
  async putBlob(key: string, body: Buffer) { this.blobs.set(key, body); }
  async recordDocument(record: DocumentRecord) { this.documents.push(record); }
  async createLink(link: SecureLink) { this.links.push(link); }
  async markAlerted(job: DocumentJob) { this.alerted.push(job); }
  async completeJob(job: DocumentJob) { this.completed.push(job); }
  async markDeadLettered(job: DocumentJob, reason: string) { this.deadLettered.push({ job, reason }); }
  async isSuppressed(_agencyId: string, address: string) { return this.suppressed.has(address.toLowerCase()); }

  async recordWithheld(delivery: DeliveryRef, reason: WithheldReason) {
    const existing = this.deliveries.get(MemoryJobPorts.key(delivery));
    if (!existing || existing.status === 'withheld') this.deliveries.set(MemoryJobPorts.key(delivery), { status: 'withheld', reason, attempts: 0 });
  }

  async recordHeld(delivery: DeliveryRef, reason: HeldReason) {
    const existing = this.deliveries.get(MemoryJobPorts.key(delivery));
    if (!existing || ['withheld', 'held'].includes(existing.status)) this.deliveries.set(MemoryJobPorts.key(delivery), { status: 'held', reason, attempts: existing?.attempts ?? 0 });
  }

  async claimDelivery(delivery: DeliveryRef, now: Date, leaseMs: number): Promise<Claim> {
    const key = MemoryJobPorts.key(delivery);
    const existing = this.deliveries.get(key);
    const free = !existing || ['retry', 'withheld', 'held'].includes(existing.status) || (existing.status === 'claimed' && existing.leaseUntil! < now.getTime());
    if (free) {
      this.deliveries.set(key, { status: 'claimed', leaseUntil: now.getTime() + leaseMs, attempts: (existing?.attempts ?? 0) + 1 });
      return 'claimed';
    }
    return existing!.status === 'claimed' ? 'held-by-another-worker' : 'already-delivered';
  }

  async sendRaw(raw: Buffer, _from: string, to: readonly string[], tags: Readonly<Record<string, string>>) {
    const failure = this.failSend?.(to);
    if (failure) throw failure;
    this.sent.push({ raw, to, tags });
    return `message-${this.sent.length}`;
  }

  async markSent(delivery: DeliveryRef, messageId: string, method: string) {
    this.update(delivery, { status: 'sent', messageId, method, leaseUntil: undefined });
  }
  async releaseDelivery(delivery: DeliveryRef, reason: string) { this.update(delivery, { status: 'retry', reason, leaseUntil: undefined }); }
  async markFailed(delivery: DeliveryRef, reason: string) { this.update(delivery, { status: 'failed', reason, leaseUntil: undefined }); }

  private update(delivery: DeliveryRef, change: Partial<MemoryDelivery>) {
    const key = MemoryJobPorts.key(delivery);
    this.deliveries.set(key, { ...this.deliveries.get(key)!, ...change });
  }
}
