// `npm run drill [-- --documents 200 --storm 20 --killed 5 --failure-rate 0.1]`: delivery under trouble, counted.
// A fresh local stack renders and emails `documents` intake summaries while every job is also queued a second time,
// a worker dies between claim and send on `killed` of them, SES refuses a share of sends at random, and SES is down
// for the first `storm` documents so they exhaust their attempts. Then it counts emails per (document, recipient)
// and the dead-letter queue, redrives, and counts again.
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BlobStore } from '../functions/adapters/aws/blob-store.ts';
import { AwsDocumentJobPorts } from '../functions/adapters/aws/document-job-store.ts';
import { SqsJobQueue } from '../functions/adapters/aws/job-queue.ts';
import type { DocumentJob } from '../functions/domain/cases/document-job.ts';
import { S3FormVersionStore } from '../functions/adapters/aws/s3-form-versions.ts';
import { PdfRenderer } from '../functions/adapters/chromium/pdf-renderer.ts';
import { servingCatalog } from '../functions/composition/serving-catalog.ts';
import { readConfig } from '../functions/contracts/config.ts';
import { TemplateLibrary } from '../functions/domain/documents/templates.ts';
import { FormVersions } from '../functions/domain/forms/form-versions.ts';
import { runJob } from '../functions/domain/jobs/job-dispatcher.ts';
import { build } from '../functions/handlers/document-worker.ts';
import type { MailboxMessage } from '../local/mailbox.ts';
import { QueuePoller } from '../local/queue-poller.ts';
import { projectRoot, startLocalStack, type LocalStack } from '../local/stack.ts';
import { itemsOfType, tableItems } from '../local/aws-readback.ts';
import { startFaultProxy } from '../local/fault-proxy.ts';
import { redriveDeadLetters } from './redrive.ts';
import { serviceDefaults } from '../local/aws-environment.ts';
import { startMoto } from '../local/moto.ts';

export interface DrillOptions {
  readonly documents: number;
  /** Documents submitted while SES is down: each must end in the dead-letter queue, then be redriven. */
  readonly storm: number;
  /** Jobs a worker claims and then dies on, before sending. */
  readonly killed: number;
  /** Share of SES requests refused (503) at random once the storm has passed. */
  readonly failureRate: number;
  /** An emulator already running (tests share one); otherwise moto_server is started for the drill. */
  readonly emulatorEndpoint?: string;
  readonly log?: (line: string) => void;
}

export interface EmailCounts {
  readonly emails: number;
  readonly distinctDeliveries: number;
  readonly duplicates: number;
  readonly jobsDone: number;
}

export interface DrillReport {
  readonly documents: number;
  readonly jobMessages: number;
  readonly killedClaims: number;
  readonly sesRequestsRefused: number;
  readonly beforeRedrive: EmailCounts & { readonly deadLetterMessages: number; readonly deadLetteredJobs: number };
  /** redrivenReasons: the dead letters' recorded reasons, counted as redrive moved them. */
  readonly afterRedrive: EmailCounts & { readonly redriven: number; readonly redrivenReasons: Readonly<Record<string, number>>; readonly deadLetterMessages: number };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`drill: timed out waiting for ${what}`);
    await sleep(500);
  }
}

