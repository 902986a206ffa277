/**
 * The form studio's publish path (issue 21 part 5): what a new pack version costs the function that serves it, and
 * how long a publish takes to reach the public. Every figure beside a baseline measured in the same run.
 *
 * 1. First submission on a new version, per pack (demo, and Harbor from test/fixtures/packs/harbor). What a function
 *    does for the first request after a version change: loadPack of the pack's files on an empty compiled-forms
 *    cache, then validating the intake's examples[0]. Baseline: the shipped files, whose intake validator was
 *    precompiled at build time. Candidate: the same files with the intake's title changed (a new form version no
 *    build precompiled), so ajv compiles it on a new Ajv instance; createAjv() alone is shown as its part of that.
 *    Interleaved rounds (a new title each round), after one untimed run of each: the function was warm, the version new.
 *    Runs in a child process bundled by esbuild as a function is, whose precompiled validators come from the shipped
 *    packs plus Harbor (the repository's generated set holds form-schemas/ only, so Harbor's shipped version would not
 *    be precompiled either): generated into .local/ and put in place of functions/domain/forms/generated/ at bundle time.
 * 2. Publish to live, on a local stack (moto) serving demo and Harbor: the intake retitled, saved as a draft
 *    (saveDraft) and published (publishDraft: the linter, then one transaction), while a client GETs both agencies'
 *    /agencies/<agency>/forms/intake in a loop (steady traffic: the get-form function refreshes as soon as its interval
 *    lets it). Time from the publish call to the first response whose ETag is the new version, with
 *    PACK_REFRESH_SECONDS at the local stack's 1 s; publishes start at spread points of the refresh cycle.
 * 3. The refresh check per request: the submit handler (and get-form, which stores nothing, for scale), invoked
 *    directly with an API Gateway event, built with a refresh interval that has not expired (3600 s: the catalog is
 *    used as it is) against one that has expired by every request (0 s: one BatchGetItem of the live pointers, which
 *    have not moved), and that BatchGetItem alone (the adapter's livePointers).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { build, type Plugin } from 'esbuild';
import { studioParts } from '../functions/composition/studio.ts';
import { readConfig, type Config } from '../functions/contracts/config.ts';
import { formVersion } from '../functions/domain/forms/catalog.ts';
import { readPackDir } from '../functions/domain/forms/pack-files.ts';
import { generateValidatorSources } from '../functions/domain/forms/validator-codegen.ts';
import { publishDraft } from '../functions/domain/studio/publishing.ts';
import { saveDraft, workspace } from '../functions/domain/studio/studio-draft.ts';
import { build as buildGetForm } from '../functions/handlers/get-form.ts';
import { build as buildSubmit } from '../functions/handlers/submit.ts';
import { lambdaContext } from '../local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../local/stack.ts';
import { compare, figureOf, oneOffs, type BenchSuite, type Comparison, type Figure, type ResultTable, type SuiteContext } from './harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const FORM = 'intake';
const INTAKE_PATH = `forms/${FORM}.json`;
const AGENCIES = ['demo', 'harbor'] as const;
/** Where the serving functions read the studio's pointer from: 1 s on the local stack (local/stack.ts), 15 s in AWS (infra/environment.ts). */
const LOCAL_REFRESH_SECONDS = 1;
const AWS_REFRESH_SECONDS = 15;
/** The pause between one client's GETs of the form: steady traffic, about 25 requests a second per agency. */
const TRAFFIC_GAP_MS = 20;

type Json = Record<string, unknown>;
type Files = ReadonlyArray<readonly [string, string]>;

/** The shipped packs plus Harbor (the second agency), as a deployment holding both would have them. */
function formsDirWithHarbor(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-bench-studio-'));
  cpSync(join(root, 'form-schemas'), dir, { recursive: true });
  cpSync(join(root, 'test', 'fixtures', 'packs', 'harbor'), join(dir, 'harbor'), { recursive: true });
  return dir;
}

/** The intake with another title: a new form version, which no build precompiled. */
function retitled(text: string, mark: string): string {
  const schema = JSON.parse(text) as Json;
  schema.title = `${typeof schema.title === 'string' ? schema.title : FORM} (${mark})`;
  return `${JSON.stringify(schema, null, 2)}\n`;
}

