import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { configVariables, readConfig } from '../functions/contracts/config.ts';
import type { Deployed } from '../functions/domain/studio/publishing.ts';
import { intakeTokenKeyVariable } from '../functions/contracts/intake-credentials.ts';
import { PdfRenderer } from '../functions/adapters/chromium/pdf-renderer.ts';
import { loadCatalog } from '../functions/domain/forms/catalog.ts';
import { deployRepositoryPacks } from '../functions/composition/repository-packs.ts';
import { repositoryPacks } from '../functions/composition/serving-catalog.ts';
import { packStore } from '../functions/composition/pack-store.ts';
import { routes, workers } from '../functions/contracts/routes.ts';
import { localSigningKey, localSigningKeyFiles, type AgencyIdentity } from './agency-signing-key.ts';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer } from './dev-issuer.ts';
import { DEV_SIGN_IN_PATH, DevSignIn } from './dev-sign-in.ts';
import { signInVariables } from '../functions/contracts/sign-in-config.ts';
import { emulatorEnvironment, serviceDefaults, type AwsService } from './aws-environment.ts';
import { bootstrapResources, type LocalResources } from './bootstrap.ts';
import { writeFontConfig } from './fonts.ts';
import { LocalGateway, type HttpHandler } from './gateway.ts';
import { LocalMailbox } from './mailbox.ts';
import { MalwareScanStandIn, SCAN_HANDLER, type ScanResultHandler } from './malware-scan-stand-in.ts';
import { startMoto } from './moto.ts';
import { QueuePoller, type SqsHandler } from './queue-poller.ts';
import { startSerializingProxy } from './serializing-proxy.ts';
import { SesEventSimulator, type SesEventHandler } from './ses-event-simulator.ts';
import { startSesRecorder, type SesRecorder } from './ses-recorder.ts';
import { LocalScheduleRunner, reviewScheduleEnvironment } from './schedule-runner.ts';
import { RATE_WINDOW_SECONDS, SUBMISSIONS_PER_IP } from '../functions/contracts/rate-limits.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { SavedState } from './saved-state.ts';
import { StateFiles } from './state-files.ts';
import { StateKeeper } from './state-keeper.ts';
import { UploadGate } from './upload-gate.ts';
import { restoreState, type RestoredCounts } from './state-restore.ts';
import { agencyListings, healthReport, refusalReports, type AgencyListing, type HealthReport, type RefusalReport } from './health.ts';

export const projectRoot = resolve(import.meta.dirname, '..');

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  readonly port: number;
  /** Reuse a running emulator (tests share one); otherwise moto_server is started and stopped with the stack. */
  readonly emulatorEndpoint?: string;
  /** Prefix of table, bucket and queue names, so several stacks can share one emulator. */
  readonly resourcePrefix?: string;
  readonly formsDir?: string;
  readonly templatesDir?: string;
  /** Per-service endpoints in front of the emulator (tests put fault-injecting proxies there). */
  readonly serviceEndpoints?: Partial<Record<AwsService, string>>;
  /** Run the document worker (default). Tests of the submit path alone turn it off to keep the emulator for them. */
  readonly documentWorker?: boolean;
  /** How often the outbox sweeper runs (EventBridge runs it every minute in AWS). */
  readonly sweepIntervalMs?: number;
  /** How often simulated SES events are published for newly sent mail (0: never; tests publish on demand). */
  readonly sesEventIntervalMs?: number;
  /** Extra environment for the functions (e.g. a short retry backoff or delivery lease for drills). */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
  /**
   * Public submissions per client IP per window, as WAF limits them in AWS (default: the same numbers,
   * functions/contracts/rate-limits.ts). False for tests and load runs that submit far faster than any person.
   */
  readonly submissionRateLimit?: { readonly limit: number; readonly windowSeconds: number } | false;
  /**
   * Keep the data in this folder between runs (`npm start`: .local-state/): put back at start, saved soon after each
   * change and at stop (local/README.md). Unset, as in tests, the data lives in the emulator's memory only.
   */
  readonly stateDir?: string;
  /** With stateDir: delete what was saved there and start empty (`npm start -- --fresh`). */
  readonly fresh?: boolean;
  /** How soon after a change the state is saved (default 2 s): what a hard kill can lose. */
  readonly saveIntervalMs?: number;
  /** Port of the upload gate (local/upload-gate.ts), where browsers send presigned POSTs; 0 (default) picks a free one. */
  readonly uploadGatePort?: number;
  /** How long the malware scan stand-in waits after a file is stored before it scans (default 1 s, as GuardDuty takes seconds). */
  readonly scanDelayMs?: number;
}

export interface Persistence {
  readonly stateDir: string;
  /** What this start put back, from the state saved at `savedAt`, and how long that took; undefined when it started empty. */
  readonly restored?: RestoredCounts & { readonly savedAt: string; readonly ms: number };
}

