import { Stack, Token, type CfnResource } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as cr from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { workers, type Route } from '../functions/contracts/routes.ts';
import type { PublicRoute } from './api.ts';
import { heldPattern, quarantinePattern, releasedPattern, type Uploads } from './uploads.ts';
import { DEPLOY_PACKS_HANDLER } from './pack-deploy.ts';
import { caseObjectsPattern, documentPattern, formVersionsPattern, functionsServingNoForms, packObjectPattern, rawSubmissionPattern } from './permissions.ts';

/**
 * Every cdk-nag finding caseforms accepts, in one place to review. Each acknowledgement names one construct and one
 * rule (for IAM5, one wildcard) and says why it is acceptable here. Anything not listed fails `cdk synth` and
 * test/infra/nag.test.ts; there are no stack-wide suppressions.
 */
export interface NagSubjects {
  readonly table: dynamodb.Table;
  readonly documentBucket: s3.Bucket;
  /** Clients' files (infra/uploads.ts), with GuardDuty's role and the scan results' dead-letter queue. */
  readonly uploads: Uploads;
  readonly accessLogBucket: s3.Bucket;
  /** Keyed by handler module name (functions/handlers/<handler>.ts). */
  readonly functions: ReadonlyMap<string, lambda.Function>;
  readonly publicRoutes: readonly PublicRoute[];
  /** The staff pages' routes, which have no API authorizer: their functions verify the session themselves. */
  readonly staffPageRoutes: readonly PublicRoute[];
  /** Written to by a Lambda on-failure destination and an SNS redrive policy, which cdk-nag does not see. */
  readonly mailDeadLetterQueue: sqs.Queue;
  /** The custom resource framework in front of the deploy step (infra/pack-deploy.ts): its function is CDK's. */
  readonly packDeployProvider: cr.Provider;
  /** The CloudFront distribution in front of the public routes (infra/public-edge.ts). */
  readonly publicDistribution: cloudfront.Distribution;
  /** With a custom domain and certificate the viewer TLS policy is TLS 1.2 and needs no acknowledgement. */
  readonly publicDistributionHasCustomDomain: boolean;
  /** The origin-verify header's secrets: the generation CloudFront sends and the next (infra/origin-verify.ts). */
  readonly originVerifySecrets: readonly secretsmanager.Secret[];
  readonly intakeTokenKey: secretsmanager.Secret;
  /** The review reminders' schedule group (infra/review-schedules.ts), whose schedules the worker manages. */
  readonly reviewScheduleGroupName: string;
}

/** One acknowledgement: one rule on one construct, for one reason. */
function acknowledge(construct: IConstruct, id: string, reason: string, appliesTo?: string): void {
  NagSuppressions.addResourceSuppressions(construct, [{ id, reason, ...(appliesTo ? { appliesTo: [appliesTo] } : {}) }]);
}

/** How an IAM5 finding names a resource: `<LogicalId.Arn>` for a Fn::GetAtt. */
const arnOf = (construct: IConstruct): string => {
  const resource = construct.node.defaultChild as CfnResource;
  return `<${Stack.of(construct).getLogicalId(resource)}.Arn>`;
};

/**
 * How an IAM5 finding names the stack's region and account: the pseudo parameter for an environment-agnostic stack,
 * the literal value when the stack has a concrete env (as it does under `cdk deploy` with credentials).
 */
function environmentOf(construct: IConstruct): { region: string; account: string } {
  const stack = Stack.of(construct);
  return {
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
  };
}

/** A group of IAM5 wildcards that one CDK grant (or one AWS API) produces, and why each is acceptable. */
interface Wildcards {
  readonly findings: readonly string[];
  readonly reason: string;
}