const exampleOf = (text: string): Json => {
  const example = ((JSON.parse(text) as Json).examples as Json[] | undefined)?.[0];
  if (!example) throw new Error('the intake has no examples[0]');
  return example;
};

// ---------------------------------------------------------------------------------------------------------------
// 1. First submission on a new version, in a bundled child process.

interface FirstRequestJob {
  readonly agencyId: string;
  readonly formId: string;
  readonly formsDir: string;
  readonly shipped: Files;
  /** One retitled pack per timed round, and one for the untimed run before them. */
  readonly changed: readonly Files[];
  readonly warmup: Files;
  readonly example: Json;
  readonly repetitions: number;
}

const firstRequestNames = {
  precompiled: 'shipped version: loadPack (precompiled validator) + validate',
  compiled: 'new version: loadPack (ajv compiles the intake) + validate',
  createAjv: 'createAjv() alone (part of the new version\'s figure)',
};

const firstRequestEntry = (names: typeof firstRequestNames) => `
  import { readFileSync, writeFileSync } from 'node:fs';
  import { agencyValidator, formVersion, loadPack } from ${JSON.stringify(join(root, 'functions/domain/forms/catalog.ts'))};
  import { precompiledValidator } from ${JSON.stringify(join(root, 'functions/domain/forms/precompiled.ts'))};
  import { createAjv } from ${JSON.stringify(join(root, 'functions/domain/forms/validator.ts'))};
  import { oneOffs } from ${JSON.stringify(join(root, 'bench/harness.ts'))};
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const validateAgency = agencyValidator(job.formsDir);
  const intakeOf = (files) => files.find(([path]) => path === 'forms/' + job.formId + '.json')[1];
  // The first request after a version change: the pack loaded with nothing compiled before, one submission validated.
  const firstRequest = (files) => {
    const refused = [];
    const { pack } = loadPack(job.agencyId, new Map(files), { origin: 'bench', validateAgency, onPackError: (error) => refused.push(error.message), compiled: new Map() });
    if (!pack || refused.length > 0) throw new Error('pack refused: ' + refused.join('; '));
    const result = pack.forms.get(job.formId).validate(job.example);
    if (!result.valid) throw new Error('examples[0] is not valid: ' + JSON.stringify(result.errors));
    return result;
  };
  const hit = (files) => precompiledValidator(formVersion(intakeOf(files))) !== undefined;
  if (!hit(job.shipped)) throw new Error('the shipped intake is not precompiled in this bundle');
  if ([job.warmup, ...job.changed].some(hit)) throw new Error('a retitled intake is precompiled');
  firstRequest(job.shipped); firstRequest(job.warmup); createAjv();
  const figures = await oneOffs([
    { name: ${JSON.stringify(names.precompiled)}, work: () => firstRequest(job.shipped) },
    { name: ${JSON.stringify(names.compiled)}, work: (repetition) => firstRequest(job.changed[repetition]) },
    { name: ${JSON.stringify(names.createAjv)}, work: () => createAjv() },
  ], job.repetitions);
  writeFileSync(process.argv[3], JSON.stringify(figures.map(({ name, rounds }) => ({ name, rounds }))));
`;

/** Replaces the repository's generated validators with the ones generated for this run. */
const generatedValidatorsAt = (dir: string): Plugin => ({
  name: 'bench-generated-validators',
  setup(builder) {
    builder.onResolve({ filter: /(^|\/)generated\/validators\.js$/ }, () => ({ path: join(dir, 'validators.js') }));
  },
});

