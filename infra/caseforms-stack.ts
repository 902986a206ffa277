import path from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { configVariables } from '../functions/config.ts';
import { routes, workers } from '../functions/routes.ts';
import { addFunctionAlarms } from './alarms.ts';
import { CaseformsApi } from './api.ts';
import { StaffIdentity, type ExternalIssuer } from './auth.ts';
import { DataStore } from './data.ts';
import { MailEvents } from './delivery.ts';
import { createDataKey } from './encryption.ts';
import { bundledFolders, functionEnvironment } from './environment.ts';
import { FormVersionsDeployment } from './form-versions.ts';
import { createFunction } from './lambda.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';
import { repoRoot } from './paths.ts';
import { grantDocumentWorker, grantOutboxSweeper, grantRetentionSweeper, grantSesEvents, routeGrants, type DataResources } from './permissions.ts';
import { PublicEdge, type PublicDomain } from './public-edge.ts';
import { DocumentQueue } from './queues.ts';
import { stageSettings, type Stage } from './stage.ts';
import { createDocumentWorker, createOutboxSweeper, createRetentionSweeper, createSesEventsHandler, documentWorkerTimeout } from './workers.ts';

export interface CaseformsStackProps extends StackProps {
  readonly stage: Stage;
  /** Check staff tokens against an agency's own OIDC provider rather than the stack's user pool. */
  readonly externalIssuer?: ExternalIssuer;
  /**
   * A CLOUDFRONT-scope WebACL (which lives in us-east-1) for the public edge. Needed only when the stack deploys
   * outside us-east-1; there, or with the region unknown at synth, the stack creates its own (see public-edge.ts).
   */
  readonly publicWebAclArn?: string;
  /** A custom hostname with a us-east-1 ACM certificate, so viewers are held to TLS 1.2. */
  readonly publicDomain?: PublicDomain;
}

export class CaseformsStack extends Stack {
  readonly api: CaseformsApi;
  readonly staff: StaffIdentity;
  readonly formVersions: FormVersionsDeployment;
  readonly publicEdge: PublicEdge;

  constructor(scope: Construct, id: string, props: CaseformsStackProps) {
    super(scope, id, props);
    const settings = stageSettings(props.stage);

    const key = createDataKey(this, settings.removalPolicy);
    const data = new DataStore(this, 'Data', { key, settings });
    const documents = new DocumentQueue(this, 'DocumentQueue', { key, consumerTimeout: documentWorkerTimeout });
    const resources: DataResources = { table: data.table, bucket: data.bucket, queue: documents.queue, deadLetterQueue: documents.deadLetterQueue };
    const mail = new MailEvents(this, 'MailEvents', { key });

    // Every current form version, published at deploy time; old ones are never removed (see form-versions.ts).
    this.formVersions = new FormVersionsDeployment(this, 'FormVersions', {
      formsDir: path.join(repoRoot, bundledFolders.forms),
      bucket: data.bucket,
      key,
      settings,
    });

    const shared = {
      key,
      settings,
      environment: functionEnvironment({
        tableName: data.table.tableName,
        bucketName: data.bucket.bucketName,
        documentQueueUrl: documents.queue.queueUrl,
        deadLetterQueueUrl: documents.deadLetterQueue.queueUrl,
      }),
    };

    // Keyed by handler so two routes served by one module share one function.
    const functions = new Map<string, NodejsFunction>();
    const functionFor = ({ handler }: { handler: string }): NodejsFunction => {
      let fn = functions.get(handler);
      if (!fn) {
        fn = createFunction(this, { ...shared, handler });
        routeGrants[handler]?.(fn, resources);
        functions.set(handler, fn);
      }
      return fn;
    };
    // Staff tokens come from this pool only; the local dev issuer (local/dev-issuer.ts) is never part of the stack.
    this.staff = new StaffIdentity(this, 'Staff', { settings, ...(props.externalIssuer ? { externalIssuer: props.externalIssuer } : {}) });
    this.api = new CaseformsApi(this, 'Api', { apiName: id, routes, functionFor, staffAuthorizer: this.staff.authorizer, key, settings });

    // Members of the public reach the public routes through CloudFront and WAF. Staff routes stay on the API endpoint:
    // every request there must carry a valid staff JWT, which the authorizer checks before any function runs.
    this.publicEdge = new PublicEdge(this, 'PublicEdge', {
      apiEndpoint: this.api.httpApi.apiEndpoint,
      publicRoutes: routes.filter((route) => route.access === 'public'),
      key,
      settings,
      ...(props.publicWebAclArn ? { webAclArn: props.publicWebAclArn } : {}),
      ...(props.publicDomain ? { domain: props.publicDomain } : {}),
    });

    const worker = createDocumentWorker(this, { ...shared, queue: documents.queue });
    // Only the worker sends mail: it alone gets the public URL (for secure links) and the configuration set. Links
    // point at the edge, so opening one passes the WAF like any other public request. Added here rather than in
    // functionEnvironment because the distribution, and so its URL, exists only now.
    worker.addEnvironment(configVariables.publicBaseUrl, this.publicEdge.url);
    worker.addEnvironment(configVariables.sesConfigurationSet, mail.configurationSet.configurationSetName);
    grantDocumentWorker(worker, resources, { configurationSetArn: mail.configurationSetArn });
    const sweeper = createOutboxSweeper(this, shared);
    grantOutboxSweeper(sweeper, resources);
    const sesEvents = createSesEventsHandler(this, { ...shared, topic: mail.topic, deadLetterQueue: mail.deadLetterQueue });
    grantSesEvents(sesEvents, resources);
    const retention = createRetentionSweeper(this, shared);
    grantRetentionSweeper(retention, resources);
    functions.set(workers.documentWorker, worker).set(workers.outboxSweeper, sweeper).set(workers.sesEvents, sesEvents).set(workers.retentionSweeper, retention);
    const functionAlarms = [...functions].flatMap(([handler, fn]) => addFunctionAlarms(fn, handler));

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PublicUrl', { value: this.publicEdge.url });
    new CfnOutput(this, 'UserPoolId', { value: this.staff.userPool.userPoolId });
    new CfnOutput(this, 'SesConfigurationSet', { value: mail.configurationSet.configurationSetName });
    new CfnOutput(this, 'UserPoolClientId', { value: this.staff.client.userPoolClientId });

    // Last, once every resource exists: the cdk-nag findings this stack accepts, each with its reason.
    acknowledgeNagFindings({
      table: data.table,
      documentBucket: data.bucket,
      accessLogBucket: data.accessLogBucket,
      functions,
      publicRoutes: this.api.publicRoutes,
      alarms: [documents.deadLetterAlarm, mail.deadLetterAlarm, ...functionAlarms],
      publicDistribution: this.publicEdge.distribution,
      publicDistributionHasCustomDomain: props.publicDomain !== undefined,
      mailDeadLetterQueue: mail.deadLetterQueue,
      bucketDeploymentRole: this.formVersions.deployment.handlerRole,
    });
  }
}
