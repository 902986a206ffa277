import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { workers } from '../functions/contracts/routes.ts';
import { keys, tableDesign } from '../functions/contracts/table-design.ts';
import { rawSubmissionKey } from '../functions/domain/cases/intake.ts';
import { documentKey } from '../functions/domain/documents/document-key.ts';
import { formVersionKey } from '../functions/domain/forms/form-versions.ts';
import { packKey } from '../functions/adapters/aws/pack-store.ts';
import { heldPattern, quarantinePattern, releasedPattern } from './uploads.ts';

/**
 * Every grant a caseforms function gets, in one place to review. The table, bucket and queues are
 * encrypted with the CMK, so each CDK grant below also adds the matching KMS permissions on that key.
 */
export interface DataResources {
  readonly table: dynamodb.ITable;
  readonly bucket: s3.IBucket;
  readonly queue: sqs.IQueue;
  /** The document queue's dead-letter queue, which the worker writes to itself (with the reason a job failed). */
  readonly deadLetterQueue: sqs.IQueue;
  /** Clients' files (infra/uploads.ts): quarantine/, files/ and held/, each reached by the functions below only. */
  readonly uploads: s3.IBucket;
}

/** What the document worker needs to send mail besides the data: the SES configuration sets that report on it. */
export interface MailResources {
  /** Every agency's configuration set: a send names its agency's. */
  readonly configurationSetArns: readonly string[];
}

type Grant = (fn: lambda.IFunction, resources: DataResources) => void;

/** The key prefix every published form version lives under: formVersionKey(a, f, v) minus `<a>/<f>/<v>.json`. */
export const formVersionsPrefix = formVersionKey('a', 'f', 'v').slice(0, -'a/f/v.json'.length);

/** Object keys of published form versions, as an S3 ARN pattern. */
export const formVersionsPattern = `${formVersionsPrefix}*`;

/** The partition of an agency's pack items, `AGENCY#<agency>#PACK`: the live pointer, the draft, the history. */
export const packKeyPattern = keys.pack('*');

/** Object keys of published pack versions, `packs/<agency>/<version>.json`, as an S3 ARN pattern. */
export const packObjectPattern = packKey('*', '*');

/** Partition keys of audit records, `AGENCY#<agency>#AUDIT#<case>`, as an IAM StringLike pattern. */
export const auditKeyPattern = keys.audit('*', '*');

/** Object keys of raw submission bodies, public and staff alike, as an S3 ARN pattern. */
export const rawSubmissionPattern = rawSubmissionKey('*', '*', '*');

/** Partition keys of a case's items (the case record, its documents and deliveries), as an IAM StringLike pattern. */
export const casePartitionPattern = keys.case('*', '*');

/** Partition keys of the case search index, `AGENCY#<agency>#SEARCH#<first two characters>`, as an IAM StringLike pattern. */
export const searchPartitionPattern = `${keys.agencyCases('*')}#SEARCH#*`;

/** Partition keys of secure links, `AGENCY#<agency>#LINK#<token hash>`. */
export const linkKeyPattern = keys.link('*', '*');

/** Partition keys of secure links' one-time codes and confirmed browsers, `AGENCY#<agency>#LINKCODE#<token hash>`. */
export const linkCodeKeyPattern = keys.linkCode('*', '*');
/** Partition keys of client confirm links, `AGENCY#<agency>#ADDRESS-CHECK#<token hash>` (client-address.ts). */
export const addressCheckKeyPattern = keys.addressCheck('*', '*');

/** Partition keys of idempotency records, `AGENCY#<agency>#FORM#<form>#IDEMPOTENCY#<key>`. */
export const idempotencyKeyPattern = keys.idempotency('*', '*', '*');
/** A case's possible-match entries (hashed facts, functions/domain/people/possible-match.ts), written at intake. */
export const matchKeyPattern = keys.matchKey('*', '*');
/** The cases linked as one person's (functions/domain/people/person-links.ts). */
export const personPattern = keys.person('*', '*');

/** Partition keys of upload records, `AGENCY#<agency>#UPLOAD#<upload>` (functions/domain/uploads/upload-record.ts). */
export const uploadKeyPattern = keys.upload('*', '*');

/** Partition keys of agencies' suppression lists, `AGENCY#<agency>#SUPPRESSION`. */
export const suppressionKeyPattern = keys.suppression('*');

