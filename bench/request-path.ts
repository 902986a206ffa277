/**
 * The public submit path, POST /agencies/demo/forms/intake/submissions, under HTTP load, against bare baselines
 * measured in the same run, in interleaved rounds (medians of the rounds, ratio to the baseline):
 *
 * (a) Up to storage. Baseline: a bare node:http server on 127.0.0.1 that reads the body, JSON.parse's it, runs the
 *     same precompiled ajv validator the service uses for demo/intake (functions/domain/forms/generated/, looked up by the
 *     schema file's version) and answers 201 `{}` or 422 with ajv's errors (pointer and message) as JSON.
 *     Service: the real submit handler (middy stack, origin check, form lookup, JSON body guards, locale
 *     negotiation, validation with translated errors, scoring, problem responses, security headers, the request's
 *     outcome line: an EMF metric with its ids), bundled by esbuild as infra deploys it, behind the real LocalGateway over a node:http server, as
 *     local/stack.ts builds it, with storage made free in three ways:
 *       - fake endpoint: AWS_ENDPOINT_URL_* point at a fake AWS in this process that answers the calls the path makes
 *         (S3 PutObject, DynamoDB TransactWriteItems, SQS SendMessage) at once with minimal success responses. The
 *         SDK does all its work (serialize, sign, checksum, HTTP, parse); the fake's own HTTP work runs on the
 *         service's thread, so it is counted against the service.
 *       - inside the SDK: the same clients, whose request handler is swapped for one answering the same responses
 *         without a socket: all of the SDK's work except its HTTP round trip.
 *       - no storage calls: the services' IntakeStore and JobQueue swapped for in-memory stubs (the pure path).
 *     Invalid bodies never reach storage: one service figure. Load: autocannon in a child process (its own core),
 *     the same connections and duration for every candidate. Valid requests send no Idempotency-Key, so each opens
 *     a new case and the path skips the idempotency read (one DynamoDB call fewer than with a key).
 * (b) With storage, on moto: the service on a real local stack (startLocalStack: moto, DynamoDB serialized through
 *     local/serializing-proxy.ts; document worker, SES events and outbox sweeps off, so only the submit path uses the
 *     emulator) under autocannon, against the bare SDK calls one accepted intake makes (bareIntakeStore below), at
 *     the same concurrency against the same emulator. Every run starts from an emptied emulator (moto reset, the
 *     stack's resources created again under the same names). CPU of this process and of moto is sampled from /proc
 *     to name the ceiling.
 *
 * The service's log lines (one EMF outcome line per request) are produced as in Lambda and, while the suite runs,
 * stdout goes to /dev/null (warnings and errors still reach stderr: none is expected).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { caseItem } from '../functions/adapters/aws/case-item.ts';
import { searchItem, searchKeys } from '../functions/adapters/aws/search-items.ts';
import { identityOf, type IdentityPointers } from '../functions/domain/forms/identity.ts';
import { matchKeys } from '../functions/domain/people/possible-match.ts';
import { OUTBOX_GRACE_MS } from '../functions/adapters/aws/outbox-item.ts';
import { keys, OUTBOX_PENDING } from '../functions/contracts/table-design.ts';
import type { CaseRecord } from '../functions/domain/cases/case-record.ts';
import { rawSubmissionKey, type IntakeStore, type JobQueue } from '../functions/domain/cases/intake.ts';
import { configVariables } from '../functions/contracts/config.ts';
import { formVersion, loadCatalog } from '../functions/domain/forms/catalog.ts';
import { precompiledValidator, type PrecompiledValidateFunction } from '../functions/domain/forms/precompiled.ts';
import { routes } from '../functions/contracts/routes.ts';
import type { dynamoClient as DynamoClientOf } from '../functions/adapters/aws/dynamo-client.ts';
import type { s3Client as S3ClientOf } from '../functions/adapters/aws/s3-client.ts';
import type { sqsClient as SqsClientOf } from '../functions/adapters/aws/sqs-client.ts';
import type { build as BuildSubmit, submitParts as SubmitPartsOf } from '../functions/handlers/submit.ts';
import { emulatorEnvironment, serviceDefaults } from '../local/aws-environment.ts';
import { bootstrapResources } from '../local/bootstrap.ts';
import { LocalGateway, type HttpHandler } from '../local/gateway.ts';
import { startLocalStack } from '../local/stack.ts';
import { itemsOfType, tableItems } from '../local/aws-readback.ts';
import { lambdaOptions } from './bundles.ts';
import { compare, figureOf, median, type BenchSuite, type Comparison, type ResultTable, type SuiteContext } from './harness.ts';
import { invalidVariant } from './validation.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const submitPath = '/agencies/demo/forms/intake/submissions';
const jsonHeaders = { 'content-type': 'application/json' };

type Json = Record<string, unknown>;

interface Intake {
  readonly validate: PrecompiledValidateFunction;
  readonly valid: string;
  readonly invalid: string;
}

function demoIntake(): Intake {
  const text = readFileSync(join(root, 'form-schemas', 'demo', 'forms', 'intake.json'), 'utf8');
  const schema = JSON.parse(text) as Json;
  // The service finds the same function the same way: by the schema file's version (functions/domain/forms/catalog.ts).
  const validate = precompiledValidator(formVersion(text));
  if (!validate) throw new Error('demo/intake is not precompiled (or under another Ajv configuration): run `npx tsx scripts/precompile-validators.ts`');
  const example = ((schema.examples ?? []) as Json[])[0];
  if (!example) throw new Error('demo/intake has no examples[0]');
  return { validate, valid: JSON.stringify(example), invalid: JSON.stringify(invalidVariant(schema, example)) };
}

// ---------------------------------------------------------------------------------------------------------------
// The load generator: autocannon in a child process, so it has a core of its own and the servers here have the other.

interface LoadJob {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly connections: number;
  /** Seconds; or `amount` requests. */
  readonly duration?: number;
  readonly amount?: number;
  readonly timeout: number;
  /**
   * autocannon ends a run only at its next sample tick (every `sampleInt` ms, 1000 by default), and its duration
   * includes the wait: a run of `amount` requests would be rounded up to whole seconds.
   */
  readonly sampleInt: number;
}