function wildcardGroups({ table, documentBucket, uploads, reviewScheduleGroupName }: NagSubjects) {
  const bucket = arnOf(documentBucket);
  const uploadObjects = (pattern: string, what: string): Wildcards => ({
    findings: [`Resource::${arnOf(uploads.bucket)}/${pattern}`],
    reason: `Objects of the uploads bucket only, limited to ${what}; object keys are generated per agency and upload (a random id), so they cannot be listed one by one.`,
  });
  const { region, account } = environmentOf(table);
  const objects = (pattern: string, what: string): Wildcards => ({
    findings: [`Resource::${bucket}/${pattern}`],
    reason: `Objects of the document bucket only, limited to ${what}; object keys are generated per agency and case, so they cannot be listed one by one.`,
  });
  return {
    xray: {
      findings: ['Resource::*'],
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (tracing: ACTIVE) support no resource-level permissions; the statement allows those two actions only.',
    },
    kms: {
      findings: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      reason: 'CDK key grant for the SSE-KMS table/bucket/queue writes, on the one stack data key ARN only: GenerateDataKey* and ReEncrypt* are the data-key variants SSE needs.',
    },
    tableIndexes: {
      findings: [`Resource::${arnOf(table)}/index/*`],
      reason: 'CDK table grant: the global secondary indexes of the caseforms table only (the outbox and case listings are index queries).',
    },
    bucketRead: {
      findings: ['Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*'],
      reason: 'CDK bucket read grant (GetObject and its version/ACL/tagging variants, GetBucket* location, List*), on the document bucket only.',
    },
    bucketPut: {
      findings: ['Action::s3:Abort*'],
      reason: 'CDK bucket put grant: AbortMultipartUpload, so a failed upload leaves no parts behind; on the document bucket only.',
    },
    bucketDelete: {
      findings: ['Action::s3:DeleteObject*'],
      reason: 'CDK bucket delete grant (DeleteObject and DeleteObjectVersion), on raw submission bodies only: a body whose commit is known to have failed is removed again.',
    },
    allObjects: objects('*', 'the document worker, which reads raw submissions and writes generated documents'),
    formVersions: objects(formVersionsPattern, 'the published form versions'),
    packs: objects(packObjectPattern, 'published pack versions (packs/<agency>/<version>.json), which every function serving forms reads for the live pack'),
    rawSubmissions: objects(rawSubmissionPattern, 'raw submission bodies'),
    documents: objects(documentPattern, 'generated PDF documents'),
    caseObjects: objects(caseObjectsPattern, 'every object of a case (raw submissions and documents), which retention purges together'),
    uploadQuarantine: uploadObjects(quarantinePattern, 'quarantine/, where presigned POSTs put clients\' files until the malware scan answers'),
    uploadReleased: uploadObjects(releasedPattern, 'files/, the released copies of files the scan found clean'),
    uploadHeld: uploadObjects(heldPattern, 'held/, files the scan found infected, kept for the security officer'),
    sesIdentities: {
      findings: [`Resource::arn:<AWS::Partition>:ses:${region}:${account}:identity/*`],
      reason: 'Sender addresses are per agency and not known to the stack: verified SES identities of this account and region only (see grantAgencyMail).',
    },
    reviewSchedules: {
      findings: [`Resource::arn:<AWS::Partition>:scheduler:${region}:${account}:schedule/${reviewScheduleGroupName}/*`],
      reason: 'One review schedule per case, named at run time from its ids: the schedules of the stack\'s review schedule group only (see infra/review-schedules.ts).',
    },
  } satisfies Record<string, Wildcards>;
}

type WildcardGroup = keyof ReturnType<typeof wildcardGroups>;

/**
 * The wildcards each function's grants in infra/permissions.ts produce. A handler missing here fails synth, so a new
 * function, or a wider grant, is reviewed here before it deploys.
 */
