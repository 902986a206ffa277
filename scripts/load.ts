// `npm run load [-- --requests 1000 --connections 50]`: the public submit path on a fresh local stack under
// autocannon, beside a baseline of the bare SDK calls one accepted intake makes (S3 put, DynamoDB transaction, SQS
// send: bench/request-path.ts's bareIntakeStore) against the same emulator, then an accounting of what was stored,
// rendered and emailed. Writes bench/load-results.json.
//
// The document worker starts only once every submission is answered: while it renders, it shares the one emulator
// process with the submit path, and the ratio would measure the worker's load on moto rather than the service.
import autocannon from 'autocannon';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bareIntakeStore, runStores } from '../bench/request-path.ts';
import { loadCatalog } from '../functions/domain/forms/catalog.ts';
import { bootstrapResources } from '../local/bootstrap.ts';
import { projectRoot, startLocalStack } from '../local/stack.ts';
import { complete, waitForIntakes } from './accounting.ts';
import { writeBenchSummary } from '../bench/summary.ts';

// Metrics are EMF lines on stdout in Lambda; here they would bury the load run's own figures (as `npm start` does).
process.env.CASEFORMS_METRICS ??= 'off';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000' }, connections: { type: 'string', default: '50' } } });
const requests = Number(values.requests);
const connections = Number(values.connections);
const body = JSON.stringify(JSON.parse(readFileSync(join(projectRoot, 'form-schemas/demo/forms/intake.json'), 'utf8')).examples[0]);

// A load run is one client submitting at full speed: WAF's per-IP limit would refuse most of it.
// The sweeper every minute, as EventBridge runs it in AWS: under a backlog older than its grace period it re-enqueues
// jobs still waiting, and a faster sweep would only multiply the duplicates the backlog already makes.
const prefix = `load-${Date.now()}`;
const stack = await startLocalStack({ port: 0, resourcePrefix: prefix, sweepIntervalMs: 60_000, submissionRateLimit: false, documentWorker: false });
try {
  // Baseline: the storage calls of one accepted intake without the service around them, same concurrency, into a
  // table, bucket and queue of their own on the same emulator (nothing renders their jobs). Once before the service
  // and once after, so neither side alone gets the fresher emulator.
  const baselineResources = await bootstrapResources(`${prefix}-baseline`, loadCatalog(join(projectRoot, 'form-schemas')));
  const store = bareIntakeStore(baselineResources);
  const rawBody = Buffer.from(body);
  const baselineRun = async (): Promise<number> => {
    const run = await runStores(() => store(rawBody), requests, connections);
    if (run.failed > 0) throw new Error(`baseline: ${run.failed} of ${requests} bare stores failed`);
    return requests / run.seconds;
  };

  const baselineBefore = await baselineRun();
  const result = await autocannon({
    url: `${stack.url}/agencies/demo/forms/intake/submissions`, method: 'POST', headers: { 'content-type': 'application/json' }, body,
    connections, amount: requests, timeout: 60,
    // autocannon ends a run at its next sample tick and counts the wait: every 10 ms, not every second.
    sampleInt: 10,
  });
  const baselineAfter = await baselineRun();
  const baselinePerSecond = (baselineBefore + baselineAfter) / 2;
  const accepted = result['2xx'];
  const servicePerSecond = accepted / result.duration;

  stack.startDocumentWorker();
  const drainStarted = performance.now();
  // Accounting: wait until every accepted intake has its PDF and its email, or 10 minutes.
  const counts = await waitForIntakes(stack, accepted, 10 * 60_000, (progress) => console.log(`load: ${progress}`));
  const drainSeconds = (performance.now() - drainStarted) / 1000;

  const report = {
    date: new Date().toISOString(), machine: { cpus: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
    requests, connections,
    service: { acceptedPerSecond: servicePerSecond, requestsPerSecond: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, accepted },
    baseline: {
      storesPerSecond: baselinePerSecond, before: baselineBefore, after: baselineAfter,
      what: 'S3 put + 3-item DynamoDB transaction + SQS send per store (bareIntakeStore), same emulator, same concurrency, own resources; mean of a run before and after the service',
    },
    documents: { drainSeconds, perSecond: counts.emails / drainSeconds, what: 'document worker started after the last answer: PDFs rendered, stored and emailed' },
    ratio: servicePerSecond / baselinePerSecond,
    counts,
    duplicates: { emails: counts.emails - counts.distinctEmailedCases },
  };
  writeFileSync(join(projectRoot, 'bench', 'load-results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeBenchSummary();
  console.log(`
| what | figure |
|---|---|
| service: accepted intakes/s (${connections} connections, ${requests} requests) | ${servicePerSecond.toFixed(1)} |
| baseline: bare SDK stores/s against the same emulator (before / after) | ${baselinePerSecond.toFixed(1)} (${baselineBefore.toFixed(1)} / ${baselineAfter.toFixed(1)}) |
| ratio service / baseline (target ≥ 0.8×) | ${report.ratio.toFixed(2)}× |
| latency p50 / p99 | ${result.latency.p50} ms / ${result.latency.p99} ms |
| errors / timeouts / non-2xx | ${result.errors} / ${result.timeouts} / ${result.non2xx} |
| accepted (201) | ${accepted} |
| case records / raw bodies in S3 | ${counts.cases} / ${counts.rawBodies} |
| PDFs in S3 / document records | ${counts.pdfs} / ${counts.documents} |
| documents after the last answer: rendered and emailed per second | ${report.documents.perSecond.toFixed(2)} (${drainSeconds.toFixed(0)} s) |
| emails / distinct cases emailed (duplicates) | ${counts.emails} / ${counts.distinctEmailedCases} (${report.duplicates.emails}) |
`);
  process.exitCode = complete(counts, accepted) && result.non2xx === 0 && result.errors === 0 ? 0 : 1;
} finally {
  await stack.stop();
}
