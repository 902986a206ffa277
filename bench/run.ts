/**
 * `npm run bench` (tsx bench/run.ts [suite...] [--quick] [--out file]): runs every benchmark module in bench/ (a
 * module exporting `suite`), prints markdown tables and writes bench/results.json with the machine it ran on.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSuite, SuiteResult } from './harness.ts';
import { defaultResultsFile, renderMarkdown, type BenchResults, type Machine } from './README-table.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const helpers = new Set(['run.ts', 'harness.ts', 'README-table.ts']);

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.versions.node,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

async function discover(): Promise<BenchSuite[]> {
  const suites: BenchSuite[] = [];
  for (const file of readdirSync(benchDir).filter((name) => name.endsWith('.ts') && !helpers.has(name)).sort()) {
    const module = (await import(pathToFileURL(resolve(benchDir, file)).href)) as { suite?: BenchSuite };
    if (module.suite) suites.push(module.suite);
  }
  return suites;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outAt = args.indexOf('--out');
const out = outAt === -1 ? defaultResultsFile : resolve(args[outAt + 1]!);
const wanted = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--out');

const started = Date.now();
const date = new Date().toISOString();
const loadBefore = machine().loadAverage;
const suites = (await discover()).filter((suite) => wanted.length === 0 || wanted.includes(suite.name));
if (suites.length === 0) {
  console.error(`bench: no suite matches ${wanted.join(', ')}`);
  process.exit(1);
}

const results: SuiteResult[] = [];
for (const suite of suites) {
  const suiteStarted = Date.now();
  const log = (message: string) => console.error(`bench ${suite.name}: ${message}`);
  const result = await suite.run({ quick, log });
  results.push({ suite: suite.name, description: suite.description, ...result });
  log(`done in ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
}

const report: BenchResults = { date, durationMs: Date.now() - started, quick, machine: { ...machine(), loadAverageBefore: loadBefore }, suites: results };
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\n${renderMarkdown(report)}`);
console.error(`bench: ${(report.durationMs / 1000).toFixed(1)} s; results in ${out}`);
