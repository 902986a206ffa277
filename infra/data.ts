import { Duration } from 'aws-cdk-lib';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { allIndexes, tableDesign } from '../functions/contracts/table-design.ts';
import { privateBucket } from './private-bucket.ts';
import type { StageSettings } from './stage.ts';

export interface DataStoreProps {
  readonly key: kms.IKey;
  readonly settings: StageSettings;
}

/** Where case data lives: the single table and the document bucket. */
export class DataStore extends Construct {
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  /** Server access logs of the document bucket: who read or wrote which case document, for access reviews. */
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, { key, settings }: DataStoreProps) {
    super(scope, id);
    // Log delivery is granted by a bucket policy, not the legacy LogDeliveryWrite ACL, which would need ACLs enabled
    // on the log bucket. This is the feature flag `cdk init` sets for new apps; set here, before any child exists,
    // it applies to these buckets only.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    const str = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: str(tableDesign.partitionKey),
      sortKey: str(tableDesign.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      timeToLiveAttribute: tableDesign.ttlAttribute,
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.removalPolicy,
    });
    for (const index of allIndexes) {
      this.table.addGlobalSecondaryIndex({ indexName: index.name, partitionKey: str(index.partitionKey), sortKey: str(index.sortKey) });
    }

    // S3 delivers server access logs only to a bucket encrypted with S3-managed keys (SSE-KMS is not supported as a
    // log target), so this bucket cannot use the CMK. It holds object keys and requesters, never case content.
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      enforceSSL: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: settings.removalPolicy,
      autoDeleteObjects: settings.autoDeleteObjects,
    });

    this.bucket = privateBucket(this, 'Documents', {
      key, settings,
      accessLogs: { bucket: this.accessLogBucket, prefix: 'documents/' },
      noncurrentVersionExpiration: Duration.days(90),
      // Signed means final: the seal job locks each final PDF (governance mode) for the agency's records years.
      objectLockEnabled: true,
    });
  }
}
