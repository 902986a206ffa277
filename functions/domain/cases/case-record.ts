import type { CaseState } from '../forms/case-states.ts';
import type { PendingTermination } from './termination.ts';
import type { ClientIdentity } from '../forms/identity.ts';

/** A case as staff see it in lists: ids, state and dates, and who it is about. */
export interface CaseRecord {
  readonly agencyId: string;
  readonly caseId: string;
  readonly state: CaseState;
  /** Optimistic-locking version: every write is conditional on the version it read. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * Who the case is about, copied from the intake's answers by the intake form's `x-caseforms.identity` (client data:
   * encrypted at rest with the table, never logged). Cases opened before identity was mapped have none.
   */
  readonly identity?: ClientIdentity;
  readonly caseManager?: string;
  /** Where documents for the case manager go; staff data, never logged. */
  readonly caseManagerEmail?: string;
  readonly reviewDueAt?: string;
  /** The submission that set reviewDueAt: it names the review reminder (review-reminders.ts). */
  readonly reviewSubmissionId?: string;
  readonly riskFlags?: readonly string[];
  /** When the latest contact made was (a note's `contactedAt`, UTC; not a missed appointment: last-contact.ts). */
  readonly lastContactAt?: string;
  /** Provider ids the client consented to release information to (the latest consent form). */
  readonly consentedProviders?: readonly string[];
  /** A notice to the client bounced or was refused: the document id, until staff record another channel. */
  readonly noticeUndelivered?: string;
  /** Set when a termination notice is issued: its dates, and when it reached the client (termination.ts). */
  readonly termination?: PendingTermination;
  /** When the case ended (closed or terminated): retention counts from here. */
  readonly endedAt?: string;
  /** The day the case's records may be purged (endedAt + the agency's recordsYears); none while on legal hold. */
  readonly retainUntil?: string;
  /** When the case's audit trail may go (endedAt + auditYears). */
  readonly auditRetainUntil?: string;
  readonly legalHold?: boolean;
  /** The last assignment of a case manager by a supervisor (assignment.ts): its notification names it. */
  readonly assignmentId?: string;
  /** The person this case is about, shared by every case a supervisor linked to it (domain/people/person-links.ts). */
  readonly personId?: string;
}

/** Who did what to a case, when, under which request: appended for every read and write, never changed. */
export interface AuditRecord {
  readonly agencyId: string;
  /** The case, or "agency" for agency-wide reads such as the case list. */
  readonly caseId: string;
  readonly actor: string;
  readonly roles: readonly string[];
  readonly action: 'list-cases' | 'read-case' | 'read-submission' | 'read-document' | 'submit-form' | 'raise-risk-flag' | 'read-audit' | 'open-link' | 'open-link-refused' | 'address-verified' | 'link-code-sent' | 'link-code-refused' | 'purge-case' | 'export-submissions' | 'export-case' | 'export-case-list'
    | 'note-added' | 'addendum-added' | 'follow-up-done' | 'export-notes' | 'list-follow-ups' | 'case-assigned' | 'person-linked' | 'person-unlinked' | 'search-cases'
    | 'identity-recorded' | 'read-file'
    | 'open-signing' | 'supersede-signing' | 'read-signing' | 'sign-document' | 'paper-signature' | 'decline-signature' | 'seal-document' | 'close-unsigned' | 'resend-signing-link'
    | 'open-sign-link' | 'consent-to-sign' | 'withdraw-consent' | 'sign-refused';
  readonly target?: string;
  readonly at: string;
  readonly requestId: string;
  /**
   * Why an access was refused (`open-link-refused`: link-validity.ts LinkRefusal; `link-code-refused`: link-code.ts
   * LinkCodeRefusal; `sign-refused`: signatures/client-signing.ts ClientSigningRefusal).
   */
  readonly reason?: string;
  /** A secure link's opener: the network address and user agent as received (kept in the audit trail, never logged). */
  readonly sourceAddress?: string;
  readonly userAgent?: string;
  /** `case-assigned`: the case manager before (none for an unassigned case) and after, as staff ids. */
  readonly from?: string;
  readonly to?: string;
  /** What staff searched for (`search-cases`), as typed: "who searched for what" is the point of the record, never logged. */
  readonly query?: string;
}

const RECORD_FIELDS = ['agencyId', 'caseId', 'state', 'version', 'createdAt', 'updatedAt', 'identity', 'caseManager', 'caseManagerEmail', 'reviewDueAt', 'reviewSubmissionId', 'riskFlags', 'lastContactAt', 'consentedProviders', 'noticeUndelivered', 'termination', 'endedAt', 'retainUntil', 'auditRetainUntil', 'legalHold', 'assignmentId', 'personId'] as const;

/** The case record in a stored case item: its own fields, without the keys and index attributes storage adds. */
export function caseRecordOf(item: Readonly<Record<string, unknown>>): CaseRecord {
  return Object.fromEntries(RECORD_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as unknown as CaseRecord;
}
