/**
 * Form validation: precompiled standalone validators (functions/domain/forms/generated/) against validators that Ajv
 * compiles at runtime with the same configuration (functions/domain/forms/validator.ts createAjv).
 *
 * - throughput, per demo form, on its examples[0] and on an invalid variant; baseline: the runtime-compiled validator
 * - cold compile in this process, per form; baseline: ajv.compile of the schema on a fresh createAjv() instance
 * - cold start in fresh Node processes running Lambda-like esbuild bundles; baseline: compiling every schema the
 *   way loadCatalog does today
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { precompiledSchemas, precompiledValidator, type PrecompiledValidateFunction } from '../functions/domain/forms/precompiled.ts';
import { createAjv } from '../functions/domain/forms/validator.ts';
import { compare, figureOf, oneOffs, throughput, type BenchSuite, type Comparison, type SuiteContext } from './harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const formsDir = join(root, 'form-schemas');
const demoForms = join(formsDir, 'demo', 'forms');
const generatedDir = join(root, 'functions', 'domain', 'forms', 'generated');

type Json = Record<string, unknown>;

interface DemoForm {
  readonly formId: string;
  readonly text: string;
  readonly schema: Json;
  readonly version: string;
  readonly module: string;
  readonly valid: Json;
  readonly invalid: Json;
}

const version = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The example with several faults: a required field removed, a field of the wrong type, a bad format, an extra field. */
export function invalidVariant(schema: Json, valid: Json): Json {
  const body = structuredClone(valid);
  const required = (schema.required ?? []) as string[];
  if (required[0] !== undefined) delete body[required[0]];
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const present = Object.keys(body).filter((key) => key in properties);
  const formatted = present.find((key) => typeof properties[key]?.format === 'string');
  if (formatted) body[formatted] = `not-a-${String(properties[formatted]!.format)}`;
  const other = present.find((key) => key !== formatted);
  if (other) body[other] = typeof body[other] === 'string' ? 12345 : 'wrong type';
  body.notAField = true;
  return body;
}

function loadDemoForms(): DemoForm[] {
  return readdirSync(demoForms)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(demoForms, file), 'utf8');
      const schema = JSON.parse(text) as Json;
      const formId = file.slice(0, -'.json'.length);
      const entry = precompiledSchemas.find((candidate) => candidate.version === version(text));
      if (!entry) throw new Error(`demo/${formId} is not precompiled: run \`npx tsx scripts/precompile-validators.ts\``);
      const valid = ((schema.examples ?? []) as Json[])[0];
      if (!valid) throw new Error(`demo/${formId} has no examples`);
      return { formId, text, schema, version: entry.version, module: entry.module, valid, invalid: invalidVariant(schema, valid) };
    });
}

function throughputComparisons(forms: readonly DemoForm[], context: SuiteContext): Comparison[] {
  const options = context.quick ? { rounds: 3, roundMs: 20, warmupMs: 40 } : { rounds: 5, roundMs: 30, warmupMs: 50 };
  const comparisons: Comparison[] = [];
  const noop = (data: unknown): boolean => data !== null;
  for (const form of forms) {
    const runtime = createAjv().compile(form.schema);
    const precompiled = precompiledValidator(form.version) as PrecompiledValidateFunction;
    for (const [label, body] of [['valid body', form.valid], ['invalid body', form.invalid]] as const) {
      const expectValid = label === 'valid body';
      if (runtime(body) !== expectValid || precompiled(body) !== expectValid) throw new Error(`demo/${form.formId}: ${label} is not ${expectValid ? 'valid' : 'invalid'}`);
      if (!expectValid && runtime.errors?.length !== precompiled.errors?.length) throw new Error(`demo/${form.formId}: error counts differ`);
      const text = JSON.stringify(body);
      context.log(`throughput demo/${form.formId} (${label}, ${expectValid ? 0 : runtime.errors?.length} errors)`);
      const [baseline, ...others] = throughput(
        [
          { name: 'runtime-compiled ajv', fn: () => runtime(body) },
          { name: 'precompiled standalone', fn: () => precompiled(body) },
          { name: 'JSON.parse of the same body (scale)', fn: () => JSON.parse(text) },
          { name: 'no-op call (scale)', fn: () => noop(body) },
        ],
        options,
      );
      comparisons.push(compare(`validate demo/${form.formId}, ${label}${expectValid ? '' : ` (${runtime.errors?.length} errors)`}`, baseline!, others));
    }
  }
  return comparisons;
}

