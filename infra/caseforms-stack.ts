import path from 'node:path';
import { AspectPriority, Aspects, CfnOutput, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { configVariables } from '../functions/contracts/config.ts';
import { loadCatalog } from '../functions/domain/forms/catalog.ts';
import { routes, workers } from '../functions/contracts/routes.ts';
import { addFormRefusedAlarm, addIntakeRateAlarm, DEFAULT_INTAKE_RATE_THRESHOLD, AlarmNotifications, FunctionAlarms, NotifyOnEveryAlarm } from './alarms.ts';
import { CaseformsApi, publicApiThrottle, staffApiThrottle, type OriginDomain } from './api.ts';
import { STAFF_SIGN_IN_PATH, StaffIdentity, type ExternalIssuer } from './auth.ts';
import { DataStore } from './data.ts';
import { MailEvents } from './delivery.ts';
import { createDataKey, createSealKey } from './encryption.ts';
import { bundledFolders, functionEnvironment, signInEnvironment } from './environment.ts';
import { createFunction } from './lambda.ts';
import { CHROMIUM_ROUTES, chromiumFunction } from './chromium-function.ts';
import { addIntakeQueries } from './log-queries.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';
import { OriginVerify } from './origin-verify.ts';
import { DEPLOY_PACKS_HANDLER, RepositoryPacksDeployment } from './pack-deploy.ts';
import { IntakeTokenKey } from './intake-token-key.ts';
import { repoRoot } from './paths.ts';
import { routeTimeout } from './route-timeouts.ts';
import { grantDocumentWorker, grantLinkCodeMail, grantOutboxSweeper, grantPackAccess, grantRetentionSweeper, grantSesEvents, grantUploadRelease, routeGrants, type DataResources } from './permissions.ts';
import { PublicEdge, type PublicDomain } from './public-edge.ts';
import { DocumentQueue } from './queues.ts';
import { ReviewSchedules } from './review-schedules.ts';
import { stageSettings, type Stage } from './stage.ts';
import { Uploads } from './uploads.ts';
import { createDocumentWorker, createOutboxSweeper, createRetentionSweeper, createSesEventsHandler, createUploadScanned, documentWorkerTimeout } from './workers.ts';

export interface CaseformsStackProps extends StackProps {
  readonly stage: Stage;
  /** Check staff tokens against an agency's own OIDC provider rather than the stack's user pool. */
  readonly externalIssuer?: ExternalIssuer;
  /** The staff sign-in domain's prefix (`-c staffSignInDomainPrefix=…`); by default `<stack name>-<account id>`. */
  readonly staffSignInDomainPrefix?: string;
  /**
   * A CLOUDFRONT-scope WebACL (which lives in us-east-1) for the public edge. Needed only when the stack deploys
   * outside us-east-1; there, or with the region unknown at synth, the stack creates its own (see public-edge.ts).
   */
  readonly publicWebAclArn?: string;
  /** A custom hostname with a us-east-1 ACM certificate, so viewers are held to TLS 1.2. Required in prod. */
  readonly publicDomain?: PublicDomain;
  /**
   * A regional custom domain for the public API, which only CloudFront calls: its execute-api endpoint is then
   * disabled, so nothing reaches the public routes around the WAF. Required in prod.
   */
  readonly publicOrigin?: OriginDomain;
  /** The origin-verify secret's generation (infra/origin-verify.ts); raise it by one to rotate. Default 1. */
  readonly originVerifyGeneration?: number;
  /** Stored intakes per 5 minutes above which the intake-rate alarm fires (`-c intakeRateThreshold=…`); default 500. */
  readonly intakeRateThreshold?: number;
  /** Subscribed by email to the alarm topic when set (`-c alarmEmail=…`); must look like one email address. */
  readonly alarmEmail?: string;
}

/**
 * Prod serves the public at a custom domain whose certificate holds viewers to TLS 1.2 (2021 policy), and its public
 * API only behind CloudFront: without either, prod refuses to synthesize rather than deploy a weaker edge.
 */
export function checkProdEdge(stage: Stage, publicDomain: PublicDomain | undefined, publicOrigin: OriginDomain | undefined): void {
  if (stage !== 'prod') return;
  const missing = [
    ...(publicDomain ? [] : ['-c publicDomainName=<forms.example.org> -c publicCertificateArn=<its ACM certificate in us-east-1>']),
    ...(publicOrigin ? [] : ['-c publicOriginDomainName=<origin.forms.example.org> -c publicOriginCertificateArn=<its ACM certificate in the stack\'s region>']),
  ];
  if (missing.length > 0) {
    throw new Error(
      `The prod stage needs a custom public domain (CloudFront holds viewers to TLS 1.2 only with one) and a custom origin domain `
      + `for the public API (its execute-api endpoint is disabled with one). Missing: ${missing.join('; ')}. See docs/deploy.md.`,
    );
  }
}

/** The functions given UPLOADS_BUCKET_NAME: they take, link, release, serve or sweep clients' files. */
export const uploadsBucketUsers: readonly string[] = [
  'intake-page', 'intake-upload', 'submit', 'intake-post', 'submit-staff-form', 'staff-form-page', 'staff-form-post', 'staff-form-upload', 'staff-document', 'staff-case-page',
  workers.uploadScanned, workers.retentionSweeper,
];

export class CaseformsStack extends Stack {
  /** The staff API: staff routes (JWT authorizer) and staff pages (session cookie), called directly at its endpoint. */
  readonly api: CaseformsApi;
  /** The public API: the public routes only, called by CloudFront (and, without a custom origin domain, refusing others). */
  readonly publicApi: CaseformsApi;
  readonly staff: StaffIdentity;
  readonly repositoryPacks: RepositoryPacksDeployment;
  readonly publicEdge: PublicEdge;
  readonly originVerify: OriginVerify;
  readonly intakeTokenKey: IntakeTokenKey;
  readonly alarmNotifications: AlarmNotifications;
  readonly uploads: Uploads;
  /** One alarm per function, in a nested stack (see FunctionAlarms). */
  readonly functionAlarms: FunctionAlarms;

  constructor(scope: Construct, id: string, props: CaseformsStackProps) {
    super(scope, id, props);
    checkProdEdge(props.stage, props.publicDomain, props.publicOrigin);
    const settings = stageSettings(props.stage);

    const key = createDataKey(this, settings.removalPolicy);
    // Every alarm in the stack, whoever creates it and wherever, notifies this topic on ALARM and on OK: the aspect
    // wires them at synthesis, before the cdk-nag checks (HIPAA.Security-CloudWatchAlarmAction) look at them.
    this.alarmNotifications = new AlarmNotifications(this, 'AlarmNotifications', { key, email: props.alarmEmail });
    Aspects.of(this).add(new NotifyOnEveryAlarm(this.alarmNotifications.action), { priority: AspectPriority.MUTATING });
    const data = new DataStore(this, 'Data', { key, settings });
    const documents = new DocumentQueue(this, 'DocumentQueue', { key, consumerTimeout: documentWorkerTimeout });
    // Clients' files: quarantined until GuardDuty's scan releases them (infra/uploads.ts).
    this.uploads = new Uploads(this, 'Uploads', { key, settings, accessLogBucket: data.accessLogBucket });
    const resources: DataResources = {
      table: data.table, bucket: data.bucket, queue: documents.queue, deadLetterQueue: documents.deadLetterQueue, uploads: this.uploads.bucket,
    };
    const formsDir = path.join(repoRoot, bundledFolders.forms);
    // One SES configuration set per agency in the catalog: an agency added to form-schemas/ gets its own on the next
    // deploy. A broken pack throws here, so synth fails before the deploy step (pack-deploy.ts) could make it live.
    const agencyIds = loadCatalog(formsDir).agencies().map((pack) => pack.agency.id);
    const mail = new MailEvents(this, 'MailEvents', { key, agencyIds });

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
        const timeout = routeTimeout(handler);
        fn = createFunction(this, { ...shared, handler, ...(CHROMIUM_ROUTES.has(handler) ? chromiumFunction : {}), ...(timeout ? { timeout } : {}) });
        routeGrants[handler]?.(fn, resources);
        functions.set(handler, fn);
      }
      return fn;
    };
    // Staff tokens come from this pool only; the local dev issuer (local/dev-issuer.ts) is never part of the stack.
    // The sign-in returns to the staff pages on the API, whose staff routes need this identity's authorizer: the URL is
    // read lazily, once the API exists. The endpoint, not the stage URL, which ends in a slash.
    const staffPagesUrl = Lazy.string({ produce: () => this.api.httpApi.apiEndpoint });
    this.staff = new StaffIdentity(this, 'Staff', {
      settings,
      pagesBaseUrl: staffPagesUrl,
      ...(props.externalIssuer ? { externalIssuer: props.externalIssuer } : {}),
      ...(props.staffSignInDomainPrefix ? { signInDomainPrefix: props.staffSignInDomainPrefix } : {}),
    });
    // Two APIs, each with its own throttle, so a flood of public requests cannot lock staff out (and the reverse).
    const publicRoutes = routes.filter((route) => route.access === 'public');
    this.api = new CaseformsApi(this, 'Api', {
      apiName: id, routes: routes.filter((route) => route.access !== 'public'), functionFor, staffAuthorizer: this.staff.authorizer,
      throttle: staffApiThrottle, key, settings,
    });
    this.publicApi = new CaseformsApi(this, 'PublicApi', {
      apiName: `${id}-public`, routes: publicRoutes, functionFor, throttle: publicApiThrottle, key, settings,
      ...(props.publicOrigin ? { originDomain: props.publicOrigin } : {}),
    });
    // Only the staff pages sign staff in and verify a session; no other function learns where or how.
    const signInVariables = Object.entries(signInEnvironment(this.staff.signIn));
    for (const handler of new Set(routes.filter((route) => route.access === 'staff-page').map((route) => route.handler))) {
      for (const [name, value] of signInVariables) functions.get(handler)!.addEnvironment(name, value);
    }

    // Members of the public reach the public routes through CloudFront and WAF. Staff routes stay on the API endpoint:
    // every request there must carry a valid staff JWT, which the authorizer checks before any function runs.
    // CloudFront proves itself to the public functions with the origin-verify header, so the API endpoint is no way
    // around the WAF for the public routes.
    this.originVerify = new OriginVerify(this, 'OriginVerify', { key, generation: props.originVerifyGeneration ?? 1 });
    const publicFunctions = [...new Set(publicRoutes.map((route) => route.handler))].map((handler) => {
      // A function behind a staff route too would refuse staff requests, which come to the API endpoint directly.
      if (routes.some((route) => route.handler === handler && route.access !== 'public')) throw new Error(`${handler} serves public and staff routes`);
      return functions.get(handler)!;
    });
    for (const fn of publicFunctions) this.originVerify.configure(fn);
    this.publicEdge = new PublicEdge(this, 'PublicEdge', {
      // The custom origin domain when there is one (the execute-api endpoint is then disabled), else execute-api.
      apiEndpoint: props.publicOrigin ? `https://${props.publicOrigin.domainName}` : this.publicApi.httpApi.apiEndpoint,
      publicRoutes,
      originVerifyValue: this.originVerify.headerValue,
      key,
      settings,
      ...(props.publicWebAclArn ? { webAclArn: props.publicWebAclArn } : {}),
      ...(props.publicDomain ? { domain: props.publicDomain } : {}),
    });
    // The functions change what they accept only once every edge sends the new value (see origin-verify.ts).
    for (const fn of publicFunctions) fn.node.defaultChild!.node.addDependency(this.publicEdge.distribution);
    // The intake page's script, and a staff form's on the staff pages (the API endpoint), POST files straight to the
    // uploads bucket.
    this.uploads.allowPostsFrom([this.publicEdge.url, staffPagesUrl]);
    // The intake page's post and its inline check must come from the page itself: its Origin is the edge's, which the
    // functions must know.
    for (const handler of ['intake-post', 'intake-check']) functions.get(handler)!.addEnvironment(configVariables.publicBaseUrl, this.publicEdge.url);
    // Page tokens for agencies whose JSON API asks for one: the page signs them, submit verifies them; no one else holds the key.
    this.intakeTokenKey = new IntakeTokenKey(this, 'IntakeTokenKey', { key });
    for (const handler of ['intake-page', 'submit']) this.intakeTokenKey.configure(functions.get(handler)!);

    const worker = createDocumentWorker(this, { ...shared, queue: documents.queue });
    // The worker sends the mail about cases, secure links in it: it alone gets the public URL. Links
    // point at the edge, so opening one passes the WAF like any other public request. Added here rather than in
    // functionEnvironment because the distribution, and so its URL, exists only now.
    worker.addEnvironment(configVariables.publicBaseUrl, this.publicEdge.url);
    // A note's follow-up reminder links staff to the case page, on the staff API with the other staff pages.
    worker.addEnvironment(configVariables.staffPagesUrl, staffPagesUrl);
    // Agency id → configuration set name, as JSON (functions/contracts/config.ts parses it; each send uses its agency's set).
    const configurationSets = this.toJsonString(mail.configurationSetNames);
    worker.addEnvironment(configVariables.sesConfigurationSets, configurationSets);
    grantDocumentWorker(worker, resources, { configurationSetArns: mail.configurationSetArns });
    // Signed documents are sealed with a KMS key the worker may only sign with (docs/deploy.md, Signatures).
    const sealKey = createSealKey(this, settings.removalPolicy);
    worker.addEnvironment(configVariables.signingKeyId, sealKey.keyArn);
    sealKey.grant(worker, 'kms:Sign');
    // A link's one-time code is mailed as the agency too, under its configuration set.
    const linkCodeSender = functions.get('link-code-send')!;
    linkCodeSender.addEnvironment(configVariables.sesConfigurationSets, configurationSets);
    grantLinkCodeMail(linkCodeSender, { configurationSetArns: mail.configurationSetArns });
    // Review reminders: one schedule per case in this group, made and moved by the worker (review-schedules.ts).
    const reviewSchedules = new ReviewSchedules(this, 'ReviewSchedules', {
      key, queue: documents.queue, deadLetterQueue: documents.deadLetterQueue, removalPolicy: settings.removalPolicy,
    });
    reviewSchedules.grantScheduling(worker);
    const sweeper = createOutboxSweeper(this, shared);
    grantOutboxSweeper(sweeper, resources);
    const sesEvents = createSesEventsHandler(this, { ...shared, topic: mail.topic, deadLetterQueue: mail.deadLetterQueue });
    grantSesEvents(sesEvents, resources);
    const retention = createRetentionSweeper(this, shared);
    grantRetentionSweeper(retention, resources);
    const uploadScanned = createUploadScanned(this, shared);
    this.uploads.releaseWith(uploadScanned);
    grantUploadRelease(uploadScanned, resources);
    functions.set(workers.documentWorker, worker).set(workers.outboxSweeper, sweeper).set(workers.sesEvents, sesEvents).set(workers.retentionSweeper, retention);
    functions.set(workers.uploadScanned, uploadScanned);
    // The functions that take, release and serve clients' files, and the sweeper that removes them, know the bucket.
    for (const handler of uploadsBucketUsers) functions.get(handler)!.addEnvironment(configVariables.uploadsBucketName, this.uploads.bucket.bucketName);
    // Quarantined files are read only by the check of what arrived and the release; held ones by the release alone.
    this.uploads.restrictReads({
      quarantine: [uploadScanned.role!, functions.get('intake-upload')!.role!, functions.get('staff-form-upload')!.role!, functions.get('staff-case-page')!.role!],
      held: [uploadScanned.role!],
    });
    // Every function above reads the live packs (or, serving no forms, none) and none of them may write one.
    grantPackAccess(functions, resources);
    // The deploy step publishes the repository's packs (and their form versions) whenever they changed; old versions
    // are never removed (see pack-deploy.ts). It has its own pack grants and is reviewed with the other functions.
    this.repositoryPacks = new RepositoryPacksDeployment(this, 'RepositoryPacks', { formsDir, resources, key, settings, environment: shared.environment });
    functions.set(DEPLOY_PACKS_HANDLER, this.repositoryPacks.function);
    this.functionAlarms = new FunctionAlarms(this, 'FunctionAlarms');
    for (const [handler, fn] of functions) this.functionAlarms.add(fn, handler);
    addFormRefusedAlarm(this);
    addIntakeRateAlarm(this, props.intakeRateThreshold ?? DEFAULT_INTAKE_RATE_THRESHOLD);
    addIntakeQueries(this, ['submit', 'intake-post'].map((handler) => functions.get(handler)!));

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PublicUrl', { value: this.publicEdge.url });
    if (this.publicApi.originDomain) {
      new CfnOutput(this, 'PublicOriginTarget', {
        value: this.publicApi.originDomain.regionalDomainName,
        description: 'Point a DNS record (CNAME or alias) for the public origin domain at this regional API Gateway name',
      });
    }
    new CfnOutput(this, 'UserPoolId', { value: this.staff.userPool.userPoolId });
    new CfnOutput(this, 'SesConfigurationSets', { value: configurationSets, description: 'Each agency\'s SES configuration set, by agency id' });
    new CfnOutput(this, 'UserPoolClientId', { value: this.staff.client.userPoolClientId });
    new CfnOutput(this, 'StaffSignInUrl', { value: `${staffPagesUrl}${STAFF_SIGN_IN_PATH}`, description: 'Where staff sign in to the staff pages in a browser' });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmNotifications.topic.topicArn,
      description: 'Every alarm notifies this SNS topic on ALARM and OK: subscribe email, PagerDuty, Slack or Chatbot to it',
    });

    // Last, once every resource exists: the cdk-nag findings this stack accepts, each with its reason.
    acknowledgeNagFindings({
      table: data.table,
      documentBucket: data.bucket,
      uploads: this.uploads,
      accessLogBucket: data.accessLogBucket,
      functions,
      publicRoutes: this.publicApi.publicRoutes,
      staffPageRoutes: this.api.staffPageRoutes,
      publicDistribution: this.publicEdge.distribution,
      publicDistributionHasCustomDomain: props.publicDomain !== undefined,
      originVerifySecrets: this.originVerify.accepted,
      intakeTokenKey: this.intakeTokenKey.secret,
      reviewScheduleGroupName: reviewSchedules.group.scheduleGroupName,
      mailDeadLetterQueue: mail.deadLetterQueue,
      packDeployProvider: this.repositoryPacks.provider,
    });
  }
}