/** Partition keys of staff sessions' records, `AGENCY#<agency>#SESSION#<hash>` (functions/domain/sessions/staff-sessions.ts). */
export const sessionKeyPattern = keys.session('*', '*');

/**
 * Every staff page and staff API function reads its caller's session record and records activity (GetItem and
 * UpdateItem, session partitions only); sign-out ends it. An update reads the stored item, so it decrypts too.
 */
const grantSessions = (fn: lambda.IFunction, table: dynamodb.ITable): void => {
  grantItemAction(fn, table, 'GetItem', [sessionKeyPattern]);
  grantItemAction(fn, table, 'UpdateItem', [sessionKeyPattern]);
  table.encryptionKey?.grantEncryptDecrypt(fn);
};

/** Object keys of generated documents (functions/domain/documents/document-key.ts), as an S3 ARN pattern. */
export const documentPattern = documentKey('*', '*', '*');

/**
 * One DynamoDB action on the table, limited to items whose partition key matches one of the patterns, and, when
 * given, to that action inside one enclosing operation (a transaction's Put is authorized as PutItem, with
 * `dynamodb:EnclosingOperation` naming the transaction).
 */
const grantItemAction = (fn: lambda.IFunction, table: dynamodb.ITable, action: string, partitionPatterns: string[], enclosingOperation?: string): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: [`dynamodb:${action}`],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitionPatterns },
        ...(enclosingOperation ? { 'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': [enclosingOperation] } } : {}),
      },
    }),
  );
};

/**
 * Staff reads are audited: the reading functions may append audit records, and nothing else. PutItem only, on the
 * table itself, and only to items whose partition key is an audit partition, so a read-only function cannot
 * overwrite a case. The KMS actions are the ones CDK's grantWriteData adds for the table's key.
 */
const grantAuditAppend = (fn: lambda.IFunction, table: dynamodb.ITable): void => {
  grantItemAction(fn, table, 'PutItem', [auditKeyPattern]);
  table.encryptionKey?.grantEncrypt(fn);
};

/** Read the case data and append audit records. */
const grantStaffRead = (fn: lambda.IFunction, { table }: DataResources): void => {
  table.grantReadData(fn);
  grantAuditAppend(fn, table);
};

/**
 * A public intake, from the JSON API or the page (functions/adapters/aws/intake-store.ts), and nothing more, since
 * anyone can call it:
 * - GetItem on idempotency records only (the receipt of an earlier send with the same key);
 * - PutItem on case partitions, search-index partitions and idempotency records, and only inside TransactWriteItems: the
 *   commit puts the case record, its submission, jobs, flags, search terms, possible-match entries and the idempotency
 *   record in one transaction;
 * - GetItem on upload records, and UpdateItem on them only inside that transaction: the answers' files are checked,
 *   then linked to the case (docs/uploads.md);
 * - PutObject and DeleteObject on raw submission bodies (a body whose commit failed is deleted again);
 * - SendMessage to the document queue.
 * No Query, Scan, BatchGetItem or DeleteItem; no index; no audit, link or suppression partition; no object read, and
 * nothing in the uploads bucket (intake-post's refused page presigns its upload forms: see routeGrants). The request-time receipt limit only computes a client key: the counters are the worker's.
 */
function grantIntake(fn: lambda.IFunction, { table, bucket, queue }: DataResources): void {
  grantItemAction(fn, table, 'GetItem', [idempotencyKeyPattern, uploadKeyPattern]);
  grantItemAction(fn, table, 'PutItem', [casePartitionPattern, searchPartitionPattern, idempotencyKeyPattern, matchKeyPattern], 'TransactWriteItems');
  // The answers' files are linked in the same commit: each upload record gets the case (its FILE# item is a case item).
  grantItemAction(fn, table, 'UpdateItem', [uploadKeyPattern], 'TransactWriteItems');
  // Reading an idempotency record decrypts; writing encrypts (the table, and the SSE-KMS bucket, use the stack's key).
  table.encryptionKey?.grantEncryptDecrypt(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [bucket.arnForObjects(rawSubmissionPattern)] }));
  bucket.encryptionKey?.grantEncrypt(fn);
  queue.grantSendMessages(fn);
}

/**
 * Assigning a case manager (functions/adapters/aws/assignment-store.ts): GetItem on case partitions (the case record,
 * read consistently); PutItem on case and audit partitions only inside TransactWriteItems (the case, its notification
 * job in the outbox and the audit record commit together); SendMessage to the document queue (the notification).
 * No Query, Scan, UpdateItem or DeleteItem; no bucket.
 */