const functionWildcards: Readonly<Record<string, readonly WildcardGroup[]>> = {
  'get-form': ['xray'],
  'get-form-version': ['xray', 'bucketRead', 'formVersions'],
  submit: ['xray', 'kms', 'rawSubmissions'],
  // The page presigns a POST per file question (PutObject under quarantine/ only) and reads upload records.
  'intake-page': ['xray', 'kms', 'uploadQuarantine'],
  // Presign and check what arrived, and release a file whose scan answered first (as upload-scanned does).
  'intake-upload': ['xray', 'kms', 'uploadQuarantine', 'uploadReleased', 'uploadHeld'],
  'intake-post': ['xray', 'kms', 'rawSubmissions', 'uploadQuarantine'],
  'intake-check': ['xray'],
  'open-link': ['xray', 'kms', 'bucketRead', 'documents'],
  'link-code-send': ['xray', 'kms', 'sesIdentities'],
  'link-code-check': ['xray', 'kms'],
  'confirm-address': ['xray', 'kms'],
  'staff-verify-address': ['xray', 'kms'],
  'staff-person-link-post': ['xray', 'kms'],
  'list-cases': ['xray', 'kms', 'tableIndexes'],
  'get-case': ['xray', 'kms', 'tableIndexes'],
  'get-audit': ['xray', 'kms', 'tableIndexes'],
  'get-submission': ['xray', 'kms', 'tableIndexes', 'bucketRead', 'rawSubmissions'],
  'get-document': ['xray', 'kms', 'tableIndexes', 'bucketRead', 'documents'],
  'submit-staff-form': ['xray', 'kms', 'tableIndexes', 'bucketPut', 'bucketDelete', 'rawSubmissions'],
  'get-case-notes': ['xray', 'kms', 'tableIndexes'],
  'post-case-note': ['xray', 'kms'],
  'post-note-addendum': ['xray', 'kms'],
  'get-follow-ups': ['xray', 'kms'],
  'post-follow-up-done': ['xray', 'kms'],
  'assign-cases': ['xray', 'kms'],
  'staff-sign-in': ['xray', 'kms'],
  'staff-callback': ['xray'],
  'staff-sign-out': ['xray', 'kms'],
  'staff-case-list': ['xray', 'kms', 'tableIndexes'],
  // The signing page takes a paper signature's scan as staff-form-upload takes a staff form's files.
  'staff-case-page': ['xray', 'kms', 'tableIndexes', 'uploadQuarantine', 'uploadReleased', 'uploadHeld'],
  // As intake-page and intake-post: a presigned POST per file question (PutObject under quarantine/ only).
  'staff-form-page': ['xray', 'kms', 'uploadQuarantine'],
  'staff-form-post': ['xray', 'kms', 'tableIndexes', 'bucketPut', 'bucketDelete', 'rawSubmissions', 'uploadQuarantine'],
  // As intake-upload: presign and check what arrived, and release a file whose scan answered first.
  'staff-form-upload': ['xray', 'kms', 'uploadQuarantine', 'uploadReleased', 'uploadHeld'],
  'staff-assign-cases': ['xray', 'kms'],
  'staff-document': ['xray', 'kms', 'tableIndexes', 'bucketRead', 'documents', 'uploadReleased'],
  // The studio's preview reads packs and form versions only (infra/permissions.ts grantPackRead).
  'staff-studio-preview': ['xray', 'kms', 'formVersions'],

  'staff-exports': ['xray', 'kms', 'tableIndexes'],
  // The studio reads (and its writers store) pack versions and their forms' versions; pack items by their partition.
  'staff-studio': ['xray', 'kms', 'formVersions'],
  'staff-fhir-export': ['xray', 'kms', 'tableIndexes', 'bucketRead', 'rawSubmissions', 'formVersions'],
  'staff-csv-export': ['xray', 'kms', 'tableIndexes', 'bucketRead', 'rawSubmissions', 'formVersions'],
  'staff-case-fhir-export': ['xray', 'kms', 'tableIndexes', 'bucketRead', 'rawSubmissions', 'formVersions'],
  'staff-case-list-export': ['xray', 'kms', 'tableIndexes'],
  'staff-notes-export': ['xray', 'kms', 'tableIndexes'],
  'staff-note-post': ['xray', 'kms'],
  'staff-addendum-post': ['xray', 'kms'],
  'staff-follow-ups': ['xray', 'kms'],
  'staff-follow-up-done': ['xray', 'kms'],
  // The deploy step writes pack versions and form versions (and reads the latter, to skip those already published).
  [DEPLOY_PACKS_HANDLER]: ['xray', 'kms', 'formVersions'],
  [workers.documentWorker]: ['xray', 'kms', 'tableIndexes', 'bucketRead', 'bucketPut', 'allObjects', 'sesIdentities', 'reviewSchedules'],
  [workers.outboxSweeper]: ['xray', 'kms', 'tableIndexes'],
  [workers.sesEvents]: ['xray', 'kms'],
  [workers.retentionSweeper]: ['xray', 'kms', 'tableIndexes', 'bucketDelete', 'caseObjects', 'uploadQuarantine', 'uploadReleased', 'uploadHeld'],
  [workers.uploadScanned]: ['xray', 'kms', 'uploadQuarantine', 'uploadReleased', 'uploadHeld'],
};