async function firstRequestComparisons(formsDir: string, context: SuiteContext): Promise<{ comparisons: Comparison[]; facts: Record<string, number> }> {
  const repetitions = context.quick ? 4 : 15;
  mkdirSync(join(root, '.local'), { recursive: true });
  // Under the project, so the generated modules' ajv imports resolve to its node_modules.
  const work = mkdtempSync(join(root, '.local', 'bench-form-studio-'));
  try {
    const generatedDir = join(work, 'generated');
    mkdirSync(generatedDir);
    const generated = generateValidatorSources(formsDir, generatedDir);
    if (generated.problems.length > 0) throw new Error(`precompiling with Harbor: ${generated.problems.join('; ')}`);
    for (const [name, content] of generated.files) writeFileSync(join(generatedDir, name), content);
    writeFileSync(join(work, 'entry.ts'), firstRequestEntry(firstRequestNames));
    await build({
      entryPoints: [join(work, 'entry.ts')], outfile: join(work, 'entry.mjs'), bundle: true, platform: 'node', format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`, mainFields: ['module', 'main'], minify: true,
      banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
      plugins: [generatedValidatorsAt(generatedDir)], logLevel: 'error',
    });
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // a plain bundle, as Lambda runs it
    const comparisons: Comparison[] = [];
    for (const agencyId of AGENCIES) {
      const files = [...readPackDir(join(formsDir, agencyId))];
      const intake = files.find(([path]) => path === INTAKE_PATH)![1];
      const withIntake = (text: string): Files => files.map(([path, content]) => [path, path === INTAKE_PATH ? text : content] as const);
      const job: FirstRequestJob = {
        agencyId, formId: FORM, formsDir, shipped: files, example: exampleOf(intake), repetitions,
        changed: Array.from({ length: repetitions }, (_, round) => withIntake(retitled(intake, `bench round ${round}`))),
        warmup: withIntake(retitled(intake, 'bench warm-up')),
      };
      writeFileSync(join(work, 'job.json'), JSON.stringify(job));
      context.log(`first request on a new version: ${agencyId}/${FORM} x${repetitions}`);
      const child = spawnSync(process.execPath, [join(work, 'entry.mjs'), join(work, 'job.json'), join(work, 'figures.json')], { cwd: work, env, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`first-request child for ${agencyId} failed: ${child.stderr}`);
      const measured = JSON.parse(readFileSync(join(work, 'figures.json'), 'utf8')) as { name: string; rounds: number[] }[];
      const [baseline, ...others] = measured.map(({ name, rounds }) => figureOf(name, 'ms', rounds));
      comparisons.push(compare(`first submission on a new version of ${agencyId}/${FORM} vs on its precompiled version (warm function, median of ${repetitions})`, baseline!, others));
    }
    return { comparisons, facts: { 'validators precompiled for part 1 (shipped packs + Harbor)': generated.entries.length } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2 and 3, on a local stack.

/** A payload-format 2.0 event as API Gateway sends it, for invoking a handler directly. */
function apiEvent(method: string, path: string, pathParameters: Record<string, string>, body?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey: `${method} ${path}`, rawPath: path, rawQueryString: '',
    headers: { 'content-type': 'application/json', 'accept-language': 'en' }, pathParameters,
    requestContext: {
      accountId: '000000000000', apiId: 'bench', domainName: 'bench.local', domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench-request', routeKey: `${method} ${path}`, stage: '$default', time: '', timeEpoch: 0,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

type Invoke = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
const invoker = (handler: unknown, name: string): Invoke =>
  (event) => (handler as (e: APIGatewayProxyEventV2, c: unknown) => Promise<APIGatewayProxyStructuredResultV2>)(event, lambdaContext(name));

const refreshNames = {
  submitKept: 'submit, refresh interval not expired (catalog used as it is)',
  submitChecked: 'submit, refresh interval just expired (BatchGetItem, pointer unchanged)',
  getKept: 'GET form, refresh interval not expired',
  getChecked: 'GET form, refresh interval just expired (BatchGetItem, pointer unchanged)',
  pointers: 'the BatchGetItem alone (livePointers of both agencies)',
};

async function refreshCheckComparisons(formsDir: string, context: SuiteContext): Promise<Comparison[]> {
  const repetitions = context.quick ? 8 : 30;
  const config = readConfig();
  const withInterval = (seconds: number) => (): Config => ({ ...config, packRefreshSeconds: seconds });
  const submitKept = invoker(buildSubmit(withInterval(3600)), 'submit');
  const submitChecked = invoker(buildSubmit(withInterval(0)), 'submit');
  const getKept = invoker(buildGetForm(withInterval(3600)), 'get-form');
  const getChecked = invoker(buildGetForm(withInterval(0)), 'get-form');
  const store = studioParts(config).store;
  const body = JSON.stringify(exampleOf(readFileSync(join(formsDir, 'demo', INTAKE_PATH), 'utf8')));
  const submission = () => apiEvent('POST', `/agencies/demo/forms/${FORM}/submissions`, { agencyId: 'demo', formId: FORM }, body);
  const formRequest = () => apiEvent('GET', `/agencies/demo/forms/${FORM}`, { agencyId: 'demo', formId: FORM });
  const expect = (status: number) => async (invoke: Invoke, event: () => APIGatewayProxyEventV2) => {
    const result = await invoke(event());
    if (result.statusCode !== status) throw new Error(`expected ${status}, got ${result.statusCode}: ${result.body}`);
    return result;
  };
  const created = expect(201);
  const ok = expect(200);
  // Warm-up: each handler builds its catalog and loads whatever the pointers name.
    for (let i = 0; i < 3; i++) {
    await created(submitKept, submission); await created(submitChecked, submission);
    await ok(getKept, formRequest); await ok(getChecked, formRequest);
  }
  context.log(`refresh check per request x${repetitions}`);
  const figures = await oneOffs([
    { name: refreshNames.submitKept, work: () => created(submitKept, submission) },
    { name: refreshNames.submitChecked, work: () => created(submitChecked, submission) },
    { name: refreshNames.getKept, work: () => ok(getKept, formRequest) },
    { name: refreshNames.getChecked, work: () => ok(getChecked, formRequest) },
    { name: refreshNames.pointers, work: () => store.livePointers(AGENCIES) },
  ], repetitions);
  const byName = (name: string): Figure => figures.find((figure) => figure.name === name)!;
  return [
    compare(`the refresh check on the submit path (moto, handler invoked directly, median of ${repetitions})`, byName(refreshNames.submitKept), [byName(refreshNames.submitChecked), byName(refreshNames.pointers)]),
    compare(`the refresh check on GET form, which stores nothing (median of ${repetitions})`, byName(refreshNames.getKept), [byName(refreshNames.getChecked)]),
  ];
}

/** A client GETting each agency's intake form in turn, without pause but TRAFFIC_GAP_MS: a function under steady use. */
function steadyTraffic(url: string) {
  let stopped = false;
  let failure: unknown;
  const waiters: { agencyId: string; version: string; resolve: (at: bigint) => void; reject: (error: unknown) => void }[] = [];
  const loop = (async () => {
    while (!stopped) {
      for (const agencyId of AGENCIES) {
        const response = await fetch(`${url}/agencies/${agencyId}/forms/${FORM}`);
        await response.arrayBuffer();
        const at = process.hrtime.bigint();
        if (response.status !== 200) throw new Error(`GET ${agencyId}/${FORM}: ${response.status}`);
        const version = response.headers.get('etag')?.replaceAll('"', '');
        for (const waiter of waiters.filter((candidate) => candidate.agencyId === agencyId && candidate.version === version)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(at);
        }
      }
      await sleep(TRAFFIC_GAP_MS);
    }
  })().catch((error: unknown) => {
    failure = error;
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  });
  return {
    /** When the first response with this ETag arrived. */
    servedAt: (agencyId: string, version: string) => new Promise<bigint>((resolve, reject) => {
      if (failure) reject(failure);
      else waiters.push({ agencyId, version, resolve, reject });
    }),
    async stop() {
      stopped = true;
      await loop;
      if (failure) throw failure;
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const msSince = (start: bigint, end: bigint) => Number(end - start) / 1e6;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const publishNames = {
  publish: 'publishDraft itself (lint + one transaction)',
  lint: 'the linter alone on the same files (part of publishDraft)',
  live: 'publish called -> first response with the new ETag',
  wait: 'publish returned -> first response with the new ETag',
};

async function publishToLive(stack: LocalStack, formsDir: string, context: SuiteContext): Promise<{ comparison: Comparison; table: ResultTable; facts: Record<string, number | string> }> {
  const rounds = context.quick ? 4 : 12;
  const parts = studioParts(readConfig());
  const traffic = steadyTraffic(stack.url);
  const publish: number[] = [];
  const lint: number[] = [];
  const live: number[] = [];
  const wait: number[] = [];
  const rows: (string | number)[][] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const agencyId = AGENCIES[round % AGENCIES.length]!;
      // Publishes fall at spread points of the functions' refresh cycle.
      await sleep((round * 618) % 1000);
      const repository = parts.repository(agencyId);
      const current = await workspace(parts.store, agencyId, repository);
      const text = retitled(readFileSync(join(formsDir, agencyId, INTAKE_PATH), 'utf8'), `published in round ${round}`);
      const saved = await saveDraft(parts.store, agencyId, repository, { change: { kind: 'write', path: INTAKE_PATH, text }, expectedRevision: current!.revision, by: 'bench@caseforms.test', at: new Date() });
      if (saved.outcome !== 'saved') throw new Error(`draft of ${agencyId} not saved: ${saved.outcome}`);
      const served = traffic.servedAt(agencyId, formVersion(text));
      const start = process.hrtime.bigint();
      const published = await publishDraft(parts.store, parts.check, agencyId, repository, { by: 'bench@caseforms.test', at: new Date(), revision: saved.draft.revision });
      const returned = process.hrtime.bigint();
      if (published.outcome !== 'live') throw new Error(`publish of ${agencyId} not live: ${JSON.stringify(published)}`);
      const servedAt = await within(served, 20_000, `${agencyId} round ${round}`);
      // The check publishDraft ran, timed on its own after it (run before, it would warm what the publish then reads).
      const draftFiles = await parts.store.readPack(agencyId, saved.draft.version);
      const lintStart = process.hrtime.bigint();
      if (parts.check(agencyId, draftFiles!).length > 0) throw new Error(`the linter refuses ${agencyId}'s retitled intake`);
      lint.push(msSince(lintStart, process.hrtime.bigint()));
      publish.push(msSince(start, returned));
      live.push(msSince(start, servedAt));
      wait.push(msSince(returned, servedAt));
      rows.push([round, agencyId, Math.round(lint.at(-1)!), Math.round(msSince(start, returned)), Math.round(msSince(start, servedAt))]);
      context.log(`publish to live, ${agencyId}, round ${round}: ${Math.round(msSince(start, servedAt))} ms`);
    }
  } finally {
    await traffic.stop();
  }
  const [baseline, ...others] = [figureOf(publishNames.publish, 'ms', publish), figureOf(publishNames.lint, 'ms', lint), figureOf(publishNames.live, 'ms', live), figureOf(publishNames.wait, 'ms', wait)];
  return {
    comparison: compare(`publish to live, PACK_REFRESH_SECONDS=${LOCAL_REFRESH_SECONDS} (local stack, moto, steady GETs; median of ${rounds})`, baseline!, others),
    table: { title: 'publish to live, each round (ms)', columns: ['round', 'agency', 'linter alone', 'publishDraft', 'publish -> new ETag served'], rows },
    facts: {
      'PACK_REFRESH_SECONDS, local stack': LOCAL_REFRESH_SECONDS,
      'PACK_REFRESH_SECONDS, AWS (the bound there: at most this plus loading the new version)': AWS_REFRESH_SECONDS,
      'publish -> live, slowest round (ms)': Math.round(Math.max(...live)),
      'publish -> live, fastest round (ms)': Math.round(Math.min(...live)),
      'publish returned -> served, slowest round (ms)': Math.round(Math.max(...wait)),
      'pause between one client\'s GETs (ms)': TRAFFIC_GAP_MS,
    },
  };
}

/** The handlers' log lines (one EMF line per request) go to /dev/null while they are measured: they would bury the output. */
function stdoutToDevNull(): () => void {
  const write = process.stdout.write;
  process.stdout.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  }) as typeof process.stdout.write;
  return () => { process.stdout.write = write; };
}