function grantAssignment(fn: lambda.IFunction, { table, queue }: DataResources): void {
  grantItemAction(fn, table, 'GetItem', [casePartitionPattern]);
  grantItemAction(fn, table, 'PutItem', [casePartitionPattern, auditKeyPattern], 'TransactWriteItems');
  table.encryptionKey?.grantEncryptDecrypt(fn);
  queue.grantSendMessages(fn);
}

/**
 * A supervisor's link or unlink of cases as one person's (functions/domain/people/person-links.ts): read case records
 * (GetItem) and a person's cases (Query of its partition), then one transaction puts the case records, puts and
 * deletes the person's entries and appends the audit records. No index, no bucket, no queue.
 */
function grantPersonLinks(fn: lambda.IFunction, { table }: DataResources): void {
  grantItemAction(fn, table, 'GetItem', [casePartitionPattern]);
  grantItemAction(fn, table, 'Query', [personPattern]);
  grantItemAction(fn, table, 'PutItem', [casePartitionPattern, personPattern, auditKeyPattern], 'TransactWriteItems');
  grantItemAction(fn, table, 'DeleteItem', [personPattern], 'TransactWriteItems');
  table.encryptionKey?.grantEncryptDecrypt(fn);
}

/** Staff submissions follow the public intake path: table items, the raw body in the bucket, document jobs. */
function grantStaffSubmission(fn: lambda.IFunction, { table, bucket, queue }: DataResources): void {
  table.grantReadWriteData(fn);
  bucket.grantPut(fn, rawSubmissionPattern);
  bucket.grantDelete(fn, rawSubmissionPattern);
  queue.grantSendMessages(fn);
}

/**
 * A supervisor's export of submissions: the case data and audit records as any staff read, the raw submission bodies
 * (the answers), and published form versions (a submission's columns come from the version it was made with, which
 * may be older than the bundled one). Generated documents stay out of reach.
 */
function grantSubmissionExport(fn: lambda.IFunction, resources: DataResources): void {
  grantStaffRead(fn, resources);
  resources.bucket.grantRead(fn, rawSubmissionPattern);
  resources.bucket.grantRead(fn, formVersionsPattern);
}

/**
 * Recording a client's address as verified (functions/domain/cases/verify-client-address.ts): read the case record
 * (GetItem), write the case's client-address item (UpdateItem), find the documents held for the client (Query on the
 * case's partition: its deliveries and documents), append the audit record, and put the held documents' jobs back on
 * the document queue. Case partitions only: no index, no bucket, no mail.
 */
function grantAddressVerification(fn: lambda.IFunction, { table, queue }: DataResources): void {
  grantItemAction(fn, table, 'GetItem', [casePartitionPattern]);
  grantItemAction(fn, table, 'UpdateItem', [casePartitionPattern]);
  grantItemAction(fn, table, 'Query', [casePartitionPattern]);
  // An update reads the stored item, so it decrypts as well as encrypts.
  table.encryptionKey?.grantEncryptDecrypt(fn);
  grantAuditAppend(fn, table);
  queue.grantSendMessages(fn);
}

/**
 * Saving an addendum (functions/adapters/aws/note-store.ts): GetItem on case partitions (the note it adds to), and
 * PutItem on case and audit partitions only inside TransactWriteItems (the addendum and its audit record, each
 * conditional on not existing). No UpdateItem, DeleteItem, Query or bucket: a saved note is final.
 */
function grantAddendumWrite(fn: lambda.IFunction, { table }: DataResources): void {
  grantItemAction(fn, table, 'GetItem', [casePartitionPattern]);
  grantItemAction(fn, table, 'PutItem', [casePartitionPattern, auditKeyPattern], 'TransactWriteItems');
  table.encryptionKey?.grantEncryptDecrypt(fn);
}

/**
 * Saving a note: as an addendum (the case read, the note and its audit record put), and UpdateItem on case partitions
 * only inside that transaction: a contact moves the case record's `lastContactAt` forward (last-contact-update.ts).
 */
function grantNoteWrite(fn: lambda.IFunction, resources: DataResources): void {
  grantAddendumWrite(fn, resources);
  grantItemAction(fn, resources.table, 'UpdateItem', [casePartitionPattern], 'TransactWriteItems');
}

/**
 * Saving a note (grantNoteWrite), whose follow-up date commits its reminder's schedule job in the same transaction
 * (a PutItem on the case's partition, already granted), and sends that job to the document queue (the fast path).
 */