/** Why a function has no dead-letter queue of its own (HIPAA.Security-LambdaDLQ), by how it is invoked. */
function deadLetterReason(handler: string): string {
  switch (handler) {
    case workers.documentWorker:
      return 'Invoked by an SQS event source mapping, where a function DLQ never applies: failed jobs go to the document queue\'s own dead-letter queue (and the worker parks them there itself).';
    case workers.outboxSweeper:
      return 'Invoked by a one-minute EventBridge schedule with retries off: a failed sweep is simply repeated by the next one, and nothing is lost.';
    case DEPLOY_PACKS_HANDLER:
      return 'Invoked synchronously by the custom resource framework on a deployment: a failure fails the deployment, which CloudFormation reports and rolls back.';
    case workers.sesEvents:
      return 'Asynchronous failures go to the mail dead-letter queue through an on-failure destination (which keeps the whole event, unlike a DLQ); cdk-nag does not recognise destinations.';
    case workers.uploadScanned:
      return 'Invoked asynchronously by the scan-result rule: failures after Lambda\'s retries go to the scan results\' dead-letter queue through an on-failure destination (which keeps the whole event), as do events EventBridge cannot deliver (the target\'s DLQ); cdk-nag does not recognise destinations.';
    default:
      return 'Invoked synchronously by API Gateway, where a DLQ never applies: the caller gets the error response.';
  }
}

