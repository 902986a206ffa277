import { createHash } from 'node:crypto';
/**
 * The single-table layout, shared by the CDK stack and the local bootstrap so both create the same table.
 * Every partition key starts with the agency id: one agency's keys can never address another's items.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  /** Global secondary indexes (all string keys, all sparse: only items that carry the key attribute appear). */
  indexes: {
    /** Document jobs not yet completed: the outbox sweeper's only query. */
    outbox: { name: 'outbox', partitionKey: 'outbox', sortKey: 'dueAt' },
    /** An agency's cases, newest first. Partition key `AGENCY#<id>`. */
    casesByAgency: { name: 'cases-by-agency', partitionKey: 'agencyCases', sortKey: 'createdAt' },
    /** An agency's cases in one state. Partition key `AGENCY#<id>#STATE#<state>`. */
    casesByState: { name: 'cases-by-state', partitionKey: 'agencyState', sortKey: 'updatedAt' },
    /** An agency's cases of one case manager. Partition key `AGENCY#<id>#MANAGER#<subject>`. */
    casesByManager: { name: 'cases-by-manager', partitionKey: 'agencyManager', sortKey: 'updatedAt' },
    /**
     * One case manager's open cases: their caseload, counted for the case list (Select COUNT) without reading ended
     * cases. Partition key `AGENCY#<id>#MANAGER#<subject>`, on open cases only, so it follows the case item itself.
     */
    openCasesByManager: { name: 'open-cases-by-manager', partitionKey: 'agencyOpenManager', sortKey: 'updatedAt' },
    /** An agency's open cases with a review date, soonest first. Partition key `AGENCY#<id>`. */
    casesByReview: { name: 'cases-by-review', partitionKey: 'agencyReview', sortKey: 'reviewDueAt' },
    /** Ended cases not on legal hold, by the day they may be purged: the retention sweeper's only query. */
    casesByRetention: { name: 'cases-by-retention', partitionKey: 'retentionDue', sortKey: 'retainUntil' },
    /**
     * A case manager's follow-ups, soonest first: notes with a follow-up date and open cases with a review date both
     * carry the keys. Partition key `AGENCY#<id>#MANAGER#<subject>`, sort key the agency's calendar day (YYYY-MM-DD),
     * so "my follow-ups until the end of this week" is one query of one partition, never a scan.
     */
    followUps: { name: 'follow-ups-by-owner', partitionKey: 'followUpOwner', sortKey: 'followUpDue' },
  },
} as const;

export type IndexDesign = (typeof tableDesign.indexes)[keyof typeof tableDesign.indexes];
export const allIndexes: readonly IndexDesign[] = Object.values(tableDesign.indexes);

export const OUTBOX_PENDING = 'pending';