async function compileComparisons(forms: readonly DemoForm[], context: SuiteContext): Promise<Comparison[]> {
  const repetitions = context.quick ? 3 : 7;
  const comparisons: Comparison[] = [];
  let fresh = 0;
  for (const form of forms) {
    context.log(`cold compile demo/${form.formId} x${repetitions}`);
    // Instances made ahead, outside the timing, so the baseline is the compile alone.
    const instances = Array.from({ length: repetitions }, () => createAjv());
    const moduleUrl = pathToFileURL(join(generatedDir, form.module)).href;
    const [baseline, ...others] = await oneOffs(
      [
        { name: 'ajv.compile on a fresh createAjv()', work: (repetition) => instances[repetition]!.compile(JSON.parse(form.text) as object) },
        // A query string makes each import load and evaluate the generated module afresh.
        { name: 'import the precompiled module (via tsx loader)', work: async () => ((await import(`${moduleUrl}?fresh=${++fresh}`)) as { default: unknown }).default },
        { name: 'createAjv() itself (once per pack, plus one)', work: () => createAjv() },
        { name: 'JSON.parse of the schema text (scale)', work: () => JSON.parse(form.text) },
      ],
      repetitions,
    );
    comparisons.push(compare(`compile demo/${form.formId} in a warm process (median of ${repetitions})`, baseline!, others));
  }
  return comparisons;
}

// The cold-start programs. Each prints how long after process start its validators were ready.
const coldStartEntries = {
  runtime: `
    import { readdirSync, readFileSync } from 'node:fs';
    import { join } from 'node:path';
    import { createAjv } from ${JSON.stringify(join(root, 'functions/domain/forms/validator.ts'))};
    const formsDir = process.argv[2];
    let kept = 0;
    // Like loadCatalog today: one Ajv for the agency schema, one per pack, every form and scoring flag compiled.
    createAjv().compile(JSON.parse(readFileSync(join(formsDir, 'agency.schema.json'), 'utf8')));
    for (const agency of readdirSync(formsDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const ajv = createAjv();
      const dir = join(formsDir, agency.name, 'forms');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        const schema = JSON.parse(readFileSync(join(dir, file), 'utf8'));
        if (ajv.compile(schema)) kept++;
        for (const flag of schema['x-caseforms']?.scoring?.flags ?? []) if (ajv.compile(flag.when)) kept++;
      }
    }
    console.log(JSON.stringify({ readyMs: performance.now(), kept }));
  `,
  precompiled: `
    import { createHash } from 'node:crypto';
    import { readdirSync, readFileSync } from 'node:fs';
    import { join } from 'node:path';
    import { precompiledOrCompiled, precompiledValidator } from ${JSON.stringify(join(root, 'functions/domain/forms/precompiled.ts'))};
    import { createAjv } from ${JSON.stringify(join(root, 'functions/domain/forms/validator.ts'))};
    const formsDir = process.argv[2];
    let kept = 0, compiled = 0;
    let ajv;
    const lazyAjv = () => { compiled++; return (ajv ??= createAjv()); };
    // What loadCatalog does with the precompiled validators: hash each file, look its validator up, compile only a
    // miss, on an Ajv made only then; scoring flags through precompiledOrCompiled.
    const validatorFor = (path) => {
      const text = readFileSync(path, 'utf8');
      const schema = JSON.parse(text);
      const found = precompiledValidator(createHash('sha256').update(text).digest('hex').slice(0, 16));
      return { schema, validate: found ?? lazyAjv().compile(schema) };
    };
    const compileFlag = precompiledOrCompiled(lazyAjv);
    validatorFor(join(formsDir, 'agency.schema.json'));
    for (const agency of readdirSync(formsDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const dir = join(formsDir, agency.name, 'forms');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        const { schema, validate } = validatorFor(join(dir, file));
        if (validate) kept++;
        for (const flag of schema['x-caseforms']?.scoring?.flags ?? []) if (compileFlag(flag.when)) kept++;
      }
    }
    console.log(JSON.stringify({ readyMs: performance.now(), kept, compiled }));
  `,
  minimal: `
    import { createHash } from 'node:crypto';
    import { readdirSync, readFileSync } from 'node:fs';
    import { join } from 'node:path';
    import { precompiledValidator } from ${JSON.stringify(join(root, 'functions/domain/forms/precompiled.ts'))};
    import { createAjv } from ${JSON.stringify(join(root, 'functions/domain/forms/validator.ts'))};
    const formsDir = process.argv[2];
    let kept = 0;
    // Only loadForm changed: the Ajv instances are still created up front and scoring flags still compiled.
    const lookUp = (ajv, path) => {
      const text = readFileSync(path, 'utf8');
      const schema = JSON.parse(text);
      return { schema, validate: precompiledValidator(createHash('sha256').update(text).digest('hex').slice(0, 16)) ?? ajv.compile(schema) };
    };
    lookUp(createAjv(), join(formsDir, 'agency.schema.json'));
    for (const agency of readdirSync(formsDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const ajv = createAjv();
      const dir = join(formsDir, agency.name, 'forms');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        const { schema, validate } = lookUp(ajv, join(dir, file));
        if (validate) kept++;
        for (const flag of schema['x-caseforms']?.scoring?.flags ?? []) if (ajv.compile(flag.when)) kept++;
      }
    }
    console.log(JSON.stringify({ readyMs: performance.now(), kept }));
  `,
  floor: `
    import { createHash } from 'node:crypto';
    import { readdirSync, readFileSync } from 'node:fs';
    import { join } from 'node:path';
    const formsDir = process.argv[2];
    let kept = 0;
    // The work both share and no validator at all: read, parse and hash every schema.
    const read = (path) => { const text = readFileSync(path, 'utf8'); JSON.parse(text); return createHash('sha256').update(text).digest('hex'); };
    read(join(formsDir, 'agency.schema.json'));
    for (const agency of readdirSync(formsDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const dir = join(formsDir, agency.name, 'forms');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) if (read(join(dir, file))) kept++;
    }
    console.log(JSON.stringify({ readyMs: performance.now(), kept }));
  `,
};

