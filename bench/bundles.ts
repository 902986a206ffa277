/**
 * Bundle size and module start-up of every Lambda function, each beside a baseline built in the same run: a bundle
 * of nothing but the bare AWS SDK v3 clients (@aws-sdk/client-*) that function's bundle contains.
 *
 * - size: esbuild with the options infra/lambda.ts gives NodejsFunction (lambdaOptions, replicated below: infra/ does not export
 *   them), minified .mjs bytes, gzip bytes, and the inputs that contribute most to the output (from the metafile).
 * - start-up: a fresh `node` per measurement imports the bundle and reports the time `await import()` took, with
 *   NODE_OPTIONS as Lambda gets them (--enable-source-maps). Handlers and baselines run in interleaved rounds.
 * - target: the submit function stays under 600 KiB minified (SUBMIT_LIMIT_BYTES); the suite reports met / NOT MET.
 *
 * `npm run bench -- bundles` runs this suite alone. A test can call bundleHandler('submit').
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { configVariables } from '../functions/contracts/config.ts';
import { routes, workers } from '../functions/contracts/routes.ts';
import { handlerEntry, repoRoot } from '../infra/paths.ts';
import { compare, figureOf, median, type BenchSuite, type Figure, type ResultTable } from './harness.ts';

/** The issue's target for the public submit function: 600 KiB of minified JavaScript. */
export const SUBMIT_LIMIT_BYTES = 600 * 1024;

/** Every function the CDK app deploys, in the order it creates them: routed handlers, then workers. */
export const functionHandlers: readonly string[] = [...new Set([...routes.map((route) => route.handler), ...Object.values(workers)])];

// ---------------------------------------------------------------------------------------------------------------
// The NodejsFunction bundling options of infra/lambda.ts, as aws-cdk-lib's Bundling turns them into esbuild
// arguments. Not exported from infra/, so kept in step by hand; the suite checks its sizes against any bundles
// `cdk synth` left in cdk.out, which catches drift.

const requireBanner = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** `nodeModules` per function (infra/workers.ts): installed beside the bundle, so external to esbuild. */
const installedModules: Readonly<Record<string, readonly string[]>> = {
  [workers.documentWorker]: ['@sparticuz/chromium', 'puppeteer-core'],
};

export function lambdaOptions(handler: string, outfile: string): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm', // OutputFormat.ESM, hence index.mjs
    target: 'node22', // lambda.Runtime.NODEJS_22_X
    mainFields: ['module', 'main'],
    banner: { js: requireBanner },
    minify: true,
    sourcemap: true, // sourceMap: true is esbuild's --sourcemap: a linked index.mjs.map
    sourcesContent: false,
    external: [...(installedModules[handler] ?? [])], // externalModules: [] bundles the AWS SDK too
    outfile,
    // CDK runs esbuild from the project root; metafile paths are relative to it.
    absWorkingDir: repoRoot,
    metafile: true,
    logLevel: 'silent',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Bundling and reading the metafile.

export interface BundleInput {
  /** Relative to the repo root, as the metafile names it. */
  readonly path: string;
  /** Bytes this input contributes to the minified output (not its source size). */
  readonly bytes: number;
}

export interface HandlerBundle {
  readonly handler: string;
  /** Minified index.mjs. */
  readonly bytes: number;
  /** index.mjs through gzip at its default level: roughly what the deployment zip holds for it. */
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  /** Every input in the output, largest contribution first. */
  readonly inputs: readonly BundleInput[];
  /** The same bytes summed per npm package (the repo's own files per top folder), largest first. */
  readonly packages: readonly BundleInput[];
  /** The @aws-sdk/client-* packages with code in the output, e.g. 'client-dynamodb'. */
  readonly sdkClients: readonly string[];
  /** Packages left external (installed beside the bundle in Lambda). */
  readonly external: readonly string[];
}

interface BuiltBundle extends HandlerBundle {
  readonly file: string;
}

