/**
 * The single-table layout, shared by the CDK stack and the local bootstrap so both create the same table.
 * Every partition key starts with the agency id: one agency's keys can never address another's items.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  /** Sparse index of document jobs not yet completed: the outbox sweeper's only query. */
  outboxIndex: { name: 'outbox', partitionKey: 'outbox', sortKey: 'dueAt' },
} as const;

export const OUTBOX_PENDING = 'pending';

export const keys = {
  case: (agencyId: string, caseId: string) => `AGENCY#${agencyId}#CASE#${caseId}`,
  caseRecord: () => 'CASE',
  submission: (submissionId: string) => `SUBMISSION#${submissionId}`,
  job: (submissionId: string, documentType: string) => `JOB#${submissionId}#${documentType}`,
  riskFlag: (submissionId: string, flagId: string) => `FLAG#${submissionId}#${flagId}`,
  document: (documentId: string) => `DOCUMENT#${documentId}`,
  delivery: (documentId: string, recipient: string) => `DELIVERY#${documentId}#${recipient}`,
  idempotency: (agencyId: string, formId: string, key: string) => `AGENCY#${agencyId}#FORM#${formId}#IDEMPOTENCY#${key}`,
  idempotencyRecord: () => 'IDEMPOTENCY',
};