/** Applies every acknowledgement. Called once, at the end of CaseformsStack's constructor. */
export function acknowledgeNagFindings(subjects: NagSubjects): void {
  const groups = wildcardGroups(subjects);

  for (const [handler, fn] of subjects.functions) {
    const wildcards = functionWildcards[handler];
    if (!wildcards) throw new Error(`nag-suppressions: no IAM wildcard review for function ${handler}; add it to functionWildcards`);
    const role = fn.role;
    const policy = role?.node.tryFindChild('DefaultPolicy');
    if (!role || !policy) throw new Error(`nag-suppressions: function ${handler} has no role with a default policy`);

    // Every function that serves forms reads the published packs (grantPackAccess in infra/permissions.ts), the deploy step writes them.
    const packReads: readonly WildcardGroup[] = functionsServingNoForms.has(handler) ? [] : ['packs'];
    for (const group of [...wildcards, ...packReads]) {
      for (const finding of groups[group].findings) acknowledge(policy, 'AwsSolutions-IAM5', groups[group].reason, finding);
    }
    acknowledge(
      role,
      'AwsSolutions-IAM4',
      'AWSLambdaBasicExecutionRole (CreateLogStream/PutLogEvents) is the managed policy CDK attaches to every function role; it grants no data access, and the function logs to its own pre-created, KMS-encrypted log group.',
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
    acknowledge(
      policy,
      'HIPAA.Security-IAMNoInlinePolicy',
      'CDK grants write a per-role AWS::IAM::Policy attached to this role alone; every statement is reviewed in infra/permissions.ts and asserted in test/infra/stack.test.ts.',
    );
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'nodejs22.x (an LTS runtime under AWS support) is pinned deliberately: it is the esbuild target, the version tests run and the version @sparticuz/chromium is tested against. Upgrading is its own reviewed change.',
    );
    acknowledge(
      fn,
      'HIPAA.Security-LambdaInsideVPC',
      'The function reaches only AWS APIs (DynamoDB, S3, SQS, SES, KMS) over TLS with IAM auth and has no private network resources to reach; a VPC would add NAT/endpoints without protecting case data further.',
    );
    acknowledge(
      fn,
      'HIPAA.Security-LambdaConcurrency',
      'Load is bounded upstream (API stage throttle of 50 rps, SQS batch size, one-minute schedule); reserving concurrency per function would carve up the account pool and can fail deploys in accounts with a low limit.',
    );
    acknowledge(fn, 'HIPAA.Security-LambdaDLQ', deadLetterReason(handler));
  }

  for (const { route, httpRoute } of subjects.publicRoutes) {
    acknowledge(
      httpRoute,
      'AwsSolutions-APIG4',
      `${route.method} ${route.path} is public by design (functions/contracts/routes.ts): ${publicRouteReason(route.handler)} The stage throttle caps abuse and access logs record every call.`,
    );
  }
  for (const { route, httpRoute } of subjects.staffPageRoutes) {
    acknowledge(
      httpRoute,
      'AwsSolutions-APIG4',
      `${route.method} ${route.path} is a staff page (functions/contracts/routes.ts): a browser sends a session cookie, not the bearer token the JWT authorizer reads. ${staffPageReason(route)} The stage throttle caps abuse and access logs record every call.`,
    );
  }

  acknowledge(
    subjects.mailDeadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is itself a dead-letter queue: the ses-events on-failure destination and the SNS subscription redrive policy write to it, which cdk-nag cannot see because no SQS redrive policy points at it.',
  );

  acknowledge(
    subjects.table,
    'HIPAA.Security-DynamoDBInBackupPlan',
    'Point-in-time recovery is on (continuous backups, restore to any second of the last 35 days) and prod retains the table with deletion protection; longer-term AWS Backup plans are set per account by organisation backup policy.',
  );
  for (const bucket of [subjects.documentBucket, subjects.accessLogBucket]) {
    acknowledge(
      bucket,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'Single-region service: the bucket is versioned (noncurrent versions kept 90 days) and retained in prod; cross-region replication would copy health data to a second region, which needs its own data-residency decision.',
    );
  }
  acknowledge(
    subjects.accessLogBucket,
    'HIPAA.Security-S3DefaultEncryptionKMS',
    'S3 server access log delivery supports only SSE-S3 on the target bucket, not SSE-KMS; the logs hold object keys and requesters, never case content.',
  );

  acknowledgeUploads(subjects.uploads);
  acknowledgePackDeployProvider(subjects.packDeployProvider);
  acknowledgePublicDistribution(subjects.publicDistribution, subjects.publicDistributionHasCustomDomain);
  for (const secret of subjects.originVerifySecrets) acknowledgeOriginVerifySecret(secret);
  acknowledgeIntakeTokenKey(subjects.intakeTokenKey);
}

/** The uploads bucket, GuardDuty's role on it, and the scan results' dead-letter queue (infra/uploads.ts). */
function acknowledgeUploads({ bucket, malwareProtectionRole, deadLetterQueue }: Uploads): void {
  acknowledge(
    bucket,
    'HIPAA.Security-S3BucketReplicationEnabled',
    'Single-region service: the bucket is versioned and retained in prod; quarantined files live a day and deleted ones a day more, and cross-region replication would copy clients\' documents to a second region, which needs its own data-residency decision.',
  );
  const documented = 'The permissions AWS documents for the Malware Protection for S3 role, narrowed to this bucket\'s quarantine/ (the only prefix the plan scans) and this key.';
  const { region, account } = environmentOf(bucket);
  acknowledge(
    malwareProtectionRole,
    'AwsSolutions-IAM5',
    `GuardDuty names its EventBridge managed rule itself, under the DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3 prefix, and may only change rules it manages (events:ManagedBy). ${documented}`,
    `Resource::arn:<AWS::Partition>:events:${region}:${account}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`,
  );
  acknowledge(
    malwareProtectionRole,
    'AwsSolutions-IAM5',
    `GuardDuty reads and tags every object a client's presigned POST puts under quarantine/, whose keys are random per upload. ${documented}`,
    `Resource::${arnOf(bucket)}/${quarantinePattern}`,
  );
  acknowledge(
    malwareProtectionRole,
    'HIPAA.Security-IAMNoInlinePolicy',
    `The role's one policy is part of the role, so GuardDuty finds it complete when the plan is created (the plan depends on the role). ${documented} Asserted in test/infra/uploads.test.ts.`,
  );
  acknowledge(
    deadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is itself a dead-letter queue: the scan-result rule\'s target and the release function\'s on-failure destination write to it, which cdk-nag cannot see because no SQS redrive policy points at it.',
  );
}