export const suite: BenchSuite = {
  name: 'form-studio',
  description: 'The form studio\'s publish path: the first submission on a freshly published (runtime-compiled) version vs a precompiled one, the time from publish to live, and the refresh check\'s cost per request.',
  async run(context) {
    const formsDir = formsDirWithHarbor();
    try {
      const first = await firstRequestComparisons(formsDir, context);
      const stack = await startLocalStack({
        port: 0, resourcePrefix: `bench-studio-${Date.now()}`, formsDir, documentWorker: false, sweepIntervalMs: 3_600_000, sesEventIntervalMs: 0, submissionRateLimit: false,
      });
      // The functions' log lines (an EMF line per request) as in Lambda, unseen; warnings (one per form compiled at
      // runtime, on each new version) still reach stderr.
      const restoreStdout = stdoutToDevNull();
      try {
        const refresh = await refreshCheckComparisons(formsDir, context);
        const published = await publishToLive(stack, formsDir, context);
        return {
          comparisons: [...first.comparisons, published.comparison, ...refresh],
          facts: { ...first.facts, ...published.facts },
          tables: [published.table],
        };
      } finally {
        restoreStdout();
        await stack.stop();
      }
    } finally {
      rmSync(formsDir, { recursive: true, force: true });
    }
  },
};