export const keys = {
  case: (agencyId: string, caseId: string) => `AGENCY#${agencyId}#CASE#${caseId}`,
  caseRecord: () => 'CASE',
  submission: (submissionId: string) => `SUBMISSION#${submissionId}`,
  job: (submissionId: string, documentType: string) => `JOB#${submissionId}#${documentType}`,
  riskFlag: (submissionId: string, flagId: string) => `FLAG#${submissionId}#${flagId}`,
  document: (documentId: string) => `DOCUMENT#${documentId}`,
  delivery: (documentId: string, recipient: string) => `DELIVERY#${documentId}#${recipient}`,
  /** What the case knows of the client's email address: hashes of the current and the verified one, never the address. */
  clientAddress: () => 'CLIENT-ADDRESS',
  /** A case note, by the id its author's request chose: saved once (conditional put), never updated. */
  note: (noteId: string) => `NOTE#${noteId}`,
  /** An addendum sorts right after the note it adds to. */
  addendum: (noteId: string, addendumId: string) => `NOTE#${noteId}#ADDENDUM#${addendumId}`,
  /** An agency's suppression list: sort key is the SHA-256 of the lower-cased address, never the address. */
  suppression: (agencyId: string) => `AGENCY#${agencyId}#SUPPRESSION`,
  /** A secure link, found by the SHA-256 of its token. */
  link: (agencyId: string, tokenHash: string) => `AGENCY#${agencyId}#LINK#${tokenHash}`,
  linkRecord: () => 'LINK',
  /**
   * A secure link's one-time code and the browsers that confirmed it, apart from the link itself so the functions that
   * send and check codes may write here and only read links.
   */
  linkCode: (agencyId: string, tokenHash: string) => `AGENCY#${agencyId}#LINKCODE#${tokenHash}`,
  linkCodeRecord: () => 'CODE',
  /** A browser that confirmed the code, by the SHA-256 of its cookie's value. */
  linkPass: (passHash: string) => `PASS#${passHash}`,
  /** A link asking a client to confirm their address, found by the SHA-256 of its token. */
  addressCheck: (agencyId: string, tokenHash: string) => `AGENCY#${agencyId}#ADDRESS-CHECK#${tokenHash}`,
  addressCheckRecord: () => 'ADDRESS-CHECK',
  /**
   * A case filed for possible matches under one hashed fact (domain/people/possible-match.ts matchKeys): the date of
   * birth, email or phone. One partition per fact, one item per case, so "other cases with this fact" is one query.
   */
  matchKey: (agencyId: string, key: string) => `AGENCY#${agencyId}#MATCH#${key}`,
  matchEntry: (caseId: string) => `CASE#${caseId}`,
  /** The cases a supervisor linked as one person's: one item per case (sort key keys.matchEntry), beside personId on each case. */
  person: (agencyId: string, personId: string) => `AGENCY#${agencyId}#PERSON#${personId}`,
  idempotency: (agencyId: string, formId: string, key: string) => `AGENCY#${agencyId}#FORM#${formId}#IDEMPOTENCY#${key}`,
  idempotencyRecord: () => 'IDEMPOTENCY',
  /** Audit records of a case live in their own partition: appended, never updated. */
  audit: (agencyId: string, caseId: string) => `AGENCY#${agencyId}#AUDIT#${caseId}`,
  auditRecord: (at: string, requestId: string) => `${at}#${requestId}`,
  agencyCases: (agencyId: string) => `AGENCY#${agencyId}`,
  /**
   * A search term of a case (search-terms.ts): partition by the term's first characters (`partitionPrefix`), sort key
   * `<term>#<caseId>`, so a typed word is one `begins_with` query of one partition of one agency.
   */
  searchTerms: (agencyId: string, prefix: string) => `AGENCY#${agencyId}#SEARCH#${prefix}`,
  searchTerm: (term: string, caseId: string) => `${term}#${caseId}`,
  agencyState: (agencyId: string, state: string) => `AGENCY#${agencyId}#STATE#${state}`,
  agencyManager: (agencyId: string, subject: string) => `AGENCY#${agencyId}#MANAGER#${subject}`,
  retentionDue: () => 'RETENTION',
  /**
   * A staff sign-in's server-side session, by the SHA-256 of its `origin_jti` (Cognito's id of a sign-in, shared by
   * every token its refresh token gives): last activity, and when and why it ended. Expires with the sign-in.
   */
  session: (agencyId: string, sessionHash: string) => `AGENCY#${agencyId}#SESSION#${sessionHash}`,
  sessionRecord: () => 'SESSION',
  /** Receipts sent in a day (UTC), per address hash and per client key: the receipt limits' counters. */
  receiptCounts: (agencyId: string, day: string) => `AGENCY#${agencyId}#RECEIPTS#${day}`,
  /**
   * An agency's form pack (domain/studio): the pointer to the live version (`packLive`), the draft (`packDraft`) and
   * the publishing history (`packEvent`, appended, never updated), in one partition.
   */
  pack: (agencyId: string) => `AGENCY#${agencyId}#PACK`,
  packLive: () => 'LIVE',
  packDraft: () => 'DRAFT',
  packEvent: (at: string, version: string) => `EVENT#${at}#${version}`,
  /**
   * A file received for a form (domain/uploads/upload-record.ts): its checked type, size and name, its scan result, and
   * once a submission refers to it, its case. Expires (TTL) unless linked.
   */
  upload: (agencyId: string, uploadId: string) => `AGENCY#${agencyId}#UPLOAD#${uploadId}`,
  uploadRecord: () => 'UPLOAD',
  /** A file of a case, in the case's partition (domain/uploads/upload-record.ts CaseFile). */
  caseFile: (uploadId: string) => `FILE#${uploadId}`,
  /** A document's signing record (domain/signatures/signing.ts), in the case's partition: it goes with the case. */
  signing: (documentId: string) => `SIGNING#${documentId}`,
};

/** The suppression list keys addresses by hash: the list itself holds no addresses. */
export const addressHash = (address: string) => createHash('sha256').update(address.trim().toLowerCase()).digest('hex');