function grantNoteWriteWithJobs(fn: lambda.IFunction, resources: DataResources): void {
  grantNoteWrite(fn, resources);
  resources.queue.grantSendMessages(fn);
}

/**
 * Marking a note's follow-up done (functions/domain/cases/follow-up-done.ts): GetItem on case partitions (the note),
 * then one transaction: UpdateItem on the note (done recorded beside it, the follow-ups index's sort key removed) and
 * the audit record's PutItem. No Put or Delete on case items: the note stays as saved.
 */
function grantFollowUpDone(fn: lambda.IFunction, { table }: DataResources): void {
  grantItemAction(fn, table, 'GetItem', [casePartitionPattern]);
  grantItemAction(fn, table, 'UpdateItem', [casePartitionPattern], 'TransactWriteItems');
  grantItemAction(fn, table, 'PutItem', [auditKeyPattern], 'TransactWriteItems');
  // An update reads the stored item, so it decrypts as well as encrypts.
  table.encryptionKey?.grantEncryptDecrypt(fn);
}

/** Partition keys of the follow-ups index, `AGENCY#<agency>#MANAGER#<subject>`. */
export const followUpOwnerPattern = keys.agencyManager('*', '*');

/**
 * A staff member's follow-ups: Query on the follow-ups index only (never the table, never a scan), and the audit
 * record of the read.
 */
function grantFollowUps(fn: lambda.IFunction, { table }: DataResources): void {
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ['dynamodb:Query'],
    resources: [`${table.tableArn}/index/${tableDesign.indexes.followUps.name}`],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [followUpOwnerPattern] } },
  }));
  table.encryptionKey?.grantDecrypt(fn);
  grantAuditAppend(fn, table);
}

/** A staff route's grant and the session records every staff route reads and writes. */
const withSessions = (grant: Grant): Grant => (fn, resources) => {
  grant(fn, resources);
  grantSessions(fn, resources.table);
};

/**
 * The form studio's pages that only read (home, editor, comparison, previews): the agency's live pointer, draft and
 * history (pack partitions only), and stored packs and form versions.
 */
const grantStudioRead: Grant = (fn, { table, bucket }) => {
  for (const action of ['GetItem', 'BatchGetItem', 'Query']) grantItemAction(fn, table, action, [packKeyPattern]);
  table.encryptionKey?.grantDecrypt(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(packObjectPattern), bucket.arnForObjects(formVersionsPattern)] }));
  bucket.encryptionKey?.grantDecrypt(fn);
};

/**
 * The studio's posts that change a pack (studioPackWriters): a draft's save and discard (PutItem, DeleteItem), the
 * publish and roll-back transaction (pointer, history line, the draft's delete), and storing packs and their forms'
 * versions. ListBucket, as the deploy step has it, so the "already stored?" HeadObject of a new form version is a
 * 404, not a 403. Packs are content-addressed and never deleted: no DeleteObject.
 */
const grantStudioWrite: Grant = (fn, resources) => {
  const { table, bucket } = resources;
  grantStudioRead(fn, resources);
  for (const action of ['PutItem', 'DeleteItem']) grantItemAction(fn, table, action, [packKeyPattern]);
  table.encryptionKey?.grantEncrypt(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(packObjectPattern), bucket.arnForObjects(formVersionsPattern)] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  bucket.encryptionKey?.grantEncrypt(fn);
};

/**
 * Signing a presigned POST into the quarantine (functions/adapters/aws/upload-store.ts presign): the browser's POST
 * carries the signer's rights, so the signer may put objects under quarantine/ and nowhere else, encrypted with the key.
 */
const grantUploadPresign: Grant = (fn, { uploads }) => {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [uploads.arnForObjects(quarantinePattern)] }));
  uploads.encryptionKey?.grantEncrypt(fn);
};

/** Reading upload records (GetItem, upload partitions only): the page lists the files already attached. */
const grantUploadRecordRead: Grant = (fn, { table }) => {
  grantItemAction(fn, table, 'GetItem', [uploadKeyPattern]);
  table.encryptionKey?.grantDecrypt(fn);
};

/**
 * The release step (handlers/upload-scanned.ts), on GuardDuty's scan result: reads the quarantined object; puts a
 * clean one, its image metadata removed, under files/; copies an infected one under held/ (a copy reads the source's
 * tags, GuardDuty's result among them, and writes them on the copy); deletes the quarantined one. The upload record's
 * scan (GetItem, UpdateItem, upload partitions) and the case's FILE# item's (UpdateItem, case partitions). It serves no
 * form.
 */