export interface LocalStack {
  readonly url: string;
  readonly emulatorEndpoint: string;
  /** The upload gate: presigned POSTs go to `${uploadGateUrl}/<uploads bucket>` (UPLOAD_POST_ENDPOINT). */
  readonly uploadGateUrl: string;
  /** Resolves once the malware scan stand-in has scanned, and handed on, every upload stored so far. */
  scansSettled(): Promise<void>;
  readonly resources: LocalResources;
  /** Form versions this start stored that the bucket did not have yet. */
  /** What this start did with each repository pack: live, unchanged, or kept the studio's newer version. */
  readonly deployedPacks: ReadonlyMap<string, Deployed>;
  /** Every agency loaded, with its intake pages (the start banner lists them). */
  readonly agencies: readonly AgencyListing[];
  /** Every pack and form that did not load, with why: /health reports them, the banner lists them. */
  readonly refused: readonly RefusalReport[];
  /** Publishes the SES events of mail sent since the last call (what SES does by itself in AWS). */
  publishSesEvents(): Promise<number>;
  /** Moves the local scheduler's clock forward to `at` and fires the review schedules due by then; resolves to how many. */
  fireSchedulesDue(at: Date): Promise<number>;
  /** Starts the document worker of a stack started without it (a load run submits first, then renders). */
  startDocumentWorker(): void;
  /** Where the data is kept between runs; undefined when the stack keeps it in memory only. */
  readonly persistence?: Persistence;
  /** Saves the state now (with a stateDir); resolves to the bytes the state folder holds, 0 without one. */
  saveState(): Promise<number>;
  stop(): Promise<void>;
}

const handlerModule = (name: string) => import(join(projectRoot, 'functions', 'handlers', `${name}.ts`));
/** Routes whose handler renders PDFs: built with the stack's renderer (`build(settings, renderer)`), so stopping closes its browser. */
const RENDERING_ROUTES: ReadonlySet<string> = new Set(['staff-studio-preview']);