const packageOf = (input: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

function describeOutput(handler: string, outfile: string, metafile: Metafile, external: readonly string[]): BuiltBundle {
  const key = relative(repoRoot, outfile);
  const output = metafile.outputs[key];
  if (!output) throw new Error(`esbuild's metafile has no output ${key} (has ${Object.keys(metafile.outputs).join(', ')})`);
  const inputs = Object.entries(output.inputs)
    .map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const sdkClients = [...new Set(inputs.map((input) => packageOf(input.path)).filter((name) => name?.startsWith('@aws-sdk/client-')))]
    .map((name) => name!.slice('@aws-sdk/'.length))
    .sort();
  const perPackage = new Map<string, number>();
  for (const input of inputs) {
    const name = packageOf(input.path) ?? input.path.split('/').slice(0, 2).join('/');
    perPackage.set(name, (perPackage.get(name) ?? 0) + input.bytes);
  }
  const packages = [...perPackage].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
  const code = readFileSync(outfile);
  const map = `${outfile}.map`;
  return {
    handler,
    file: outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourceMapBytes: existsSync(map) ? statSync(map).size : 0,
    inputs,
    packages,
    sdkClients,
    external,
  };
}

/** Bundles one function into `dir`/index.mjs, as `cdk synth` would. */
async function buildHandler(handler: string, dir: string): Promise<BuiltBundle> {
  if (!functionHandlers.includes(handler)) throw new Error(`${handler} is not a function of the route table or workers (${functionHandlers.join(', ')})`);
  const outfile = join(dir, 'index.mjs');
  const options = lambdaOptions(handler, outfile);
  const result = await build({ ...options, entryPoints: [handlerEntry(handler)] });
  return describeOutput(handler, outfile, result.metafile!, options.external ?? []);
}

/**
 * The function's Lambda bundle: sizes and metafile inputs. Bundles into a temporary directory and removes it, so a
 * test can call it alone: `expect((await bundleHandler('submit')).bytes).toBeLessThan(SUBMIT_LIMIT_BYTES)`.
 */
export async function bundleHandler(name: string): Promise<HandlerBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-bundle-'));
  try {
    const { file, ...bundle } = await buildHandler(name, dir);
    void file; // inside the directory about to be removed
    return bundle;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The client class a client package exports ('client-sesv2' -> 'SESv2Client'): found, not guessed from the name. */
async function clientClass(client: string): Promise<string> {
  const module = (await import(`@aws-sdk/${client}`)) as Record<string, unknown>;
  const names = Object.keys(module).filter((name) => /^[A-Za-z0-9]+Client$/.test(name) && typeof module[name] === 'function');
  if (names.length !== 1) throw new Error(`@aws-sdk/${client}: expected one *Client class, found ${names.join(', ') || 'none'}`);
  return names[0]!;
}

/**
 * Nothing but the clients, each constructed as functions/adapters/aws/*-client.ts do on first use: the least any bundle
 * calling these services can be. Same esbuild options as the functions.
 */
async function buildBaseline(clients: readonly string[], dir: string): Promise<BuiltBundle> {
  const classes = await Promise.all(clients.map(clientClass));
  const contents = [
    ...clients.map((client, i) => `import { ${classes[i]} } from '@aws-sdk/${client}';`),
    `export const clients = [${classes.map((name) => `new ${name}({})`).join(', ')}];`,
  ].join('\n');
  const outfile = join(dir, 'index.mjs');
  const options = lambdaOptions('', outfile);
  const result = await build({ ...options, stdin: { contents, resolveDir: repoRoot, sourcefile: 'bare-sdk-clients.ts', loader: 'ts' } });
  return describeOutput(`bare ${clients.join(' + ')}`, outfile, result.metafile!, []);
}

// ---------------------------------------------------------------------------------------------------------------
// Start-up: a fresh node per measurement.

/** Runs in the child: times the import alone, then exits, so timers a module leaves behind cannot hold it open. */
const importTimer = [
  "const { pathToFileURL } = await import('node:url');",
  'const start = performance.now();',
  'await import(pathToFileURL(process.argv[1]).href);',
  'const importMs = performance.now() - start;',
  'process.stdout.write(JSON.stringify({ importMs }));',
  'process.exit(0);',
].join('\n');

/**
 * The environment a function gets from the stack (infra/environment.ts), with the bundled folders pointing at the
 * repo instead of /var/task, and the variables Lambda itself always sets that the SDK reads while loading.
 */
function functionEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    [configVariables.tableName]: 'caseforms-bench',
    [configVariables.bucketName]: 'caseforms-bench',
    [configVariables.documentQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/000000000000/documents',
    [configVariables.deadLetterQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/000000000000/dead-letters',
    [configVariables.formsDir]: join(repoRoot, 'form-schemas'),
    [configVariables.templatesDir]: join(repoRoot, 'templates'),
    [configVariables.jobRetryBaseSeconds]: '10',
    [configVariables.deliveryLeaseSeconds]: '120',
  };
  return env;
}

type Measurement = { readonly ms: number } | { readonly error: string };

function measureImport(file: string, env: NodeJS.ProcessEnv): Measurement {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', importTimer, file], {
    cwd: dirname(file), env, encoding: 'utf8', timeout: 60_000,
  });
  if (child.error) return { error: child.error.message };
  try {
    const { importMs } = JSON.parse(child.stdout) as { importMs: number };
    return { ms: importMs };
  } catch {
    const stderr = child.stderr.trim().split('\n').find((line) => /Error|error:/.test(line)) ?? child.stderr.trim().split('\n')[0];
    return { error: `exit ${child.status ?? child.signal}: ${stderr ?? 'no output'}` };
  }
}