interface LoadResult {
  /** Completed requests. */
  readonly total: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
}

const clientProgram = `
import autocannon from 'autocannon';
process.on('disconnect', () => process.exit(0));
process.on('message', async ({ id, ...options }) => {
  try {
    const result = await autocannon(options);
    process.send({ id, result: {
      total: result.requests.total, seconds: result.duration, p50: result.latency.p50, p99: result.latency.p99,
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count])),
      errors: result.errors, timeouts: result.timeouts,
    } });
  } catch (error) {
    process.send({ id, failed: String((error && error.stack) || error) });
  }
});
`;

class LoadClient {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: LoadResult) => void; reject: (error: Error) => void }>();
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: { id: number; result?: LoadResult; failed?: string }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.result) waiting?.resolve(message.result);
      else waiting?.reject(new Error(`autocannon failed: ${message.failed}`));
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the load client exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  static start(): LoadClient {
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // plain node: no tsx loader in the load generator
    return new LoadClient(spawn(process.execPath, ['--input-type=module', '-e', clientProgram], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  }

  run(job: LoadJob): Promise<LoadResult> {
    if (this.exited) return Promise.reject(new Error('the load client has exited'));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, ...job });
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const force = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(force);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Servers.

async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  // As local/stack.ts sets it, for every server here alike.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

function readAll(request: IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => done(Buffer.concat(chunks)));
}

/** The baseline: a bare node:http server with JSON.parse and the service's own precompiled validator. */
function baselineServer(validate: PrecompiledValidateFunction): Server {
  return createServer((request, response) => {
    readAll(request, (raw) => {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        response.writeHead(400, jsonHeaders).end('{}');
        return;
      }
      if (validate(body)) response.writeHead(201, jsonHeaders).end('{}');
      // The service's validator runs with verbose: true, so ajv's raw errors carry the schema (~10 KB here): the
      // baseline answers what a client needs, each error's pointer and message, as the service's problem body does.
      else response.writeHead(422, jsonHeaders).end(JSON.stringify((validate.errors ?? []).map((error) => ({ pointer: error.instancePath, message: error.message }))));
    });
  });
}

/**
 * The submit function as Lambda runs it: one esbuild bundle with infra's options (minified ESM; bench/bundles.ts),
 * whose entry also exports the bundle's own services and clients, so the bench can swap its storage. Running the
 * TypeScript through tsx instead would measure tsx's additions (every named function wrapped to keep its name).
 */
interface SubmitBundle {
  readonly build: typeof BuildSubmit;
  readonly submitParts: typeof SubmitPartsOf;
  readonly dynamoClient: typeof DynamoClientOf;
  readonly s3Client: typeof S3ClientOf;
  readonly sqsClient: typeof SqsClientOf;
  remove(): void;
}