/** Like the origin-verify secret, the page-token key reaches its functions by dynamic reference (infra/intake-token-key.ts). */
function acknowledgeIntakeTokenKey(secret: secretsmanager.Secret): void {
  const reason = 'Not rotated in place: the intake-page and submit functions take the value from a dynamic reference, which a Secrets Manager rotation would not update, so pages would sign with a key submit no longer has (or the reverse) until the next deploy. It only signs hour-long page tokens, which a visitor gets from any intake page anyway; it guards no data.';
  acknowledge(secret, 'AwsSolutions-SMG4', reason);
  acknowledge(secret, 'HIPAA.Security-SecretsManagerRotationEnabled', reason);
}

/**
 * The origin-verify secret reaches CloudFront and the functions through dynamic references, which CloudFormation
 * resolves only when it updates the resources that hold them. A Secrets Manager rotation would change the value
 * behind their backs and updates neither, so a rotation is a deploy instead (a new generation: docs/deploy.md, Origin verification).
 */
function acknowledgeOriginVerifySecret(secret: secretsmanager.Secret): void {
  const reason = 'Rotated by deploying a new generation (-c originVerifyGeneration, README), never in place: CloudFront and the public functions take the value from dynamic references, which a Secrets Manager rotation would not update, so it would lock the public out until the next deploy. Not a data credential: it only proves a request came through CloudFront.';
  acknowledge(secret, 'AwsSolutions-SMG4', reason);
  acknowledge(secret, 'HIPAA.Security-SecretsManagerRotationEnabled', reason);
}

function acknowledgePublicDistribution(distribution: cloudfront.Distribution, hasCustomDomain: boolean): void {
  acknowledge(
    distribution,
    'AwsSolutions-CFR1',
    'Public intake forms and secure links serve clients wherever they are (travelling, displaced, near a border); agencies, not the stack, decide who may file, and WAF rate limits cover abuse from any country.',
  );
  acknowledge(
    distribution,
    'AwsSolutions-CFR3',
    'CloudFront standard logs record the full request path, which carries secure-link tokens (the credential), and cannot redact it; they would also need ACLs enabled on the log bucket. Every request is logged by WAF instead, with the URI path redacted, and every forwarded one by the API access log, by route template.',
  );
  if (!hasCustomDomain) {
    acknowledge(
      distribution,
      'AwsSolutions-CFR4',
      'No custom domain is configured, and the default *.cloudfront.net certificate has a fixed security policy; setting a public domain (-c publicDomainName, -c publicCertificateArn) applies TLSv1.2_2021. Origin connections are TLS 1.2 only either way.',
    );
  }
}

function publicRouteReason(handler: string): string {
  switch (handler) {
    case 'get-form':
    case 'get-form-version':
      return 'members of the public fetch blank form schemas, which hold no case data.';
    case 'submit':
      return 'members of the public submit intake forms without an account; the handler validates the body against the form schema.';
    case 'intake-page':
      return 'members of the public open the intake form page without an account; it is generated from the blank form schema and holds no case data.';
    case 'intake-post':
      return 'members of the public send the intake form page without an account; the handler checks Origin and validates the answers against the form schema.';
    case 'intake-upload':
      return 'members of the public attach files to an intake form without an account: the handler presigns a POST limited to one quarantine key, one declared type and the question\'s size, and checks the bytes that arrived; files stay quarantined until the malware scan releases them.';
    case 'intake-check':
      return 'the intake page checks its answers as the client fills it in, without an account; the handler checks Origin, validates against the blank form schema and stores nothing.';
    case 'open-link':
      return 'the secure link token in the path is the credential (only its hash is stored; links expire), checked by the handler.';
    case 'link-code-send':
      return 'the secure link token in the path is the credential; the handler mails a one-time code only to the address the link was sent to, at most once a minute and five times an hour per link.';
    case 'link-code-check':
      return 'the secure link token in the path is the credential; the handler checks the one-time code, five tries per code, before the link opens; a signing link\'s consent and typed signature are taken only from the browser holding the pass that code gave, for that link\'s document only, once.';
    case 'confirm-address':
      return 'a client confirms their email address with the token emailed to them, the credential (256 random bits, only its hash stored, expiring, used once), checked by the handler; the page carries no health information.';
    default:
      throw new Error(`nag-suppressions: public route handler ${handler} has no reason for being public; add one`);
  }
}