/**
 * Lambda installs `nodeModules` into the bundle's node_modules; here they are links to the repo's copies (the same
 * versions, from the same lock file), so an external import resolves as it does in Lambda and nothing else does.
 */
function linkInstalledModules(bundle: BuiltBundle): void {
  for (const name of bundle.external) {
    const link = join(dirname(bundle.file), 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', name), link, 'dir');
  }
}

/** esbuild's output as `cdk synth` last wrote it, per function, if cdk.out is there: a check on lambdaOptions. */
function synthesizedSizes(): Map<string, number> {
  const sizes = new Map<string, number>();
  const cdkOut = join(repoRoot, 'cdk.out');
  const templates = existsSync(cdkOut) ? readdirSync(cdkOut).filter((file) => file.endsWith('.template.json')) : [];
  for (const template of templates) {
    const { Resources = {} } = JSON.parse(readFileSync(join(cdkOut, template), 'utf8')) as {
      Resources?: Record<string, { Type: string; Properties?: { Description?: string }; Metadata?: Record<string, string> }>;
    };
    for (const resource of Object.values(Resources)) {
      const handler = /^caseforms (.+)$/.exec(resource.Properties?.Description ?? '')?.[1];
      const asset = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || !handler || !asset) continue;
      const file = join(cdkOut, asset, 'index.mjs');
      if (existsSync(file)) sizes.set(handler, statSync(file).size);
    }
  }
  return sizes;
}

