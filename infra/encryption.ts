import { Aws, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * One customer-managed key for the table, bucket, queues and logs: case data is health data,
 * and a CMK lets the key policy and CloudTrail say who decrypted what.
 */
export function createDataKey(scope: Construct, removalPolicy: RemovalPolicy): kms.Key {
  const key = new kms.Key(scope, 'DataKey', {
    description: 'caseforms case data',
    enableKeyRotation: true,
    removalPolicy,
  });
  // CloudWatch Logs encrypts with the key itself rather than through a caller's role, so it needs a key-policy
  // statement; the encryption-context condition limits it to this account's log groups.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` },
      },
    }),
  );
  return key;
}

/**
 * An AWS service writing to a resource encrypted with the key (SES publishing to the topic, SNS or EventBridge
 * redriving to a queue) uses the key as itself, not through a role, so it needs a key-policy statement. The encryption
 * context SNS and SQS always send limits it to that kind of resource in this account; naming the one topic or queue
 * would make the key depend on a resource that depends on the key.
 */
export function allowServiceToEncryptFor(key: kms.Key, service: string, contextKey: string, resourceService: string): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(service)],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        ArnLike: { [`kms:EncryptionContext:${contextKey}`]: `arn:${Aws.PARTITION}:${resourceService}:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
      },
    }),
  );
}

/**
 * The key that seals signed documents (domain/signatures/seal): an asymmetric RSA 3072 signing key whose private half
 * never leaves KMS. The document worker alone may use it, for kms:Sign only; each agency's certificate for its public
 * key is configured in the documents bucket (docs/deploy.md, Signatures). Kept or removed with the stage's data: a
 * sealed document's signature is checked against its certificate, never the key.
 */
export function createSealKey(scope: Construct, removalPolicy: RemovalPolicy): kms.Key {
  return new kms.Key(scope, 'SealKey', {
    description: 'caseforms seal of signed documents',
    keySpec: kms.KeySpec.RSA_3072,
    keyUsage: kms.KeyUsage.SIGN_VERIFY,
    removalPolicy,
  });
}
