import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCAN_RESULT_DETAIL_TYPE, SCAN_RESULT_SOURCE } from '../functions/contracts/malware-scan-event.ts';
import { uploadObjects } from '../functions/domain/uploads/upload-objects.ts';
import { addDeadLetterAlarm } from './alarms.ts';
import { allowServiceToEncryptFor } from './encryption.ts';
import { privateBucket } from './private-bucket.ts';
import type { StageSettings } from './stage.ts';

/** Everything under the first folder of a key: `files/demo/…` → `files/*`. */
const folderPattern = (key: string): string => `${key.slice(0, key.indexOf('/') + 1)}*`;

/** Each stage of an upload (functions/domain/uploads/upload-objects.ts) as an S3 ARN pattern: its whole folder. */
export const quarantinePattern = folderPattern(uploadObjects.quarantine('agency', 'upload'));
export const releasedPattern = folderPattern(uploadObjects.released('agency', 'upload'));
export const heldPattern = folderPattern(uploadObjects.held('agency', 'upload'));

/** The object GuardDuty puts when a plan is created, to check that it may. */
const VALIDATION_OBJECT = 'malware-protection-resource-validation-object';

/** The GuardDuty service that assumes the plan's role. */
export const MALWARE_PROTECTION_PRINCIPAL = 'malware-protection-plan.guardduty.amazonaws.com';

export interface UploadsProps {
  /** The stack's key: encrypts the bucket and the dead-letter queue. A Key, not an IKey: its policy is extended here. */
  readonly key: kms.Key;
  readonly settings: StageSettings;
  /** Where the bucket's server access logs go: the document bucket's log bucket (infra/data.ts). */
  readonly accessLogBucket: s3.IBucket;
}

/** Who may read the two prefixes nobody else may: see Uploads.restrictReads. */
export interface UploadReaders {
  /** The functions that check or release a quarantined file (the receive check and the release step). */
  readonly quarantine: readonly iam.IRole[];
  /** The release step, which moves infected files there. */
  readonly held: readonly iam.IRole[];
}

/**
 * Clients' files (docs/uploads.md). A browser POSTs each file straight into quarantine/ with a presigned POST; GuardDuty
 * Malware Protection for S3 scans every object there and tags it with the result, and publishes the result to
 * EventBridge, whose rule hands it to the release function: clean files are copied to files/ (the only copy staff
 * open), infected ones to held/ (never served). Anything left in quarantine/ expires after a day.
 */