export const grantUploadRelease: Grant = (fn, { table, uploads }) => {
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject', 's3:GetObjectTagging', 's3:DeleteObject'],
    resources: [uploads.arnForObjects(quarantinePattern)],
  }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [uploads.arnForObjects(releasedPattern), uploads.arnForObjects(heldPattern)] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObjectTagging'], resources: [uploads.arnForObjects(heldPattern)] }));
  uploads.encryptionKey?.grantEncryptDecrypt(fn);
  grantItemAction(fn, table, 'GetItem', [uploadKeyPattern]);
  grantItemAction(fn, table, 'UpdateItem', [uploadKeyPattern, casePartitionPattern]);
  table.encryptionKey?.grantEncryptDecrypt(fn);
};

/**
 * The uploads of public and staff forms (handlers/intake-upload.ts, staff-form-upload.ts): presigning, then the check of what arrived: HeadObject and a ranged
 * GetObject of the quarantined object, its scan tag, DeleteObject of a refused one; the upload record (GetItem, the
 * conditional PutItem that keeps it, DeleteItem of the early-scan stub of a refused one). A file whose scan answered
 * before it arrived is released here at once (the release step could not: it needs the received record), so this
 * function also has the release's grants (grantUploadRelease, below).
 */
const grantUploadReceive: Grant = (fn, resources) => {
  const { table } = resources;
  grantUploadPresign(fn, resources);
  grantUploadRelease(fn, resources);
  grantItemAction(fn, table, 'PutItem', [uploadKeyPattern]);
  grantItemAction(fn, table, 'DeleteItem', [uploadKeyPattern]);
};


/** The studio's handlers that write packs: the only functions, beside the deploy step, not denied pack writes. */
export const studioPackWriters: ReadonlySet<string> = new Set(['staff-studio']);