/** How a staff page without an API authorizer is still protected. */
function staffPageReason(route: Route): string {
  if (route.roles) {
    return `The function verifies the session on every request (the ID token in an HttpOnly cookie: signature against the issuer's JWKS, issuer, audience and expiry; functions/web/staff/staff-page-handler.ts), sends anyone without one to sign in, answers 404 outside the staff member's agency, and allows only the roles ${route.roles.join(', ')}.`;
  }
  switch (route.handler) {
    case 'staff-sign-in':
      return 'It is the sign-in itself: it shows the sign-in page or sends the browser to the sign-in domain (Cognito managed login with MFA), and reads no case data.';
    case 'staff-callback':
      return 'It is where the sign-in domain returns: it accepts only the state this browser started with, trades the code with its PKCE verifier, and verifies the ID token before setting the session; it reads no case data.';
    case 'staff-sign-out':
      return 'It only clears the session cookie and sends the browser to the sign-in domain\'s logout, for requests from the staff pages\' own origin; it reads no case data.';
    default:
      throw new Error(`nag-suppressions: staff page ${route.handler} has no roles and no reason for needing no session; add one`);
  }
}

/**
 * The custom resource framework's onEvent function (aws-cdk-lib/custom-resources Provider): CDK's own code, runtime
 * and role, which only invokes the deploy step and relays its answer to CloudFormation. It touches no data.
 */
function acknowledgePackDeployProvider(provider: cr.Provider): void {
  const fn = provider.node.tryFindChild('framework-onEvent') as lambda.Function | undefined;
  const role = fn?.role;
  const policy = role?.node.tryFindChild('DefaultPolicy');
  if (!fn || !role || !policy) throw new Error('nag-suppressions: the custom resource framework function was not found');
  const cdkOwned = 'The custom resource framework function CDK owns and configures (aws-cdk-lib/custom-resources Provider); it runs only during deployment and only invokes the deploy-packs function.';
  acknowledge(policy, 'AwsSolutions-IAM5', `lambda:InvokeFunction on the deploy-packs function and its versions (ARN:*), which is how CDK grants it. ${cdkOwned}`, `Resource::<${Stack.of(provider).getLogicalId(provider.onEventHandler.node.defaultChild as CfnResource)}.Arn>:*`);
  acknowledge(role, 'AwsSolutions-IAM4', `AWSLambdaBasicExecutionRole, attached by CDK. ${cdkOwned}`, 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
  acknowledge(policy, 'HIPAA.Security-IAMNoInlinePolicy', `The per-role policy CDK writes for the invoke grant. ${cdkOwned}`);
  acknowledge(fn, 'AwsSolutions-L1', `The runtime is chosen by CDK and moves with aws-cdk-lib upgrades. ${cdkOwned}`);
  acknowledge(fn, 'HIPAA.Security-LambdaInsideVPC', `Calls only the Lambda API and the CloudFormation response URL. ${cdkOwned}`);
  acknowledge(fn, 'HIPAA.Security-LambdaConcurrency', `Invoked once per deployment that changes the packs, by CloudFormation. ${cdkOwned}`);
  acknowledge(fn, 'HIPAA.Security-LambdaDLQ', `Invoked synchronously by CloudFormation, which reports a failure as a failed deployment. ${cdkOwned}`);
}
