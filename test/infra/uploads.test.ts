import { describe, expect, it } from 'vitest';
import { configVariables } from '../../functions/contracts/config.ts';
import { signInVariables } from '../../functions/contracts/sign-in-config.ts';
import { SCAN_RESULT_DETAIL_TYPE, SCAN_RESULT_SOURCE } from '../../functions/contracts/malware-scan-event.ts';
import { routes, workers } from '../../functions/contracts/routes.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import { uploadsBucketUsers } from '../../infra/caseforms-stack.ts';
import { DEPLOY_PACKS_HANDLER } from '../../infra/pack-deploy.ts';
import { dataKey, only, resources, stackSynthesizer, stageProps, type Resource } from '../support/cdk-template.ts';
import type { Template } from 'aws-cdk-lib/assertions';

const synth = stackSynthesizer('uploads');
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const allHandlers = [...new Set(routes.map((route) => route.handler)), ...Object.values(workers), DEPLOY_PACKS_HANDLER];

/** The one resource of a type whose logical id starts with the construct path's ids (`Uploads`, `Bucket` → `UploadsBucket…`). */
function byPrefix(template: Template, type: string, prefix: string): [string, Resource] {
  const found = resources(template, type).filter(([id]) => id.startsWith(prefix));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return found[0]!;
}

function functionOf(template: Template, handler: string): [string, Resource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } })) as [string, Resource][];
  expect(found, handler).toHaveLength(1);
  return found[0]!;
}

const roleIdOf = (template: Template, handler: string): string => functionOf(template, handler)[1].Properties.Role['Fn::GetAtt'][0];