/** Route handlers not listed get no data access at all. */
export const routeGrants: Readonly<Record<string, Grant>> = {
  // Form schemas ship inside the bundle: reading one touches no AWS data.
  'get-form': () => {},
  // The current version is in the bundle; older ones are read from the published form versions.
  'get-form-version': (fn, { bucket }) => {
    bucket.grantRead(fn, formVersionsPattern);
  },
  // The raw body goes in before the commit, and is deleted again when the commit is known not to have happened.
  submit: grantIntake,
  // The intake page is generated from the bundled schema; its post stores through the same path as submit. Each file
  // question gets its presigned POST as the page renders, and the page lists the files already attached.
  'intake-page': (fn, resources) => {
    grantUploadPresign(fn, resources);
    grantUploadRecordRead(fn, resources);
  },
  'intake-upload': grantUploadReceive,
  // When its answers are refused, the page comes back with a presigned POST per file question, as intake-page's.
  'intake-post': (fn, resources) => {
    grantIntake(fn, resources);
    grantUploadPresign(fn, resources);
  },
  // The page's inline check validates against the bundled schema and stores nothing.
  'intake-check': () => {},
  'list-cases': withSessions(grantStaffRead),
  'get-case': withSessions(grantStaffRead),
  'get-audit': withSessions(grantStaffRead),
  // The answers are the raw submission body; generated documents and form versions stay out of reach.
  'get-submission': withSessions((fn, resources) => {
    grantStaffRead(fn, resources);
    resources.bucket.grantRead(fn, rawSubmissionPattern);
  }),
  // Generated documents only: raw answers and form versions stay out of reach.
  'get-document': withSessions((fn, resources) => {
    grantStaffRead(fn, resources);
    resources.bucket.grantRead(fn, documentPattern);
  }),
  // Anyone holding a link: the link item, the browser's pass for it, and the document item it names (GetItem only, no
  // Query to list a case), the audit record of the opening, and generated documents in the bucket.
  'open-link': (fn, { table, bucket }) => {
    grantItemAction(fn, table, 'GetItem', [linkKeyPattern, linkCodeKeyPattern, casePartitionPattern]);
    table.encryptionKey?.grantDecrypt(fn);
    grantAuditAppend(fn, table);
    bucket.grantRead(fn, documentPattern);
  },
  // A link's one-time code: reads the link and the case as the opening does, writes only the link's code partition
  // (the link record itself stays read-only) and the audit trail. Sending the code's mail is granted with the mail
  // resources (grantLinkCodeMail). No bucket, no Query.
  'link-code-send': (fn, { table }) => {
    grantItemAction(fn, table, 'GetItem', [linkKeyPattern, linkCodeKeyPattern, casePartitionPattern]);
    grantItemAction(fn, table, 'PutItem', [linkCodeKeyPattern]);
    grantAuditAppend(fn, table);
    table.encryptionKey?.grantEncryptDecrypt(fn);
  },
  // Also a signing link's answers (…/consent, …/sign): the link item's consent choice (UpdateItem on the link's own
  // partition, which the signature's transaction also marks used), and the signing record with its outbox job and
  // audit record in one TransactWriteItems (PutItem on case and audit partitions only there).
  'link-code-check': (fn, { table }) => {
    grantItemAction(fn, table, 'GetItem', [linkKeyPattern, linkCodeKeyPattern, casePartitionPattern]);
    for (const action of ['UpdateItem', 'PutItem', 'DeleteItem']) grantItemAction(fn, table, action, [linkCodeKeyPattern]);
    grantItemAction(fn, table, 'UpdateItem', [linkKeyPattern]);
    grantItemAction(fn, table, 'PutItem', [casePartitionPattern, auditKeyPattern], 'TransactWriteItems');
    grantAuditAppend(fn, table);
    table.encryptionKey?.grantEncryptDecrypt(fn);
  },
  'submit-staff-form': withSessions(grantStaffSubmission),
  // Anyone holding a client's confirm link: the link's item (read, and marked used) besides the verification itself.
  'confirm-address': (fn, resources) => {
    grantAddressVerification(fn, resources);
    grantItemAction(fn, resources.table, 'GetItem', [addressCheckKeyPattern]);
    grantItemAction(fn, resources.table, 'UpdateItem', [addressCheckKeyPattern]);
  },
  'staff-verify-address': withSessions(grantAddressVerification),
  'staff-person-link-post': withSessions(grantPersonLinks),
  // Notes are read with the case; written once each, with their audit record; follow-ups come from their index only.
  'get-case-notes': withSessions(grantStaffRead),
  'post-case-note': withSessions(grantNoteWriteWithJobs),
  'post-note-addendum': withSessions(grantAddendumWrite),
  'get-follow-ups': withSessions(grantFollowUps),
  'post-follow-up-done': withSessions(grantFollowUpDone),
  'assign-cases': withSessions(grantAssignment),

  // The staff pages. Signing in and out talks to the sign-in domain (its token endpoint and keys, over HTTPS, no IAM),
  // and to the session records only: sign-in checks a session it is handed, sign-out ends it.
  'staff-sign-in': withSessions(() => {}),
  'staff-callback': () => {},
  'staff-sign-out': withSessions(() => {}),
  // Each page reads what its API counterpart reads, and is audited as it is.
  'staff-case-list': withSessions(grantStaffRead),
  // The case page also serves a document's signing page and its post (handlers/staff-case-page.ts): the signing
  // record is put over its version with its audit record and, once every signature is in, the seal job, in one
  // transaction (PutItem on the case's partition and the audit partition, only inside TransactWriteItems); the job's
  // fast path is a message to the document queue. The signing page also takes a paper signature's scan as a staff
  // form's file question does (web/staff/paper-scan-request.ts: the upload grants of staff-form-upload), and links it to
  // the case in the record's transaction (UpdateItem of its upload record, a FILE# item put in the case's partition).
  'staff-case-page': withSessions((fn, resources) => {
    grantStaffRead(fn, resources);
    grantUploadReceive(fn, resources);
    grantItemAction(fn, resources.table, 'PutItem', [casePartitionPattern, auditKeyPattern], 'TransactWriteItems');
    resources.table.encryptionKey?.grantEncryptDecrypt(fn);
    resources.queue.grantSendMessages(fn);
  }),
  // Only the case record, to check the form may be filled in now (GetItem on case partitions: no Query, no index).
  // Opening a blank form is not an access to case data, so nothing is audited and nothing written. As the intake
  // page, each file question gets its presigned POST as the page renders, and the page lists the files attached.
  'staff-form-page': withSessions((fn, resources) => {
    grantItemAction(fn, resources.table, 'GetItem', [casePartitionPattern]);
    resources.table.encryptionKey?.grantDecrypt(fn);
    grantUploadPresign(fn, resources);
    grantUploadRecordRead(fn, resources);
  }),
  // When its answers are refused, the page comes back with a presigned POST per file question, as staff-form-page's.
  'staff-form-post': withSessions((fn, resources) => {
    grantStaffSubmission(fn, resources);
    grantUploadPresign(fn, resources);
  }),
  // A staff form's file question: the intake's upload grants (handlers/staff-form-upload.ts), and the case read that
  // tells the case exists in the session's agency.
  'staff-form-upload': withSessions((fn, resources) => {
    grantUploadReceive(fn, resources);
    grantItemAction(fn, resources.table, 'GetItem', [casePartitionPattern]);
  }),
  'staff-assign-cases': withSessions(grantAssignment),
  // Generated documents, and clients' released files: their presigned GET carries this function's rights, so it may
  // read files/ and nothing else of the uploads bucket.
  'staff-document': withSessions((fn, resources) => {
    grantStaffRead(fn, resources);
    resources.bucket.grantRead(fn, documentPattern);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [resources.uploads.arnForObjects(releasedPattern)] }));
    resources.uploads.encryptionKey?.grantDecrypt(fn);
  }),
  // Supervisors' exports. The list reads only the table (the agency's cases and their submission items).
  'staff-exports': withSessions(grantStaffRead),
  'staff-studio': withSessions(grantStudioWrite),
  'staff-fhir-export': withSessions(grantSubmissionExport),
  // Notes live in the table: the export reads the agency's cases and their items, and records the export per case.
  'staff-notes-export': withSessions(grantStaffRead),
  'staff-note-post': withSessions(grantNoteWriteWithJobs),
  'staff-addendum-post': withSessions(grantAddendumWrite),
  'staff-follow-ups': withSessions(grantFollowUps),
  'staff-follow-up-done': withSessions(grantFollowUpDone),
  'staff-csv-export': withSessions(grantSubmissionExport),
  'staff-case-fhir-export': withSessions(grantSubmissionExport),
  // The case list as a file: the list's own reads (the case index), every page of them.
  'staff-case-list-export': withSessions(grantStaffRead),
  // The studio's preview of a draft (docs/form-studio.md, Preview): the pack's items and files, and nothing else.
  // The preview reads the draft as the serving catalog reads the live pack; it writes nothing (not even an audit
  // record: a draft's example answers are nobody's data).
  'staff-studio-preview': withSessions(grantStudioRead),
};