// ---------------------------------------------------------------------------------------------------------------

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
const shortPath = (path: string): string => path.replace(/^node_modules\//, '').replace(/\/dist-(es|cjs)\//, '/…/');

export const suite: BenchSuite = {
  name: 'bundles',
  description: `Lambda bundle size (esbuild, infra/lambda.ts options: ESM, minified, linked source map, AWS SDK bundled) and module start-up (\`await import()\` in a fresh node with --enable-source-maps) of every function, each against a bundle of only the bare @aws-sdk/client-* clients it contains. Target: submit < ${kib(SUBMIT_LIMIT_BYTES)} minified.`,
  async run(context) {
    const rounds = context.quick ? 3 : 7;
    const workDir = mkdtempSync(join(tmpdir(), 'caseforms-bench-bundles-'));
    try {
      const buildStarted = Date.now();
      // One build at a time: in parallel they were no faster on a 2-core machine, only heavier on it.
      const bundles: BuiltBundle[] = [];
      for (const handler of functionHandlers) bundles.push(await buildHandler(handler, join(workDir, handler)));
      for (const bundle of bundles) linkInstalledModules(bundle);
      // One baseline per distinct set of clients: functions that share a set share its figures.
      const baselines = new Map<string, BuiltBundle>();
      for (const bundle of bundles) {
        const key = bundle.sdkClients.join(' + ');
        if (bundle.sdkClients.length > 0 && !baselines.has(key)) {
          baselines.set(key, await buildBaseline(bundle.sdkClients, join(workDir, `baseline-${baselines.size}`)));
        }
      }
      const buildMs = Date.now() - buildStarted;
      context.log(`bundled ${bundles.length} functions and ${baselines.size} baseline(s) in ${(buildMs / 1000).toFixed(1)} s; ${rounds} start-up rounds`);

      // Start-up, interleaved: every round imports every bundle once, starting one further along each time.
      const env = functionEnv();
      const subjects = [...bundles, ...baselines.values()];
      const times = new Map<BuiltBundle, number[]>(subjects.map((subject) => [subject, []]));
      const errors = new Map<BuiltBundle, string>();
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < subjects.length; k++) {
          const subject = subjects[(k + round) % subjects.length]!;
          if (errors.has(subject)) continue;
          const measured = measureImport(subject.file, env);
          if ('error' in measured) {
            errors.set(subject, measured.error);
            context.log(`WARNING: ${subject.handler} cannot be imported here: ${measured.error}`);
          } else {
            times.get(subject)!.push(measured.ms);
          }
        }
      }
      const startupOf = (subject: BuiltBundle): Figure | undefined =>
        errors.has(subject) ? undefined : figureOf(subject.handler, 'ms', times.get(subject)!);

      const synthesized = synthesizedSizes();
      const rows: (string | number)[][] = [];
      const inputRows: (string | number)[][] = [];
      for (const bundle of bundles) {
        const baseline = baselines.get(bundle.sdkClients.join(' + '));
        const startup = startupOf(bundle);
        const baselineStartup = baseline && startupOf(baseline);
        const cdk = synthesized.get(bundle.handler);
        rows.push([
          bundle.handler,
          bundle.bytes,
          bundle.gzipBytes,
          bundle.sdkClients.map((client) => client.slice('client-'.length)).join(', ') || 'none',
          baseline?.bytes ?? 'n/a',
          baseline ? ratio(bundle.bytes, baseline.bytes) : 'n/a',
          startup ? Math.round(startup.value * 10) / 10 : `not measurable here: ${errors.get(bundle)}`,
          baselineStartup ? Math.round(baselineStartup.value * 10) / 10 : 'n/a',
          startup && baselineStartup ? ratio(startup.value, baselineStartup.value) : 'n/a',
          cdk === undefined ? 'no synth' : cdk === bundle.bytes ? 'same bytes' : `differs (${cdk.toLocaleString('en-US')})`,
        ]);
        const top3 = (list: readonly BundleInput[]) => list.slice(0, 3).map((input) => `${shortPath(input.path)} (${kib(input.bytes)})`).join(', ');
        inputRows.push([bundle.handler, top3(bundle.inputs), top3(bundle.packages)]);
      }

      const tables: ResultTable[] = [
        {
          title: `Per function (start-up: median of ${rounds} fresh processes)`,
          columns: ['Function', 'Minified B', 'Gzip B', 'SDK clients', 'Bare clients B', 'Size ratio', 'Start-up ms', 'Bare clients ms', 'Start-up ratio', 'vs cdk.out'],
          rows,
        },
        {
          title: 'Largest contributors to each bundle (bytes in the minified output, from the metafile)',
          columns: ['Function', 'Top 3 inputs', 'Top 3 packages (repo files by folder)'],
          rows: inputRows,
        },
      ];

      // Start-up as comparisons too, for the spread: one per baseline, its functions as the figures.
      const comparisons = [...baselines.entries()].flatMap(([key, baseline]) => {
        const baselineFigure = startupOf(baseline);
        const figures = bundles.filter((bundle) => bundle.sdkClients.join(' + ') === key).map(startupOf).filter((f): f is Figure => f !== undefined);
        return baselineFigure && figures.length > 0 ? [compare(`module start-up vs bare ${key} (median of ${rounds})`, baselineFigure, figures)] : [];
      });

      const submit = bundles.find((bundle) => bundle.handler === 'submit');
      const facts: Record<string, string | number> = {};
      if (submit) {
        const met = submit.bytes < SUBMIT_LIMIT_BYTES;
        facts[`submit minified < ${kib(SUBMIT_LIMIT_BYTES)} (${SUBMIT_LIMIT_BYTES.toLocaleString('en-US')} B)`] =
          `${met ? 'met' : 'NOT MET'}: ${submit.bytes.toLocaleString('en-US')} B (${kib(submit.bytes)})`;
        const log = met ? context.log : (message: string) => context.log(`!!! ${message}`);
        log(`submit is ${kib(submit.bytes)} minified: target < ${kib(SUBMIT_LIMIT_BYTES)} ${met ? 'met' : 'NOT MET'}`);
      }
      facts['build time (all bundles, ms)'] = buildMs;
      facts['start-up runner'] = `node ${process.versions.node} (Lambda: nodejs22.x), NODE_OPTIONS=--enable-source-maps; baseline constructs its clients at import, the functions on first use`;
      for (const [subject, error] of errors) facts[`not measurable here: ${subject.handler}`] = error;
      const drift = bundles.filter((bundle) => synthesized.has(bundle.handler) && synthesized.get(bundle.handler) !== bundle.bytes);
      if (drift.length > 0) {
        context.log(`WARNING: ${drift.map((b) => b.handler).join(', ')} differ from cdk.out: a stale synth, or infra/lambda.ts options that bench/bundles.ts no longer replicates`);
      }
      const measured = bundles.map(startupOf).filter((f): f is Figure => f !== undefined).map((f) => f.value);
      if (measured.length > 0) context.log(`median start-up across functions ${median(measured).toFixed(0)} ms`);
      return { comparisons, facts, tables };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  },
};