/** Every Allow statement a role gets, from its own inline policies and the policies attached to it. */
function allowsOf(template: Template, roleId: string): any[] {
  const [, role] = resources(template, 'AWS::IAM::Role').find(([id]) => id === roleId)!;
  const inline = asArray<any>(role.Properties.Policies).flatMap((policy) => policy.PolicyDocument.Statement);
  const attached = resources(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((ref: any) => ref.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
  return [...inline, ...attached].filter((statement) => statement.Effect === 'Allow');
}

/** `<bucket ARN>/<pattern>` as CloudFormation holds it. */
const objectsArn = (bucketId: string, pattern: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${pattern}`]] });
const roleArn = (roleId: string) => ({ 'Fn::GetAtt': [roleId, 'Arn'] });

/** An action as IAM matches it against a statement's: `s3:GetObject*` covers `s3:GetObject` and `s3:GetObjectTagging`. */
const covers = (granted: string, action: string) => granted === '*' || new RegExp(`^${granted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(action);

/**
 * The handlers whose role may take `action` on the objects at `pattern` of the bucket: statements naming that folder,
 * the whole bucket's objects, or any resource.
 */
function handlersAllowed(template: Template, bucketId: string, action: string, pattern: string): string[] {
  const reaching = (resource: unknown) => {
    const text = JSON.stringify(resource);
    return resource === '*' || text === JSON.stringify(objectsArn(bucketId, pattern)) || text === JSON.stringify(objectsArn(bucketId, '*'));
  };
  return allHandlers.filter((handler) => allowsOf(template, roleIdOf(template, handler))
    .some((statement) => asArray<string>(statement.Action).some((granted) => covers(granted, action)) && asArray(statement.Resource).some(reaching)));
}

describe.each(['dev', 'prod'] as const)('uploads on the %s stack', (stage) => {
  const template = synth(stage, stageProps(stage));
  const [bucketId, bucket] = byPrefix(template, 'AWS::S3::Bucket', 'UploadsBucket');
  const [keyId] = dataKey(template);
  const [scannedId] = functionOf(template, workers.uploadScanned);
  const [guardDutyRoleId, guardDutyRole] = byPrefix(template, 'AWS::IAM::Role', 'UploadsMalwareProtectionRole');
  const [deadLetterId] = byPrefix(template, 'AWS::SQS::Queue', 'UploadsScanResultsDeadLetter');
  const bucketStatements = resources(template, 'AWS::S3::BucketPolicy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: bucketId }))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);

  describe('the quarantine bucket', () => {
    it('is encrypted with the stack key, versioned, private, and logs every access to the log bucket', () => {
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
        BucketKeyEnabled: true,
      }]);
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      const [logBucketId] = byPrefix(template, 'AWS::S3::Bucket', 'DataAccessLogs');
      expect(bucket.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: 'uploads/' });
    });

    it('refuses every request without TLS', () => {
      expect(bucketStatements).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, objectsArn(bucketId, '*')],
      }));
    });

    it('deletes what is left in quarantine/ after a day, and deleted or replaced versions a day later', () => {
      const rules = bucket.Properties.LifecycleConfiguration.Rules as any[];
      const quarantine = rules.filter((rule) => rule.Prefix === uploadObjects.quarantinePrefix);
      expect(quarantine).toEqual([expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 1 })]);
      expect(uploadObjects.quarantine('demo', 'u')).toMatch(/^quarantine\//);
      // Only quarantine/ expires: files/ and held/ are the cases' (retention, legal hold) and the security officer's.
      expect(rules.filter((rule) => rule.ExpirationInDays !== undefined)).toHaveLength(1);
      expect(rules).toContainEqual(expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 1 } }));
    });

    it('takes POSTs from the scripts of the public pages and the staff pages only', () => {
      const publicUrl = template.toJSON().Outputs.PublicUrl.Value;
      // The staff pages' origin as the staff pages themselves are told it (their sign-in returns there).
      const staffPagesUrl = functionOf(template, 'staff-form-page')[1].Properties.Environment.Variables[signInVariables.pagesBaseUrl];
      // The staff API's endpoint (staff pages are not behind the public edge).
      expect(staffPagesUrl).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiHttpApi/), 'ApiEndpoint'] });
      expect(bucket.Properties.CorsConfiguration).toEqual({ CorsRules: [{ AllowedMethods: ['POST'], AllowedOrigins: [publicUrl, staffPagesUrl], MaxAge: 600 }] });
      if (stage === 'prod') expect(publicUrl).toBe('https://forms.example.org');
    });

    it('denies reading quarantine/ to every principal but the receive checks (the signing page\'s paper scan among them), the release and GuardDuty, and held/ to all but the release', () => {
      const denies = bucketStatements.filter((s) => s.Effect === 'Deny' && s.Condition?.StringNotEquals);
      expect(denies).toHaveLength(2);
      const [receiveRoleId, staffReceiveRoleId, signingRoleId, releaseRoleId] = [roleIdOf(template, 'intake-upload'), roleIdOf(template, 'staff-form-upload'), roleIdOf(template, 'staff-case-page'), roleIdOf(template, workers.uploadScanned)];
      expect(denies).toEqual(expect.arrayContaining([
        expect.objectContaining({
          Principal: { AWS: '*' }, Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: objectsArn(bucketId, 'quarantine/*'),
          Condition: { StringNotEquals: { 'aws:PrincipalArn': [roleArn(releaseRoleId), roleArn(receiveRoleId), roleArn(staffReceiveRoleId), roleArn(signingRoleId), roleArn(guardDutyRoleId)] } },
        }),
        expect.objectContaining({
          Principal: { AWS: '*' }, Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: objectsArn(bucketId, 'held/*'),
          Condition: { StringNotEquals: { 'aws:PrincipalArn': [roleArn(releaseRoleId)] } },
        }),
      ]));
    });
  });

  describe('the malware protection plan', () => {
    const [planId, plan] = only(template, 'AWS::GuardDuty::MalwareProtectionPlan');

    it('scans quarantine/ of the uploads bucket, tags each object with the result, and acts as its own role', () => {
      expect(plan.Properties).toEqual({
        ProtectedResource: { S3Bucket: { BucketName: { Ref: bucketId }, ObjectPrefixes: ['quarantine/'] } },
        Actions: { Tagging: { Status: 'ENABLED' } },
        Role: roleArn(guardDutyRoleId),
      });
      // GuardDuty checks the role when the plan is created: the role and its policy come first.
      expect(asArray(template.toJSON().Resources[planId].DependsOn)).toContain(guardDutyRoleId);
    });

    it('gives GuardDuty the documented permissions, on this bucket\'s quarantine and this key only', () => {
      expect(guardDutyRole.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' } },
      ]);
      const statements = allowsOf(template, guardDutyRoleId);
      const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
      expect(Object.keys(bySid).sort()).toEqual([
        'AllowCheckBucketOwnership', 'AllowDecryptForMalwareScan', 'AllowEnableS3EventBridgeEvents', 'AllowGuardDutyToMonitorEventBridgeManagedRule',
        'AllowMalwareScan', 'AllowManagedRuleToSendS3EventsToGuardDuty', 'AllowPostScanTag', 'AllowPutValidationObject',
      ]);
      expect(bySid.AllowManagedRuleToSendS3EventsToGuardDuty.Condition).toEqual({ StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } });
      expect(JSON.stringify(bySid.AllowManagedRuleToSendS3EventsToGuardDuty.Resource)).toContain(':rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*');
      expect(bySid.AllowMalwareScan.Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
      expect(asArray(bySid.AllowMalwareScan.Resource)).toContainEqual(objectsArn(bucketId, 'quarantine/*'));
      expect(asArray(bySid.AllowPostScanTag.Action)).toContain('s3:PutObjectTagging');
      expect(bySid.AllowPutValidationObject.Resource).toEqual(objectsArn(bucketId, 'malware-protection-resource-validation-object'));
      expect(bySid.AllowDecryptForMalwareScan).toMatchObject({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      expect(JSON.stringify(bySid.AllowDecryptForMalwareScan.Condition)).toContain('kms:ViaService');
      // Nothing beyond quarantine/ and the validation object: never files/ or held/.
      const objectResources = statements.flatMap((s) => asArray(s.Resource)).map((r) => JSON.stringify(r)).filter((r) => r.includes(`"${bucketId}"`) && r.includes('/'));
      for (const resource of objectResources) expect(resource).toMatch(/\/(quarantine\/\*|malware-protection-resource-validation-object)"/);
    });
  });

  describe('the release rule', () => {
    const rules = resources(template, 'AWS::Events::Rule').filter(([, rule]) => rule.Properties.EventPattern?.source?.includes(SCAN_RESULT_SOURCE));

    it('sends GuardDuty\'s scan results for this bucket, and nothing else, to upload-scanned, with retries and a dead-letter queue', () => {
      expect(rules).toHaveLength(1);
      const [, rule] = rules[0]!;
      expect(rule.Properties.EventPattern).toEqual({
        source: ['aws.guardduty'],
        'detail-type': [SCAN_RESULT_DETAIL_TYPE],
        detail: { s3ObjectDetails: { bucketName: [{ Ref: bucketId }] } },
      });
      expect(SCAN_RESULT_DETAIL_TYPE).toBe('GuardDuty Malware Protection Object Scan Result');
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: { 'Fn::GetAtt': [scannedId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 },
      })]);
      template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: { 'Fn::GetAtt': [scannedId, 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [rules[0]![0], 'Arn'] },
      });
    });

    it('keeps a result the function still fails on after Lambda\'s retries in the same dead-letter queue, which alarms', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: scannedId },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [deadLetterId, 'Arn'] } } },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterId, 'QueueName'] } }],
      });
      template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    });
  });

  describe('who reaches the files', () => {
    it('lets only the presigning functions write quarantine/ (a presigned POST carries its signer\'s rights): the pages, their refused posts, the upload routes (public and staff), the signing page (its paper scan)', () => {
      expect(handlersAllowed(template, bucketId, 's3:PutObject', 'quarantine/*').sort()).toEqual(['intake-page', 'intake-post', 'intake-upload', 'staff-case-page', 'staff-form-page', 'staff-form-post', 'staff-form-upload']);
    });

    it('lets only the receive check and the release read quarantine/ and write files/ and held/ (the receive releases a file scanned before it arrived)', () => {
      const checkAndRelease = ['intake-upload', 'staff-form-upload', 'staff-case-page', workers.uploadScanned].sort();
      expect(handlersAllowed(template, bucketId, 's3:GetObject', 'quarantine/*').sort()).toEqual(checkAndRelease);
      expect(handlersAllowed(template, bucketId, 's3:PutObject', 'files/*').sort()).toEqual(checkAndRelease);
      expect(handlersAllowed(template, bucketId, 's3:PutObject', 'held/*').sort()).toEqual(checkAndRelease);
    });

    it('lets staff-document (its 60-second presigned GET) read files/, and no one read held/', () => {
      expect(handlersAllowed(template, bucketId, 's3:GetObject', 'files/*')).toEqual(['staff-document']);
      expect(handlersAllowed(template, bucketId, 's3:GetObject', 'held/*')).toEqual([]);
    });

    it('lets the retention sweeper list the three folders and delete in them, and read nothing', () => {
      for (const folder of ['quarantine/*', 'files/*', 'held/*']) {
        expect(handlersAllowed(template, bucketId, 's3:DeleteObject', folder).sort(), folder).toEqual(
          folder === 'quarantine/*' ? ['intake-upload', workers.retentionSweeper, 'staff-form-upload', 'staff-case-page', workers.uploadScanned].sort() : [workers.retentionSweeper],
        );
      }
      const list = allowsOf(template, roleIdOf(template, workers.retentionSweeper)).filter((s) => s.Action === 's3:ListBucket' && JSON.stringify(s.Resource).includes(bucketId));
      expect(list).toEqual([expect.objectContaining({ Condition: { StringLike: { 's3:prefix': ['quarantine/*', 'files/*', 'held/*'] } } })]);
    });

    it('gives no other function anything in the bucket', () => {
      const reaching = allHandlers.filter((handler) => JSON.stringify(allowsOf(template, roleIdOf(template, handler))).includes(`"${bucketId}"`));
      expect(reaching.sort()).toEqual(['intake-page', 'intake-post', 'intake-upload', 'staff-case-page', 'staff-document', 'staff-form-page', 'staff-form-post', 'staff-form-upload', workers.retentionSweeper, workers.uploadScanned].sort());
    });

    it('tells the bucket\'s name to the functions that take, link, release, serve or sweep files, and to no other', () => {
      for (const handler of allHandlers) {
        const variables = functionOf(template, handler)[1].Properties.Environment.Variables;
        if (uploadsBucketUsers.includes(handler)) expect(variables[configVariables.uploadsBucketName], handler).toEqual({ Ref: bucketId });
        else expect(variables, handler).not.toHaveProperty([configVariables.uploadsBucketName]);
        expect(variables, handler).not.toHaveProperty([configVariables.uploadPostEndpoint]);
      }
    });
  });
});