/**
 * Sending mail as an agency: verified SES identities of this account and region (sender addresses are per agency and
 * not known to the stack), and each agency's configuration set by name, which SES also authorizes a send against.
 */
const grantAgencyMail = (fn: lambda.IFunction, mail: MailResources): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }), ...mail.configurationSetArns],
    }),
  );
};

/** The one-time code of a secure link goes by mail, as the agency, like the link itself. */
export const grantLinkCodeMail = grantAgencyMail;

export const grantDocumentWorker = (fn: lambda.IFunction, resources: DataResources, mail: MailResources): void => {
  const { table, bucket, deadLetterQueue } = resources;
  table.grantReadWriteData(fn);
  // Reads raw submissions and writes documents; never deletes (grantReadWrite would add s3:DeleteObject*). grantPut
  // includes s3:PutObjectRetention, which a put that locks its version (the sealed final PDF) needs; nothing here or
  // anywhere in the stack has s3:BypassGovernanceRetention.
  bucket.grantRead(fn);
  bucket.grantPut(fn);
  // The worker parks a job that failed every attempt itself, with its reason. Receiving, deleting and changing
  // visibility (the retry backoff) on the document queue come with its event source (grantConsumeMessages).
  deadLetterQueue.grantSendMessages(fn);
  grantAgencyMail(fn, mail);
};

/**
 * SES events update a delivery and flag the case (UpdateItem, case partitions only) and add an address to the
 * agency's suppression list (PutItem, suppression partitions only). No reads, no bucket, no queue.
 */
export const grantSesEvents: Grant = (fn, { table }) => {
  grantItemAction(fn, table, 'UpdateItem', [casePartitionPattern]);
  grantItemAction(fn, table, 'PutItem', [suppressionKeyPattern]);
  // An update reads the stored item, so it decrypts as well as encrypts.
  table.encryptionKey?.grantEncryptDecrypt(fn);
};

/** Everything stored in S3 for one case: raw submissions and generated documents. */
export const caseObjectsPattern = 'agencies/*/cases/*';