export async function runDeliveryDrill(options: DrillOptions): Promise<DrillReport> {
  const log = options.log ?? (() => undefined);
  const moto = options.emulatorEndpoint ? undefined : await startMoto();
  const emulator = options.emulatorEndpoint ?? moto!.endpoint;
  const ses = await startFaultProxy(serviceDefaults(emulator).sesv2);
  let stack: LocalStack | undefined;
  const pollers: QueuePoller[] = [];
  // The drill's own browser: its workers and its dying worker render with it, and it is closed when the drill ends.
  const renderer = new PdfRenderer();
  try {
    stack = await startLocalStack({
      port: 0, emulatorEndpoint: emulator, resourcePrefix: `drill-${Date.now()}`, documentWorker: false, sesEventIntervalMs: 0,
      sweepIntervalMs: 3_600_000, serviceEndpoints: { sesv2: ses.endpoint }, submissionRateLimit: false,
      functionEnvironment: { JOB_RETRY_BASE_SECONDS: '1', DELIVERY_LEASE_SECONDS: '5' },
    });
    const { resources } = stack;
    const worker = build(renderer);
    const sqs = new SQSClient({});
    const queue = new SqsJobQueue(resources.documentQueueUrl);
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: resources.documentQueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const body = JSON.stringify(JSON.parse(readFileSync(join(projectRoot, 'form-schemas/demo/forms/intake.json'), 'utf8')).examples[0]);
    let jobMessages = 0;
    const submit = async (count: number): Promise<DocumentJob[]> => {
      const jobs: DocumentJob[] = [];
      for (let i = 0; i < count; i += 1) {
        const response = await fetch(`${stack!.url}/agencies/demo/forms/intake/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (response.status !== 201) throw new Error(`drill: submit answered ${response.status}`);
        const receipt = (await response.json()) as { id: string; caseId: string };
        const job: DocumentJob = { documentType: 'intake-summary', agencyId: 'demo', caseId: receipt.caseId, submissionId: receipt.id };
        await queue.enqueue(job); // every job twice: the submit path's own message and a duplicate
        jobMessages += 2;
        jobs.push(job);
      }
      return jobs;
    };
    const startWorkers = () => {
      for (let i = 0; i < 2; i += 1) {
        const poller = new QueuePoller(resources.documentQueueUrl, queueArn, worker, `drill-worker-${i}`);
        poller.start();
        pollers.push(poller);
      }
    };
    const stopWorkers = async () => { await Promise.all(pollers.splice(0).map((poller) => poller.stop())); };
    const deadLetterDepth = async () => Number((await sqs.send(new GetQueueAttributesCommand({
      QueueUrl: resources.deadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'],
    }))).Attributes?.ApproximateNumberOfMessages ?? 0);
    const jobItems = async () => itemsOfType(await tableItems(resources.tableName), 'job');
    const counts = async (): Promise<EmailCounts> => {
      const mail = (await (await fetch(`${stack!.url}/_local/mailbox`)).json()) as MailboxMessage[];
      const distinct = new Set(mail.map((m) => `${m.subject}|${m.to.join(',')}`));
      return { emails: mail.length, distinctDeliveries: distinct.size, duplicates: mail.length - distinct.size, jobsDone: (await jobItems()).filter((j) => j.status === 'done').length };
    };

    log(`storm: SES down for ${options.storm} document(s)`);
    ses.failing = true;
    await submit(options.storm);
    startWorkers();
    // Both copies of every storm job must have given up before SES comes back, or a late copy would deliver it.
    await until('both copies of every storm job to be dead-lettered', async () => (await deadLetterDepth()) >= 2 * options.storm, 180_000);
    await stopWorkers();

    log(`then ${options.documents - options.storm} document(s) with ${Math.round(options.failureRate * 100)} % of SES requests refused and ${options.killed} worker death(s)`);
    ses.failing = () => Math.random() < options.failureRate;
    const jobs = await submit(options.documents - options.storm);
    // A worker takes jobs, claims their delivery and dies before sending: its claims hold until their lease expires.
    const config = readConfig();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    const formVersions = new FormVersions(catalog, new S3FormVersionStore(config.bucketName, blobs));
    const dying = new AwsDocumentJobPorts(config.tableName, blobs, undefined);
    dying.sendRaw = () => new Promise<string>(() => undefined);
    const dyingContext = {
      ports: dying, catalog, formVersions, templates: new TemplateLibrary(config.templatesDir), renderer, now: () => new Date(), publicBaseUrl: stack.url, leaseMs: 5_000,
    };
    for (const job of jobs.slice(0, options.killed)) void runJob(dyingContext, { kind: 'document', ...job }).catch(() => undefined);
    await until('the dead worker\'s claims', async () => itemsOfType(await tableItems(resources.tableName), 'delivery').filter((d) => d.status === 'claimed').length >= options.killed, 60_000);
    startWorkers();
    await until('every job after the storm', async () => (await jobItems()).filter((j) => j.status === 'done').length >= options.documents - options.storm, 600_000);
    await stopWorkers();
    ses.failing = false;

    const beforeRedrive = {
      ...(await counts()), deadLetterMessages: await deadLetterDepth(),
      deadLetteredJobs: (await jobItems()).filter((j) => j.status === 'dead-lettered').length,
    };
    log(`before redrive: ${JSON.stringify(beforeRedrive)}`);

    const { moved: redriven, reasons: redrivenReasons } = await redriveDeadLetters(sqs, resources.deadLetterQueueUrl, resources.documentQueueUrl);
    startWorkers();
    await until('the redriven jobs', async () => (await jobItems()).filter((j) => j.status === 'done').length >= options.documents, 300_000);
    await stopWorkers();
    const afterRedrive = { ...(await counts()), redriven, redrivenReasons, deadLetterMessages: await deadLetterDepth() };
    log(`after redrive: ${JSON.stringify(afterRedrive)}`);
    return { documents: options.documents, jobMessages, killedClaims: options.killed, sesRequestsRefused: ses.refused, beforeRedrive, afterRedrive };
  } finally {
    await Promise.all(pollers.map((poller) => poller.stop()));
    await stack?.stop();
    await renderer.close();
    await ses.stop();
    await moto?.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: {
    documents: { type: 'string', default: '200' }, storm: { type: 'string', default: '20' }, killed: { type: 'string', default: '5' }, 'failure-rate': { type: 'string', default: '0.1' },
  } });
  const started = performance.now();
  const report = await runDeliveryDrill({
    documents: Number(values.documents), storm: Number(values.storm), killed: Number(values.killed), failureRate: Number(values['failure-rate']),
    log: (line) => console.error(`drill: ${line}`),
  });
  console.log(JSON.stringify({ ...report, seconds: Math.round((performance.now() - started) / 1000) }, null, 2));
  const ok = report.afterRedrive.distinctDeliveries === report.documents && report.afterRedrive.duplicates === 0
    && report.beforeRedrive.deadLetteredJobs === Number(values.storm) && report.afterRedrive.deadLetterMessages === 0;
  process.exit(ok ? 0 : 1);
}
