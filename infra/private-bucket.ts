import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { StageSettings } from './stage.ts';

export interface PrivateBucketProps {
  readonly key: kms.IKey;
  readonly settings: StageSettings;
  /** The access log bucket (infra/data.ts) and this bucket's folder in it. */
  readonly accessLogs: { readonly bucket: s3.IBucket; readonly prefix: string };
  /** Rules beyond the one every case-data bucket has: incomplete multipart uploads gone after `abortAfter`. */
  readonly lifecycleRules?: readonly s3.LifecycleRule[];
  /** How long an unfinished multipart upload may wait; 7 days unless a bucket says otherwise. */
  readonly abortAfter?: Duration;
  /** How long a replaced or deleted object's old version is kept. */
  readonly noncurrentVersionExpiration: Duration;
  /** Whether a delete marker left with no versions behind it is removed too. */
  readonly expiredObjectDeleteMarker?: boolean;
  /**
   * S3 Object Lock on the bucket, with no default retention: only what a writer locks by name is locked (the seal
   * job's final PDFs). It can only be set when the bucket is created (docs/deploy.md).
   */
  readonly objectLockEnabled?: boolean;
}

/**
 * A bucket for case data, made one way: no public access, no ACLs, encrypted with the stack's key (a bucket key cuts
 * KMS requests for every read and write), versioned, TLS only, access-logged, and an old version kept only as long as
 * the bucket says.
 */
export function privateBucket(scope: Construct, id: string, props: PrivateBucketProps): s3.Bucket {
  const { key, settings, accessLogs } = props;
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    versioned: true,
    ...(props.objectLockEnabled ? { objectLockEnabled: true } : {}),
    enforceSSL: true,
    lifecycleRules: [
      ...(props.lifecycleRules ?? []),
      {
        ...(props.lifecycleRules?.length ? { id: 'OldVersionsExpire' } : {}),
        noncurrentVersionExpiration: props.noncurrentVersionExpiration,
        abortIncompleteMultipartUploadAfter: props.abortAfter ?? Duration.days(7),
        ...(props.expiredObjectDeleteMarker ? { expiredObjectDeleteMarker: true } : {}),
      },
    ],
    serverAccessLogsBucket: accessLogs.bucket,
    serverAccessLogsPrefix: accessLogs.prefix,
    removalPolicy: settings.removalPolicy,
    autoDeleteObjects: settings.autoDeleteObjects,
  });
}