/**
 * Purges ended cases: the retention index and case partitions (query, batch delete, audit TTL updates), the case's
 * entries outside its partition (search terms, match entries, its person entry: batch delete), and the case's objects
 * (list under the case prefix, delete). In the uploads bucket, the case's files and the uploads no submission took
 * (list, delete; upload records are table items). It reads no object.
 */
export const grantRetentionSweeper: Grant = (fn, { table, bucket, uploads }) => {
  table.grantReadWriteData(fn);
  bucket.grantDelete(fn, caseObjectsPattern);
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${caseObjectsPattern}/*`] } },
  }));
  const uploadStages = [quarantinePattern, releasedPattern, heldPattern];
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: uploadStages.map((pattern) => uploads.arnForObjects(pattern)) }));
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: [uploads.bucketArn],
    conditions: { StringLike: { 's3:prefix': uploadStages } },
  }));
};

export const grantOutboxSweeper: Grant = (fn, { table, queue }) => {
  table.grantReadWriteData(fn);
  queue.grantSendMessages(fn);
};

/**
 * Functions that build no form catalog (functions/composition/serving-catalog.ts) and so never read a pack: every
 * other function asks for the live packs before a request. test/infra/pack-permissions.test.ts checks this list
 * against what each handler imports, so a function that starts serving forms cannot miss its grant (it would serve
 * the bundled pack for ever, silently deaf to the studio).
 */
export const functionsServingNoForms: ReadonlySet<string> = new Set([workers.outboxSweeper, workers.retentionSweeper, workers.sesEvents, workers.uploadScanned, 'staff-sign-out']);

/**
 * Serving the live packs (functions/adapters/aws/pack-store.ts livePointers, readPack): BatchGetItem of the agencies'
 * live pointers, pack partitions only, and GetObject of published pack versions. Nothing else of the pack: the draft
 * and the history are the studio's (GetItem and Query are not needed to serve, so not granted).
 */
const grantPackRead: Grant = (fn, { table, bucket }) => {
  grantItemAction(fn, table, 'BatchGetItem', [packKeyPattern]);
  table.encryptionKey?.grantDecrypt(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(packObjectPattern)] }));
  bucket.encryptionKey?.grantDecrypt(fn);
};

/**
 * Only the deploy step and the studio's writers (studioPackWriters) write packs: an explicit Deny of every item write to pack
 * partitions and every object put under `packs/` and `form-versions/`, so no table-wide or bucket-wide grant (the
 * document worker's, the sweepers') can change what the agencies' functions serve.
 */
const denyPackWrites: Grant = (fn, { table, bucket }) => {
  fn.addToRolePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
    resources: [table.tableArn],
    conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [packKeyPattern] } },
  }));
  fn.addToRolePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(packObjectPattern), bucket.arnForObjects(formVersionsPattern)],
  }));
};

/** The pack access of every function of the stack (the deploy step's own is grantPackDeploy), in one place. */
export function grantPackAccess(functions: ReadonlyMap<string, lambda.IFunction>, resources: DataResources): void {
  for (const [handler, fn] of functions) {
    if (!functionsServingNoForms.has(handler)) grantPackRead(fn, resources);
    if (!studioPackWriters.has(handler)) denyPackWrites(fn, resources);
  }
}

/**
 * The deploy step (functions/handlers/deploy-packs.ts, domain/studio/publishing.ts deployRepositoryPack), pack
 * partitions only: BatchGetItem (the live pointer), Query (the history: was this version already recorded as kept?),
 * PutItem (the live pointer and its history line in one TransactWriteItems, or a history line alone). In the bucket:
 * PutObject of pack versions and form versions, GetObject of form versions (the HeadObject that skips one already
 * published) and ListBucket, without which S3 answers that HeadObject with 403 instead of 404 for a new version.
 * No DeleteItem, no DeleteObject: a deploy adds versions and moves the pointer, it never removes anything.
 */
export const grantPackDeploy: Grant = (fn, { table, bucket }) => {
  grantItemAction(fn, table, 'BatchGetItem', [packKeyPattern]);
  grantItemAction(fn, table, 'Query', [packKeyPattern]);
  grantItemAction(fn, table, 'PutItem', [packKeyPattern]);
  table.encryptionKey?.grantEncryptDecrypt(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(packObjectPattern), bucket.arnForObjects(formVersionsPattern)] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(formVersionsPattern)] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  bucket.encryptionKey?.grantEncryptDecrypt(fn);
};