export class Uploads extends Construct {
  readonly bucket: s3.Bucket;
  /** The role GuardDuty assumes to scan and tag quarantined objects. */
  readonly malwareProtectionRole: iam.Role;
  readonly malwareProtectionPlan: guardduty.CfnMalwareProtectionPlan;
  /** Scan results the release function could not take, after EventBridge's and Lambda's retries. */
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, { key, settings, accessLogBucket }: UploadsProps) {
    super(scope, id);
    this.bucket = privateBucket(this, 'Bucket', {
      key, settings,
      accessLogs: { bucket: accessLogBucket, prefix: 'uploads/' },
      // A file no submission took within a day is deleted (the retention sweeper also removes its record).
      lifecycleRules: [{ id: 'QuarantineExpires', prefix: uploadObjects.quarantinePrefix, expiration: Duration.days(1) }],
      // A deleted or replaced file is gone a day later: a purge or a refusal must not leave a readable version behind.
      noncurrentVersionExpiration: Duration.days(1), expiredObjectDeleteMarker: true, abortAfter: Duration.days(1),
    });

    this.malwareProtectionRole = new iam.Role(this, 'MalwareProtectionRole', {
      description: 'GuardDuty Malware Protection for S3: scans and tags the uploads bucket\'s quarantine',
      assumedBy: new iam.ServicePrincipal(MALWARE_PROTECTION_PRINCIPAL),
      inlinePolicies: { MalwareProtection: malwareProtectionPolicy(this.bucket, key) },
    });
    this.malwareProtectionPlan = new guardduty.CfnMalwareProtectionPlan(this, 'MalwareProtectionPlan', {
      role: this.malwareProtectionRole.roleArn,
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [uploadObjects.quarantinePrefix] } },
      // The scan result as an object tag too (GuardDutyMalwareScanStatus): the receive check reads it when the scan was faster.
      actions: { tagging: { status: 'ENABLED' } },
    });
    // GuardDuty checks the role's permissions when the plan is created: the role must exist, with its policy, first.
    this.malwareProtectionPlan.node.addDependency(this.malwareProtectionRole);

    this.deadLetterQueue = new sqs.Queue(this, 'ScanResultsDeadLetter', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      // The maximum: a lost scan result leaves a file "being checked" for ever.
      retentionPeriod: Duration.days(14),
    });
    // EventBridge itself writes to the queue when it cannot invoke the function (the target's dead-letter queue).
    allowServiceToEncryptFor(key, 'events.amazonaws.com', 'aws:sqs:arn', 'sqs');
    this.deadLetterAlarm = addDeadLetterAlarm(this, this.deadLetterQueue, 'Malware scan results could not be applied to uploads and are waiting in the dead-letter queue');
  }

  /**
   * The pages with file questions (the public intake pages, the staff forms) may POST files to the bucket from their
   * script (the presigned POST with progress): one rule naming each page origin.
   */
  allowPostsFrom(origins: readonly string[]): void {
    this.bucket.addCorsRule({ allowedMethods: [s3.HttpMethods.POST], allowedOrigins: [...origins], maxAge: 600 });
  }

  /**
   * GuardDuty's scan results for this bucket go to the release function. EventBridge invokes it asynchronously: a
   * result it cannot deliver, or one the function still fails after Lambda's retries, waits in the dead-letter queue.
   */
  releaseWith(fn: lambda.IFunction): events.Rule {
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.deadLetterQueue) });
    return new events.Rule(this, 'ScanResults', {
      description: 'GuardDuty Malware Protection scan results of the uploads bucket, to the release function',
      eventPattern: {
        source: [SCAN_RESULT_SOURCE],
        detailType: [SCAN_RESULT_DETAIL_TYPE],
        detail: { s3ObjectDetails: { bucketName: [this.bucket.bucketName] } },
      },
      targets: [new targets.LambdaFunction(fn, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
  }

  /**
   * No one reads a quarantined or held file but the functions that must, whatever their IAM policies say (an
   * administrator's included): a Deny in the bucket policy for every other principal. GuardDuty's role reads quarantine/
   * to scan it. GetObjectVersion too, or an old version would be a way around.
   */
  restrictReads(readers: UploadReaders): void {
    const deny = (sid: string, pattern: string, roles: readonly iam.IRole[]) => new iam.PolicyStatement({
      sid,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [this.bucket.arnForObjects(pattern)],
      conditions: { StringNotEquals: { 'aws:PrincipalArn': roles.map((role) => role.roleArn) } },
    });
    this.bucket.addToResourcePolicy(deny('OnlyTheCheckAndTheScanReadQuarantine', quarantinePattern, [...readers.quarantine, this.malwareProtectionRole]));
    this.bucket.addToResourcePolicy(deny('OnlyTheReleaseReadsHeld', heldPattern, readers.held));
  }
}

/**
 * The permissions AWS documents for the Malware Protection for S3 role ("Create or update IAM role policy"), for this
 * bucket and key: its EventBridge managed rule, the bucket's EventBridge notifications, reading and tagging objects,
 * the validation object, and the key through S3 only.
 */
function malwareProtectionPolicy(bucket: s3.IBucket, key: kms.IKey): iam.PolicyDocument {
  // The plan scans quarantine/ only, so reading and tagging stop there, beside the object GuardDuty writes to check it may.
  const scanned = [bucket.arnForObjects(quarantinePattern), bucket.arnForObjects(VALIDATION_OBJECT)];
  const managedRule = Stack.of(bucket).formatArn({ service: 'events', resource: 'rule', resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*' });
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'AllowManagedRuleToSendS3EventsToGuardDuty',
        actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
        resources: [managedRule],
        conditions: { StringLike: { 'events:ManagedBy': MALWARE_PROTECTION_PRINCIPAL } },
      }),
      new iam.PolicyStatement({
        sid: 'AllowGuardDutyToMonitorEventBridgeManagedRule',
        actions: ['events:DescribeRule', 'events:ListTargetsByRule'],
        resources: [managedRule],
      }),
      new iam.PolicyStatement({
        sid: 'AllowPostScanTag',
        actions: ['s3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectVersionTagging', 's3:GetObjectVersionTagging'],
        resources: scanned,
      }),
      new iam.PolicyStatement({
        sid: 'AllowEnableS3EventBridgeEvents',
        actions: ['s3:PutBucketNotification', 's3:GetBucketNotification'],
        resources: [bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'AllowPutValidationObject',
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(VALIDATION_OBJECT)],
      }),
      new iam.PolicyStatement({
        sid: 'AllowCheckBucketOwnership',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'AllowMalwareScan',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: scanned,
      }),
      new iam.PolicyStatement({
        sid: 'AllowDecryptForMalwareScan',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringLike: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
      }),
    ],
  });
}
