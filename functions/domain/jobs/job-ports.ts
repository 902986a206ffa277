import type { JobQueue } from '../cases/intake.ts';
import type { DocumentJob } from '../cases/document-job.ts';
import type { ReviewPorts } from '../cases/review-reminders.ts';
import type { AddressCheck, ClientAddressRecord } from '../cases/client-address.ts';
import type { DeliveryPorts } from '../delivery/deliver.ts';
import type { ReceiptAllowance } from '../delivery/receipts.ts';
import type { SecureLink } from '../delivery/secure-link.ts';
import type { FormCatalog } from '../forms/catalog.ts';
import type { FormVersions } from '../forms/form-versions.ts';
import type { Assessment } from '../forms/scoring.ts';
import type { Agency } from '../forms/agency.ts';
import type { PdfSigningKey } from '../seal/pdf-signing-key.ts';
import type { SigningStore } from '../signatures/signing-store.ts';
import type { HtmlToPdf } from '../documents/html-to-pdf.ts';
import type { TemplateLibrary } from '../documents/templates.ts';

export interface SubmissionRecord {
  readonly formId: string;
  readonly formVersion: string;
  readonly receivedAt: string;
  readonly rawKey: string;
  readonly scores?: Assessment['scores'];
  readonly flags?: Assessment['flags'];
  readonly noticeDate?: string;
}

export interface DocumentRecord {
  readonly agencyId: string;
  readonly caseId: string;
  readonly documentId: string;
  readonly documentType: string;
  readonly submissionId: string;
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly createdAt: string;
}

/** A submission of the job's case, as the case's other documents see it. */
export interface CaseSubmission extends SubmissionRecord {
  readonly submissionId: string;
  readonly channel: 'public' | 'staff';
  readonly transition?: { readonly from: string; readonly to: string };
}

/**
 * What jobs need from storage and mail; the AWS adapters implement it. Jobs are handed over in their wire form:
 * the job record is keyed by, and keeps, what the queue carried.
 */
export interface JobPorts extends DeliveryPorts {
  findSubmission(job: DocumentJob): Promise<SubmissionRecord | undefined>;
  /** Every submission of the job's case, oldest first, the case manager's address and the recorded consent. */
  caseContext(job: DocumentJob): Promise<{
    readonly submissions: readonly CaseSubmission[];
    /** The case manager's id, when the case has one (a secure link to them records it). */
    readonly caseManager?: string;
    readonly caseManagerEmail: string | undefined;
    readonly consentedProviders: readonly string[];
    /** What the case knows of the client's address: the one last routed to, and the one verified (client-address.ts). */
    readonly clientAddress?: ClientAddressRecord;
    /** The case's last assignment (cases/assignment.ts): an older one's notification is not sent. */
    readonly assignmentId?: string;
  }>;
  /** The client's address is now this one (its hash): a verification of another address no longer counts. */
  noteClientAddress(agencyId: string, caseId: string, addressHash: string, now: Date): Promise<void>;
  /** Stores a confirm link's record (client-address.ts), by its token's hash. */
  createAddressCheck(check: AddressCheck): Promise<void>;
  /** The document as first stored, if it was: a re-run delivers it rather than a newly rendered one. */
  findDocument(agencyId: string, caseId: string, documentId: string): Promise<DocumentRecord | undefined>;
  readBlob(key: string): Promise<Buffer>;
  putBlob(key: string, body: Buffer, contentType: string): Promise<void>;
  recordDocument(record: DocumentRecord): Promise<void>;
  createLink(link: SecureLink): Promise<void>;
  /** An intake receipt may go to this address from this client today (receipts.ts); the same delivery again is allowed. */
  allowReceipt(allowance: ReceiptAllowance): Promise<boolean>;
  /** The supervisor was told: the job's risk flags leave `alert-pending`. */
  markAlerted(job: DocumentJob, now: Date): Promise<void>;
  completeJob(job: DocumentJob, now: Date): Promise<void>;
  /** The job gave up: out of the outbox (the sweeper must not revive it), its reason on the case. */
  markDeadLettered(job: DocumentJob, reason: string, now: Date): Promise<void>;
}

/** What the signature jobs need besides the other ports (domain/signatures). */
export interface SigningPorts {
  readonly store: SigningStore;
  /** The agency's seal key: KMS in AWS, a generated key under .local/ locally. */
  sealKey(agency: Agency): Promise<PdfSigningKey>;
  /**
   * Stores a final PDF once: 'exists' when one is already at the key (a second seal never replaces the first). The
   * version stored can be neither deleted nor changed until `lockedUntil` (S3 Object Lock, governance mode).
   */
  putFinalPdf(key: string, pdf: Buffer, lockedUntil: Date): Promise<'stored' | 'exists'>;
  /** The document queue: the fast path for the jobs an opening commits (the outbox holds them anyway). */
  readonly queue: JobQueue;
}

export interface JobContext {
  readonly ports: JobPorts;
  readonly catalog: FormCatalog;
  readonly formVersions: Pick<FormVersions, 'form'>;
  readonly templates: TemplateLibrary;
  readonly renderer: HtmlToPdf;
  readonly now: () => Date;
  /** Where secure links point: the public API's base URL. */
  readonly publicBaseUrl: string;
  /** Where the staff pages are served: a follow-up reminder links to the case page there. */
  readonly staffPagesUrl?: string;
  /** How long a delivery's claim holds before another worker may take it over. */
  readonly leaseMs?: number;
  /** Review reminders (review-reminders.ts); a review job without them can never succeed. */
  readonly reviews?: ReviewPorts;
  /**
   * Signing records and the seal (the worker always has them): without them a document is delivered as rendered and
   * no signing record is opened, as in the unit tests of other jobs.
   */
  readonly signing?: SigningPorts;
}