/** Bundles each program the way infra/lambda.ts bundles a function, then runs each in fresh Node processes. */
async function coldStartComparisons(context: SuiteContext): Promise<{ comparisons: Comparison[]; facts: Record<string, number | string> }> {
  const runs = context.quick ? 3 : 7;
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-bench-'));
  try {
    const names = Object.keys(coldStartEntries) as (keyof typeof coldStartEntries)[];
    for (const name of names) {
      writeFileSync(join(dir, `${name}.ts`), coldStartEntries[name]);
      await build({
        entryPoints: [join(dir, `${name}.ts`)],
        outfile: join(dir, `${name}.mjs`),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: `node${process.versions.node.split('.')[0]}`,
        mainFields: ['module', 'main'],
        minify: true,
        banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
        logLevel: 'error',
      });
    }
    context.log(`cold start: ${names.length} bundles x${runs} fresh node processes`);
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // no tsx loader in the children: they run plain bundles, like Lambda
    const ready = names.map(() => [] as number[]);
    const wall = names.map(() => [] as number[]);
    for (let run = 0; run < runs; run++) {
      for (let k = 0; k < names.length; k++) {
        const i = (k + run) % names.length;
        const start = process.hrtime.bigint();
        const child = spawnSync(process.execPath, [join(dir, `${names[i]}.mjs`), formsDir], { cwd: dir, env, encoding: 'utf8' });
        wall[i]!.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (child.status !== 0) throw new Error(`${names[i]} bundle failed: ${child.stderr}`);
        const report = JSON.parse(child.stdout) as { readyMs: number; compiled?: number };
        if (report.compiled) throw new Error(`the precompiled bundle compiled ${report.compiled} schemas: regenerate functions/domain/forms/generated/`);
        ready[i]!.push(report.readyMs);
      }
    }
    const labels = {
      runtime: 'compile every schema and flag at runtime (today)',
      precompiled: 'precompiled validators, Ajv made only on a miss',
      minimal: 'precompiled forms only, Ajv still made eagerly, flags compiled',
      floor: 'read + hash the schemas, no validators (floor)',
    };
    const figuresOf = (samples: number[][]) => names.map((name, i) => figureOf(labels[name], 'ms', samples[i]!));
    const [readyBase, ...readyOthers] = figuresOf(ready);
    const [wallBase, ...wallOthers] = figuresOf(wall);
    const size = (name: string) => statSync(join(dir, `${name}.mjs`)).size;
    return {
      comparisons: [
        compare(`cold start: process start -> all validators ready (esbuild ESM bundle, median of ${runs})`, readyBase!, readyOthers),
        compare(`cold start: whole node process, spawn -> exit (median of ${runs})`, wallBase!, wallOthers),
      ],
      facts: Object.fromEntries(names.map((name) => [`bundle bytes, ${labels[name]}`, size(name)])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = {
  name: 'validation',
  description: 'Form validation: precompiled ajv standalone validators vs runtime-compiled ajv (same options).',
  async run(context) {
    const forms = loadDemoForms();
    const comparisons = [...throughputComparisons(forms, context), ...(await compileComparisons(forms, context))];
    const cold = await coldStartComparisons(context);
    const generatedBytes = readdirSync(generatedDir).filter((file) => file.endsWith('.js')).reduce((sum, file) => sum + statSync(join(generatedDir, file)).size, 0);
    return {
      comparisons: [...comparisons, ...cold.comparisons],
      facts: { 'demo forms': forms.length, 'precompiled schemas': precompiledSchemas.length, 'generated JS bytes (unminified)': generatedBytes, ...cold.facts },
    };
  },
};