/**
 * The whole service on one machine: emulator, resources, the HTTP API through the route table's handlers, the
 * document worker fed by the queue, the outbox sweeper, and a mailbox over the emulator's sent mail. The handlers
 * run in this process exactly as Lambda would run them, configured by the same environment variables.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const moto = options.emulatorEndpoint ? undefined : await startMoto(undefined, { outliveInterrupt: options.stateDir !== undefined });
  const emulatorEndpoint = options.emulatorEndpoint ?? moto!.endpoint;
  const formsDir = options.formsDir ?? join(projectRoot, 'form-schemas');
  const templatesDir = options.templatesDir ?? join(projectRoot, 'templates');
  const workDir = join(projectRoot, '.local');
  const endpoints = { ...serviceDefaults(emulatorEndpoint), ...options.serviceEndpoints };
  let keeper: StateKeeper | undefined;
  const dynamoProxy = await startSerializingProxy(endpoints.dynamodb, options.stateDir ? (incoming, body) => keeper?.noteDynamoRequest(incoming, body) : undefined);
  const sesRecorder = await startSesRecorder(endpoints.sesv2, () => keeper?.markChanged());
  Object.assign(process.env, emulatorEnvironment({ ...endpoints, dynamodb: dynamoProxy.endpoint, sesv2: sesRecorder.endpoint }), { FONTCONFIG_FILE: writeFontConfig(workDir) });

  const catalog = loadCatalog(formsDir, (error) => console.error(`${error.formId ? 'form' : 'agency pack'} refused: ${error.message}`));
  const resources = await bootstrapResources(options.resourcePrefix ?? 'caseforms-local', catalog);
  const persistence = options.stateDir ? await restoreSaved(options.stateDir, options.fresh === true, resources, sesRecorder) : undefined;
  if (persistence) keeper = new StateKeeper(persistence.files, resources, () => sesRecorder.messages(), persistence.saved);
  let url = '';
  // GuardDuty's and S3's parts for uploads: the gate checks each browser POST as S3 would, the stand-in "scans" it.
  let scanHandler: Promise<ScanResultHandler> | undefined;
  const scanner = new MalwareScanStandIn(
    () => (scanHandler ??= handlerModule(SCAN_HANDLER).then((module) => module.build() as ScanResultHandler)), () => keeper?.markChanged(), options.scanDelayMs,
  );
  const uploadGate = await UploadGate.start({
    // A test may give the functions another uploads bucket (functionEnvironment): the gate serves theirs too.
    buckets: () => [resources.uploadsBucketName, process.env[configVariables.uploadsBucketName]],
    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!, region: process.env.AWS_REGION! },
    allowedOrigin: () => url || undefined,
    onStored: (stored) => {
      keeper?.markChanged();
      scanner.scan(stored);
    },
    port: options.uploadGatePort,
  });
  Object.assign(process.env, {
    [configVariables.tableName]: resources.tableName,
    [configVariables.bucketName]: resources.bucketName,
    [configVariables.uploadsBucketName]: resources.uploadsBucketName,
    [configVariables.uploadPostEndpoint]: uploadGate.url,
    [configVariables.documentQueueUrl]: resources.documentQueueUrl,
    [configVariables.deadLetterQueueUrl]: resources.deadLetterQueueUrl,
    [configVariables.formsDir]: formsDir,
    [configVariables.templatesDir]: templatesDir,
    // A publish in the studio is served within a second here (15 s in AWS).
    [configVariables.packRefreshSeconds]: '1',
    // Page tokens' signing key (a Secrets Manager secret in AWS): new on each start, so tokens of an earlier run fail.
    [intakeTokenKeyVariable]: randomBytes(32).toString('base64url'),
    ...reviewScheduleEnvironment(resources),
  });

  // Publishing, as a deploy does: each repository pack is stored by its hash (and each form as a form version), and
  // goes live unless the studio published since (docs/form-studio.md).
  const deployed = await deployRepositoryPacks(packStore(resources), repositoryPacks(formsDir), new Date());
  // Packs are objects first: a pack stored with no item changed is not seen through DynamoDB.
  if ([...deployed.values()].some((outcome) => outcome !== 'unchanged')) keeper?.markChanged();

  const issuer = await DevIssuer.open(join(workDir, 'dev-issuer-key.json'));
  const rateLimit = options.submissionRateLimit ?? { limit: SUBMISSIONS_PER_IP, windowSeconds: RATE_WINDOW_SECONDS };
  // One browser for every PDF the stack renders (the worker's documents, the studio's previews), closed on stop.
  const renderer = new PdfRenderer();
  const gateway = new LocalGateway(
    routes, async (name) => (RENDERING_ROUTES.has(name) ? (await handlerModule(name)).build(readConfig, renderer) : (await handlerModule(name)).build()) as HttpHandler,
    (token) => issuer.verify(token),
    rateLimit ? new RateLimiter(rateLimit.limit, rateLimit.windowSeconds * 1000) : undefined,
  );
  const mailbox = new LocalMailbox(() => sesRecorder.messages());
  const persistenceNote = persistence
    ? `saved in ${persistence.info.stateDir}: put back at start, saved ${(options.saveIntervalMs ?? 2_000) / 1000} s after a change and at stop`
    : 'in-memory: data is lost when the stack stops';
  const signIn = new DevSignIn(issuer, () => catalog.agencies().map(({ agency }) => ({ id: agency.id, name: agency.name })), () => `${url}/staff/callback`);
  const server = createServer((request, response) => {
    serve(request, response, gateway, signIn, mailbox, emulatorEndpoint, persistenceNote, () => healthReport(catalog, formsDir)).catch((error: unknown) => {
      console.error('local server:', (error as Error).name);
      if (!response.headersSent) response.statusCode = 502;
      response.end();
    });
  });
  // Node closes an idle keep-alive connection after 5 s; a client that picked it for its next request just then
  // (fetch does, when a busy machine delays its timers) sees ECONNRESET. API Gateway keeps them far longer.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolveListen) => server.listen(options.port, '127.0.0.1', resolveListen));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    [configVariables.publicBaseUrl]: url,
    // The staff pages sign in at the dev issuer's endpoints on this server, as they do at Cognito's domain in AWS.
    [signInVariables.issuer]: DEV_ISSUER,
    [signInVariables.clientId]: DEV_AUDIENCE,
    [signInVariables.signInBaseUrl]: `${url}${DEV_SIGN_IN_PATH}`,
    [signInVariables.jwksUrl]: `${url}${DEV_SIGN_IN_PATH}/.well-known/jwks.json`,
    [signInVariables.pagesBaseUrl]: url,
    // The worker's follow-up reminders link to case pages, served here too.
    [configVariables.staffPagesUrl]: url,
  }, options.functionEnvironment);

  // Each agency's seal key and certificate, made on the first start and kept under .local/ (the KMS key's stand-in).
  const signingKeyDir = join(workDir, 'signing');
  for (const { agency } of catalog.agencies()) localSigningKeyFiles(signingKeyDir, agency);
  const sealKey = (agency: AgencyIdentity) => localSigningKey(signingKeyDir, agency);
  const worker = (await handlerModule(workers.documentWorker)).build(renderer, readConfig, sealKey) as SqsHandler;
  const queueArn = (await new SQSClient({}).send(new GetQueueAttributesCommand({ QueueUrl: resources.documentQueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const poller = new QueuePoller(resources.documentQueueUrl, queueArn, worker, workers.documentWorker);
  if (options.documentWorker !== false) poller.start();
  const sweeper = (await handlerModule(workers.outboxSweeper)).build() as () => Promise<unknown>;
  const sweepTimer = setInterval(() => {
    sweeper().catch((error: unknown) => console.error('outbox sweeper:', (error as Error).name));
  }, options.sweepIntervalMs ?? 10_000);
  // Restored mail had its events published in its own run.
  const sesEvents = new SesEventSimulator(() => mailbox.messages(), (await handlerModule(workers.sesEvents)).build() as SesEventHandler, persistence?.info.restored?.mail ?? 0);
  const sesInterval = options.sesEventIntervalMs ?? 2_000;
  const sesTimer = sesInterval > 0 ? setInterval(() => {
    sesEvents.publishNew().catch((error: unknown) => console.error('SES events:', (error as Error).name));
  }, sesInterval) : undefined;
  // EventBridge Scheduler's part locally: review schedules fire into the document queue (local/schedule-runner.ts).
  const reviewSchedules = new LocalScheduleRunner(resources.reviewScheduleGroup, {
    [resources.documentQueueArn]: resources.documentQueueUrl, [resources.deadLetterQueueArn]: resources.deadLetterQueueUrl,
  });
  reviewSchedules.start();
  keeper?.start(options.saveIntervalMs ?? 2_000);

  return {
    url,
    emulatorEndpoint,
    uploadGateUrl: uploadGate.url,
    scansSettled: () => scanner.settled(),
    resources,
    deployedPacks: deployed,
    agencies: agencyListings(catalog, url),
    refused: refusalReports(catalog, formsDir),
    publishSesEvents: () => sesEvents.publishNew(),
    fireSchedulesDue: (at) => reviewSchedules.fireSchedulesDue(at),
    startDocumentWorker: () => poller.start(),
    persistence: persistence?.info,
    saveState: () => keeper?.save(false) ?? Promise.resolve(0),
    async stop() {
      clearInterval(sweepTimer);
      clearInterval(sesTimer);
      await reviewSchedules.stop();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      server.closeAllConnections();
      await uploadGate.stop();
      await scanner.settled();
      await poller.stop();
      await renderer.close();
      try {
        await keeper?.stop();
      } finally {
        await dynamoProxy.stop();
        await sesRecorder.stop();
        await moto?.stop();
      }
    },
  };
}

async function serve(
  request: IncomingMessage, response: ServerResponse, gateway: LocalGateway, signIn: DevSignIn, mailbox: LocalMailbox, emulatorEndpoint: string, persistence: string,
  health: () => HealthReport,
): Promise<void> {
  if (await gateway.handle(request, response)) return;
  const requestUrl = new URL(request.url ?? '/', 'http://localhost');
  const path = requestUrl.pathname;
  if (await signIn.handle(request, response, path, requestUrl)) return;
  if (request.method === 'GET' && path === '/health') {
    // 200 when degraded too (see healthReport): the working forms must stay in service.
    return json(response, 200, { ...health(), emulator: emulatorEndpoint, persistence });
  }
  if (request.method === 'GET' && path === '/_local/mailbox') return json(response, 200, await mailbox.messages());
  const attachment = /^\/_local\/mailbox\/([^/]+)\/attachments\/(\d+)$/.exec(path);
  if (request.method === 'GET' && attachment) {
    const file = await mailbox.attachment(decodeURIComponent(attachment[1]!), Number(attachment[2]));
    if (!file) return json(response, 404, { type: 'urn:caseforms:problem:not-found', title: 'Not found', status: 404, detail: 'No such attachment.', errors: [] });
    response.writeHead(200, { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename}"` });
    response.end(file.content);
    return;
  }
  json(response, 404, { type: 'urn:caseforms:problem:not-found', title: 'Not found', status: 404, detail: 'No such route.', errors: [] });
}

/** Opens the state folder (emptied first when `fresh`) and puts its saved state into the new resources. */
async function restoreSaved(stateDir: string, fresh: boolean, resources: LocalResources, sesRecorder: SesRecorder) {
  const files = new StateFiles(stateDir);
  if (fresh) files.clear();
  const saved = files.read<SavedState>();
  if (saved && saved.format !== 1) throw new Error(`${files.stateFile} was saved in a format this stack cannot read: start with --fresh to begin empty`);
  let restored: Persistence['restored'];
  if (saved) {
    const started = performance.now();
    const { mail, counts } = await restoreState(resources, files, saved);
    sesRecorder.restore(mail);
    restored = { ...counts, savedAt: saved.savedAt, ms: Math.round(performance.now() - started) };
  }
  return { files, saved, info: { stateDir, restored } satisfies Persistence };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
  response.end(JSON.stringify(body));
}