async function buildSubmitBundle(): Promise<SubmitBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-request-path-'));
  const outfile = join(dir, 'index.mjs');
  await build({
    ...lambdaOptions('submit', outfile),
    metafile: false,
    stdin: {
      contents: [
        "export { build, submitParts } from './functions/handlers/submit.ts';",
        "export { dynamoClient } from './functions/adapters/aws/dynamo-client.ts';",
        "export { s3Client } from './functions/adapters/aws/s3-client.ts';",
        "export { sqsClient } from './functions/adapters/aws/sqs-client.ts';",
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'request-path-entry.ts',
      loader: 'ts',
    },
  });
  const module = (await import(pathToFileURL(outfile).href)) as Omit<SubmitBundle, 'remove'>;
  return { ...module, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real gateway, as local/stack.ts serves it (no WAF rate limit, no staff tokens), in front of the bundle's handler. */
function serviceServer(handler: HttpHandler): Server {
  const gateway = new LocalGateway(
    routes,
    async (name) => {
      if (name !== 'submit') throw new Error(`the bench bundles only submit, not ${name}`);
      return handler;
    },
    async () => undefined,
  );
  return createServer((request, response) => {
    gateway.handle(request, response).then(
      (handled) => { if (!handled) response.writeHead(404).end(); },
      () => { if (!response.headersSent) response.statusCode = 502; response.end(); },
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Free storage: a fake AWS answering the calls the submit path makes, over HTTP or inside the SDK.

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const awsJson = { 'content-type': 'application/x-amz-json-1.0' };

class FakeAws {
  /** Calls answered, by operation: the check that the path made the calls it should. */
  readonly calls = new Map<string, number>();
  /** Calls it could not answer with success: any makes the run invalid. */
  failures = 0;

  answer(method: string, target: string | undefined, body: string): Answer {
    const operation = target ?? `S3 ${method}`;
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    try {
      return this.success(operation, body);
    } catch (error) {
      this.failures++;
      return { status: 400, headers: awsJson, body: JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: `${operation}: ${(error as Error).message}` }) };
    }
  }

  private success(operation: string, body: string): Answer {
    switch (operation) {
      case 'S3 PUT': // PutObject; the SDK reads nothing from the answer but the status
        return { status: 200, headers: { etag: '"d41d8cd98f00b204e9800998ecf8427e"' }, body: '' };
      case 'DynamoDB_20120810.TransactWriteItems':
      case 'DynamoDB_20120810.GetItem': // no item: a new Idempotency-Key
        return { status: 200, headers: awsJson, body: '{}' };
      case 'AmazonSQS.SendMessage': {
        // The SQS client checks the body's MD5 in the answer.
        const { MessageBody } = JSON.parse(body) as { MessageBody: string };
        return { status: 200, headers: awsJson, body: JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex') }) };
      }
      default:
        throw new Error('not faked');
    }
  }

  server(): Server {
    return createServer((request, response) => {
      readAll(request, (raw) => {
        const target = request.headers['x-amz-target'];
        const answer = this.answer(request.method ?? 'GET', typeof target === 'string' ? target : undefined, raw.toString('utf8'));
        response.writeHead(answer.status, answer.headers).end(answer.body);
      });
    });
  }

  /** An SDK request handler with the same answers and no socket (what NodeHttpHandler is to the clients). */
  requestHandler() {
    return {
      metadata: { handlerProtocol: 'http/1.1' },
      handle: async (request: { method: string; headers: Record<string, string>; body?: unknown }) => {
        const header = Object.keys(request.headers).find((name) => name.toLowerCase() === 'x-amz-target');
        // JSON protocols hand over bytes (a Uint8Array), S3 the caller's Buffer; a stream is drained unread.
        const body = request.body;
        if (body && typeof (body as NodeJS.ReadableStream).resume === 'function') (body as NodeJS.ReadableStream).resume();
        const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') : '';
        const answer = this.answer(request.method, header ? request.headers[header] : undefined, text);
        return { response: { statusCode: answer.status, headers: answer.headers, body: Buffer.from(answer.body) } };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      destroy: () => undefined,
    };
  }
}

type StorageMode = 'fake endpoint' | 'inside the SDK' | 'no storage calls';

/**
 * Switches how the service reaches storage: two handlers built from the bundle, one with its stores on AWS (whose
 * clients' request handlers are switched between the fake endpoint and answers inside the SDK), one with in-memory
 * stubs, and the one the gateway calls is switched between them.
 */
function storageSwitch(fake: FakeAws, { build, submitParts, dynamoClient, s3Client, sqsClient }: SubmitBundle): { handler: HttpHandler; set(mode: StorageMode): void; stubCalls: () => number } {
  let stubCalls = 0;
  const count = async () => { stubCalls++; };
  const stubs: { intakeStore: IntakeStore; jobQueue: JobQueue } = {
    intakeStore: { findReceipt: async () => { stubCalls++; return undefined; }, putRawSubmission: count, discardRawSubmission: count, commit: async () => { stubCalls++; return 'committed'; } },
    jobQueue: { enqueue: count },
  };
  const real = build() as unknown as HttpHandler;
  const stubbed = build(undefined, (config) => ({ ...submitParts(config), ...stubs })) as unknown as HttpHandler;
  let current = real;
  const configs = [s3Client().config, dynamoClient().config, sqsClient().config] as unknown as { requestHandler: unknown }[];
  const originals = configs.map((config) => config.requestHandler);
  const inSdk = fake.requestHandler();
  return {
    handler: (event, context) => current(event, context),
    set(mode) {
      current = mode === 'no storage calls' ? stubbed : real;
      configs.forEach((config, i) => { config.requestHandler = mode === 'inside the SDK' ? inSdk : originals[i]; });
    },
    stubCalls: () => stubCalls,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// (a) Up to storage.

interface HttpCandidate {
  readonly name: string;
  readonly url: string;
  readonly body: string;
  readonly status: number;
  readonly before?: () => void;
}

interface Measured {
  readonly rounds: number[];
  readonly p50: number[];
  readonly p99: number[];
  /** CPU of this process (the servers, and the fake AWS where used) per request, µs. */
  readonly cpuPerRequest: number[];
}

function checkStatuses(name: string, result: LoadResult, status: number): void {
  const expected = result.statusCodes[String(status)] ?? 0;
  const seen = Object.values(result.statusCodes).reduce((sum, count) => sum + count, 0);
  if (result.errors > 0 || result.timeouts > 0 || expected !== seen || result.total === 0) {
    throw new Error(`${name}: expected only ${status}, got ${JSON.stringify(result.statusCodes)}, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}

async function measureHttp(client: LoadClient, candidates: readonly HttpCandidate[], options: { rounds: number; seconds: number; warmupSeconds: number; connections: number }, context: SuiteContext): Promise<Measured[]> {
  const run = async (candidate: HttpCandidate, seconds: number) => {
    candidate.before?.();
    const cpu = process.cpuUsage();
    const result = await client.run({ url: `${candidate.url}${submitPath}`, method: 'POST', headers: jsonHeaders, body: candidate.body, connections: options.connections, duration: seconds, timeout: 10, sampleInt: 100 });
    const used = process.cpuUsage(cpu);
    checkStatuses(candidate.name, result, candidate.status);
    return { result, cpuPerRequest: (used.user + used.system) / result.total };
  };
  for (const candidate of candidates) {
    context.log(`warm-up ${candidate.name} (${options.warmupSeconds} s)`);
    await run(candidate, options.warmupSeconds);
  }
  const measured = candidates.map((): Measured => ({ rounds: [], p50: [], p99: [], cpuPerRequest: [] }));
  for (let round = 0; round < options.rounds; round++) {
    context.log(`round ${round + 1}/${options.rounds}: ${candidates.length} candidates x ${options.seconds} s`);
    for (let k = 0; k < candidates.length; k++) {
      const i = (k + round) % candidates.length; // rotate the order every round
      const { result, cpuPerRequest } = await run(candidates[i]!, options.seconds);
      measured[i]!.rounds.push(result.total / result.seconds);
      measured[i]!.p50.push(result.p50);
      measured[i]!.p99.push(result.p99);
      measured[i]!.cpuPerRequest.push(cpuPerRequest);
    }
  }
  return measured;
}

async function firstAnswer(url: string, body: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}${submitPath}`, { method: 'POST', headers: jsonHeaders, body });
  return { status: response.status, body: await response.text() };
}

async function upToStorage(intake: Intake, client: LoadClient, context: SuiteContext) {
  const options = context.quick ? { rounds: 2, seconds: 1, warmupSeconds: 1, connections: 10 } : { rounds: 7, seconds: 3, warmupSeconds: 2, connections: 10 };
  const fake = new FakeAws();
  const fakeServer = await listen(fake.server());
  const baseline = await listen(baselineServer(intake.validate));
  const bundle = await buildSubmitBundle();
  let service: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    Object.assign(process.env, emulatorEnvironment(serviceDefaults(fakeServer.url)), {
      [configVariables.tableName]: 'bench-table',
      [configVariables.bucketName]: 'bench-bucket',
      [configVariables.documentQueueUrl]: `${fakeServer.url}/000000000000/bench-documents`,
      [configVariables.formsDir]: join(root, 'form-schemas'),
      [configVariables.templatesDir]: join(root, 'templates'),
    });
    const storage = storageSwitch(fake, bundle);
    service = await listen(serviceServer(storage.handler));

    // What each answers, once, before any timing: the right statuses, and what the invalid body is refused for.
    storage.set('fake endpoint');
    const answers = {
      baselineValid: await firstAnswer(baseline.url, intake.valid), baselineInvalid: await firstAnswer(baseline.url, intake.invalid),
      serviceValid: await firstAnswer(service.url, intake.valid), serviceInvalid: await firstAnswer(service.url, intake.invalid),
    };
    const statuses = Object.entries(answers).map(([name, answer]) => `${name} ${answer.status}`).join(', ');
    if (answers.baselineValid.status !== 201 || answers.serviceValid.status !== 201 || answers.baselineInvalid.status !== 422 || answers.serviceInvalid.status !== 422) {
      throw new Error(`unexpected first answers: ${statuses}; service: ${answers.serviceValid.body.slice(0, 300)} ${answers.serviceInvalid.body.slice(0, 300)}`);
    }
    const callsPerValid = [...fake.calls].map(([operation, count]) => `${operation} ×${count}`).join(', ');
    const ajvErrors = (JSON.parse(answers.baselineInvalid.body) as unknown[]).length;
    const problemErrors = (JSON.parse(answers.serviceInvalid.body) as { errors: unknown[] }).errors.length;

    const candidates: HttpCandidate[] = [
      { name: 'invalid: bare node:http + JSON.parse + precompiled ajv', url: baseline.url, body: intake.invalid, status: 422 },
      { name: 'invalid: service (gateway + submit handler)', url: service.url, body: intake.invalid, status: 422, before: () => storage.set('fake endpoint') },
      { name: 'valid: bare node:http + JSON.parse + precompiled ajv', url: baseline.url, body: intake.valid, status: 201 },
      { name: 'valid: service, storage calls to a fake AWS endpoint in this process', url: service.url, body: intake.valid, status: 201, before: () => storage.set('fake endpoint') },
      { name: 'valid: service, storage calls answered inside the SDK (no socket)', url: service.url, body: intake.valid, status: 201, before: () => storage.set('inside the SDK') },
      { name: 'valid: service, no storage calls (in-memory stubs)', url: service.url, body: intake.valid, status: 201, before: () => storage.set('no storage calls') },
    ];
    const calls = new Map(fake.calls);
    const measured = await measureHttp(client, candidates, options, context);
    storage.set('fake endpoint');
    if (fake.failures > 0) throw new Error(`the fake AWS could not answer ${fake.failures} calls: ${JSON.stringify([...fake.calls])}`);
    const figures = candidates.map((candidate, i) => figureOf(candidate.name.replace(/^(in)?valid: /, ''), 'ops/s', measured[i]!.rounds));
    const facts: Record<string, string | number> = {
      '(a) load': `autocannon in a child process, ${options.connections} connections, ${options.rounds} rounds × ${options.seconds} s per candidate after ${options.warmupSeconds} s of warm-up`,
      '(a) AWS calls of one valid request (fake endpoint)': callsPerValid,
      '(a) errors reported for the invalid body': `ajv ${ajvErrors}, service problem body ${problemErrors}`,
      '(a) response bytes, valid / invalid': `baseline ${answers.baselineValid.body.length} / ${answers.baselineInvalid.body.length}, service ${answers.serviceValid.body.length} / ${answers.serviceInvalid.body.length} (bodies only)`,
      '(a) fake AWS calls answered while measuring': [...fake.calls].map(([operation, count]) => `${operation} ${count - (calls.get(operation) ?? 0)}`).join(', '),
      '(a) in-memory stub calls while measuring': storage.stubCalls(),
    };
    const table: ResultTable = {
      title: '(a) up to storage, per candidate (medians of the rounds; latency from autocannon, CPU of the server process)',
      columns: ['candidate', 'requests/s', 'p50 ms', 'p99 ms', 'server CPU µs/request'],
      rows: candidates.map((candidate, i) => [
        candidate.name, Math.round(figures[i]!.value), median(measured[i]!.p50), median(measured[i]!.p99), Math.round(median(measured[i]!.cpuPerRequest)),
      ]),
    };
    const comparisons: Comparison[] = [
      // No target: the 0.5× of a bare server was retired once measurements showed the AWS SDK, not the handler,
      // dominates the request path; (b), the store path, is the ratio that counts.
      compare(`(a) invalid body, 422 with ${ajvErrors} errors: requests/s up to storage`, figures[0]!, [figures[1]!]),
      // "Up to storage": the figure without storage calls; the others show what the SDK's own work costs.
      compare('(a) valid body, 201: requests/s up to storage', figures[2]!, figures.slice(3)),
    ];
    return { comparisons, table, facts };
  } finally {
    await service?.close();
    await baseline.close();
    await fakeServer.close();
    bundle.remove();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (b) With storage, on moto.

export interface StorageTarget {
  readonly bucketName: string;
  readonly tableName: string;
  readonly documentQueueUrl: string;
}

/**
 * The SDK calls one accepted public intake of demo/intake makes without an Idempotency-Key, without the service:
 * S3 put of the raw body, one transaction with the case, submission and outbox-job items (the same items and
 * options as functions/adapters/aws/intake-store.ts), one SQS send of the job. Endpoints from the environment, clients
 * configured as functions/adapters/aws/clients.ts configures them.
 */
export function bareIntakeStore(target: StorageTarget, identityPointers?: IdentityPointers): (rawBody: Buffer) => Promise<void> {
  const s3 = new S3Client({ forcePathStyle: true });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const sqs = new SQSClient({});
  return async (rawBody) => {
    const agencyId = 'demo';
    const caseId = randomUUID();
    const submissionId = randomUUID();
    const now = new Date().toISOString();
    const rawKey = rawSubmissionKey(agencyId, caseId, submissionId);
    const casePk = keys.case(agencyId, caseId);
    const job = { documentType: 'intake-summary', agencyId, caseId, submissionId };
    await s3.send(new PutObjectCommand({ Bucket: target.bucketName, Key: rawKey, Body: rawBody, ContentType: 'application/json', ServerSideEncryption: 'aws:kms' }));
    // The same items an intake writes: the case with its identity, and the client's search terms and match keys.
    const identity = identityOf(identityPointers, JSON.parse(rawBody.toString('utf8')));
    const record: CaseRecord = { agencyId, caseId, state: 'intake', version: 1, createdAt: now, updatedAt: now, riskFlags: [], ...(identity ? { identity } : {}) };
    const items = [
      caseItem(record, { intakeSubmissionId: submissionId }),
      {
        pk: casePk, sk: keys.submission(submissionId), type: 'submission', agencyId, caseId, submissionId, formId: 'intake', formVersion: 'bench',
        channel: 'public', receivedAt: now, rawKey, requestHash: createHash('sha256').update(rawBody).digest('hex'), scores: [], flags: [],
      },
      {
        pk: casePk, sk: keys.job(submissionId, job.documentType), type: 'job', job, status: 'pending', outbox: OUTBOX_PENDING,
        dueAt: new Date(Date.parse(now) + OUTBOX_GRACE_MS).toISOString(), createdAt: now,
      },
      ...searchKeys(agencyId, caseId, identity).map((key) => searchItem(key, caseId)),
      ...matchKeys(agencyId, identity).map((key) => ({ pk: keys.matchKey(agencyId, key), sk: keys.matchEntry(caseId), type: 'match-key', agencyId, caseId, filedAt: now })),
    ];
    await dynamo.send(new TransactWriteCommand({
      TransactItems: items.map((Item) => ({ Put: { TableName: target.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
    }));
    await sqs.send(new SendMessageCommand({ QueueUrl: target.documentQueueUrl, MessageBody: JSON.stringify(job) }));
  };
}

/** `count` stores by `connections` concurrent workers, like autocannon's connections; per-store latencies in ms. */
export async function runStores(store: () => Promise<void>, count: number, connections: number): Promise<{ seconds: number; latencies: number[]; failed: number }> {
  let next = 0;
  let failed = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < count) {
      next += 1;
      const began = performance.now();
      try {
        await store();
        latencies.push(performance.now() - began);
      } catch {
        failed += 1;
      }
    }
  }));
  return { seconds: (performance.now() - start) / 1000, latencies, failed };
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** The moto_server listening on `port`: its CPU time (all threads), in seconds. */
function motoCpu(port: string): (() => number) | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv.some((arg) => arg.endsWith('moto_server')) || argv[argv.indexOf('-p') + 1] !== port) continue;
      return () => {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // utime and stime: fields 14 and 15 overall
        return (Number(fields[11]) + Number(fields[12])) / clockTicks;
      };
    } catch {
      continue;
    }
  }
  return undefined;
}

async function withStorage(intake: Intake, client: LoadClient, context: SuiteContext) {
  const options = context.quick ? { rounds: 2, requests: 20, connections: 5, warmup: 5 } : { rounds: 3, requests: 100, connections: 10, warmup: 10 };
  context.log('starting a local stack on moto (document worker off)');
  const prefix = `bench-${Date.now()}`;
  const stack = await startLocalStack({
    port: 0, resourcePrefix: prefix, documentWorker: false, sweepIntervalMs: 3_600_000, sesEventIntervalMs: 0, submissionRateLimit: false,
  });
  try {
    const moto = motoCpu(new URL(stack.emulatorEndpoint).port);
    // moto slows as its table grows (a transaction still copies the table's item map), so much that the later of
    // two runs would lose to the earlier whatever they were: every run starts from an emptied emulator, the same
    // resources (same names) created afresh, as the stack's bootstrap creates them.
    const catalog = loadCatalog(join(root, 'form-schemas'));
    const emptyEmulator = async () => {
      const reset = await fetch(`${stack.emulatorEndpoint}/moto-api/reset`, { method: 'POST' });
      if (!reset.ok) throw new Error(`moto reset: ${reset.status}`);
      const resources = await bootstrapResources(prefix, catalog);
      if (resources.documentQueueUrl !== stack.resources.documentQueueUrl) throw new Error(`the queue came back as ${resources.documentQueueUrl}`);
    };
    const store = bareIntakeStore(stack.resources, catalog.form('demo', 'intake')?.identity);
    const rawBody = Buffer.from(intake.valid);
    const serviceJob = (amount: number, connections: number): LoadJob => ({ url: `${stack.url}${submitPath}`, method: 'POST', headers: jsonHeaders, body: intake.valid, connections, amount, timeout: 60, sampleInt: 10 });

    context.log(`warm-up: ${options.warmup} bare stores, ${options.warmup} service requests`);
    await runStores(() => store(rawBody), options.warmup, 2);
    await client.run(serviceJob(options.warmup, 2));

    interface Sample { perSecond: number; p50: number; p99: number; nodeBusy: number; motoBusy: number; refused: number }
    const samples: { baseline: Sample[]; service: Sample[] } = { baseline: [], service: [] };
    let storedCases = 0;
    const measure = async (which: 'baseline' | 'service'): Promise<Sample> => {
      await emptyEmulator();
      const cpu = process.cpuUsage();
      const motoBefore = moto?.() ?? Number.NaN;
      const wallStart = performance.now();
      let sample: Omit<Sample, 'nodeBusy' | 'motoBusy'>;
      if (which === 'baseline') {
        const run = await runStores(() => store(rawBody), options.requests, options.connections);
        sample = { perSecond: run.latencies.length / run.seconds, p50: percentile(run.latencies, 50), p99: percentile(run.latencies, 99), refused: run.failed };
      } else {
        const result = await client.run(serviceJob(options.requests, options.connections));
        const accepted = result.statusCodes['201'] ?? 0;
        sample = { perSecond: accepted / result.seconds, p50: result.p50, p99: result.p99, refused: options.requests - accepted };
      }
      const wall = (performance.now() - wallStart) / 1000;
      const used = process.cpuUsage(cpu);
      const motoBusy = ((moto?.() ?? Number.NaN) - motoBefore) / wall;
      if (which === 'service') {
        // Accepted = stored, read back from the emulator after the timing: a 201 the table does not hold fails the run.
        const accepted = options.requests - sample.refused;
        const stored = itemsOfType(await tableItems(stack.resources.tableName), 'case').length;
        if (stored !== accepted) throw new Error(`(b) ${accepted} intakes accepted, ${stored} cases stored`);
        storedCases += stored;
      }
      return { ...sample, nodeBusy: (used.user + used.system) / 1e6 / wall, motoBusy };
    };
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? (['baseline', 'service'] as const) : (['service', 'baseline'] as const);
      for (const which of order) {
        context.log(`round ${round + 1}/${options.rounds}: ${which}, ${options.requests} intakes at ${options.connections} connections`);
        const sample = await measure(which);
        samples[which].push(sample);
        context.log(`  ${sample.perSecond.toFixed(1)}/s, p50 ${sample.p50.toFixed(0)} ms, this process ${(sample.nodeBusy * 100).toFixed(0)} % of a core, moto ${(sample.motoBusy * 100).toFixed(0)} %`);
      }
    }
    const names = { baseline: 'bare SDK calls of one intake (S3 put, transaction, SQS send)', service: 'service: POST through the gateway, accepted (201)' };
    const baseline = figureOf(names.baseline, 'ops/s', samples.baseline.map((s) => s.perSecond));
    const service = figureOf(names.service, 'ops/s', samples.service.map((s) => s.perSecond));
    const row = (which: 'baseline' | 'service') => {
      const of = (pick: (s: Sample) => number) => median(samples[which].map(pick));
      return [names[which], Math.round(of((s) => s.perSecond) * 10) / 10, Math.round(of((s) => s.p50)), Math.round(of((s) => s.p99)), Math.round(of((s) => s.nodeBusy) * 100), Math.round(of((s) => s.motoBusy) * 100), samples[which].reduce((sum, s) => sum + s.refused, 0)];
    };
    const motoService = median(samples.service.map((s) => s.motoBusy));
    const nodeService = median(samples.service.map((s) => s.nodeBusy));
    const ceiling = motoService >= 0.85
      ? `the emulator: moto (one Python process) busy ${Math.round(motoService * 100)} % of a core during the service rounds, this process ${Math.round(nodeService * 100)} %`
      : nodeService >= 0.85
        ? `this process (service, SDK, serializing proxy): busy ${Math.round(nodeService * 100)} % of a core, moto ${Math.round(motoService * 100)} %`
        : `neither process saturated (moto ${Math.round(motoService * 100)} %, this process ${Math.round(nodeService * 100)} % of a core): latency-bound, DynamoDB calls pass the serializing proxy one at a time`;
    return {
      comparison: compare(`(b) with storage on moto: accepted intakes/s, ${options.requests} per round at ${options.connections} connections`, baseline, [service], { atLeast: 0.8 }),
      table: {
        title: '(b) with storage on moto, per candidate (medians of the rounds; CPU from /proc, % of one core over the round)',
        columns: ['candidate', 'per second', 'p50 ms', 'p99 ms', 'this process CPU %', 'moto CPU %', 'failed / not 201'],
        rows: [row('baseline'), row('service')],
      } satisfies ResultTable,
      facts: {
        '(b) accepted = stored': `${storedCases} cases read back from the emulator after the service rounds, one per 201`,
        '(b) ceiling': ceiling, '(b) rounds': `${options.rounds} × ${options.requests} intakes per candidate, alternating order, each on an emptied emulator (moto reset, resources recreated), after ${options.warmup} of each to warm up` },
    };
  } finally {
    await stack.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** The service's log lines (stdout) are written as in Lambda, to /dev/null: they would bury the bench's output. */
function stdoutToDevNull(): () => void {
  const devNull = openSync('/dev/null', 'w');
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    if (typeof chunk === 'string') writeSync(devNull, chunk);
    else writeSync(devNull, chunk);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
    closeSync(devNull);
  };
}

export const suite: BenchSuite = {
  name: 'request-path',
  description:
    'POST /agencies/demo/forms/intake/submissions under autocannon (child process). (a) Up to storage: the real submit handler, bundled as Lambda runs it, behind ' +
    'the real LocalGateway (middy, origin check, form lookup, body guards, validation with translated errors, scoring, problem ' +
    'responses, security headers, one EMF outcome line per request written to /dev/null) vs a bare node:http server doing JSON.parse + the same precompiled ' +
    'ajv validator (201 `{}`, or 422 with each error\'s pointer and message). Valid bodies send no Idempotency-Key; their storage is free three ways: a fake AWS endpoint in the same process ' +
    '(the SDK\'s whole work plus the fake\'s HTTP work on the service\'s thread), answers inside the SDK (no socket), or no storage ' +
    'calls (in-memory stubs). Not included: API Gateway, WAF, CloudFront, TLS, Lambda\'s runtime. (b) With storage: the service on ' +
    'a local stack on moto (document worker off) vs the bare SDK calls of one intake (S3 put, one transaction of the same items: case, submission, job, search terms, match keys; SQS send), same ' +
    'emulator, same concurrency, each run starting from an emptied emulator (moto slows as its table grows).',
  async run(context) {
    const intake = demoIntake();
    const restoreStdout = stdoutToDevNull();
    const environment = { ...process.env };
    const client = LoadClient.start();
    try {
      const a = await upToStorage(intake, client, context);
      for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
      Object.assign(process.env, environment);
      const b = await withStorage(intake, client, context);
      return { comparisons: [...a.comparisons, b.comparison], tables: [a.table, b.table], facts: { ...a.facts, ...b.facts } };
    } finally {
      await client.stop();
      for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
      Object.assign(process.env, environment);
      restoreStdout();
    }
  },
};
