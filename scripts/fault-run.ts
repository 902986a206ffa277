// `npm run faults [-- --requests 400 --concurrency 20 --seconds 45]`: intakes submitted to a fresh local stack, paced
// over the whole fault schedule, while its parts fail in turn: S3 unavailable, then the queue, then SES throttling, then the document worker's Chromium killed (twice).
// Fault-injecting proxies stand in front of each service's endpoint, so the emulator keeps its data. The client does
// what a good client does: on 503 it waits for Retry-After and sends again with the same Idempotency-Key. Then every
// acknowledged intake must be stored, rendered and emailed exactly once. Writes bench/fault-results.json.
import chromium from '@sparticuz/chromium';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serviceDefaults } from '../local/aws-environment.ts';
import { chromiumOfOurs, kill } from '../local/chromium-processes.ts';
import { startMoto } from '../local/moto.ts';
import { projectRoot, startLocalStack } from '../local/stack.ts';
import { queueDepth } from '../local/aws-readback.ts';
import { startFaultProxy, type FaultProxy } from '../local/fault-proxy.ts';
import { complete, waitForIntakes } from './accounting.ts';
import { writeBenchSummary } from '../bench/summary.ts';

process.env.CASEFORMS_METRICS ??= 'off';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '20' }, seconds: { type: 'string', default: '45' } } });
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
/** Intakes are spread over this long, so every fault meets submissions in flight. */
const spreadMs = Number(values.seconds) * 1000;
const body = JSON.stringify(JSON.parse(readFileSync(join(projectRoot, 'form-schemas/demo/forms/intake.json'), 'utf8')).examples[0]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What happened to the client's requests, by the fault that was on when each was answered. */
const tally = {
  accepted: 0,
  refusedRetryable: 0,
  refusedWithoutRetryAfter: 0,
  otherStatuses: {} as Record<string, number>,
  networkErrors: 0,
  byFault: {} as Record<string, Record<string, number>>,
};
let currentFault = 'none';
const note = (outcome: string) => {
  const row = (tally.byFault[currentFault] ??= {});
  row[outcome] = (row[outcome] ?? 0) + 1;
};

const moto = await startMoto();
const base = serviceDefaults(moto.endpoint);
const proxies: Record<'s3' | 'sqs' | 'sesv2', FaultProxy> = {
  s3: await startFaultProxy(base.s3), sqs: await startFaultProxy(base.sqs), sesv2: await startFaultProxy(base.sesv2),
};
const stack = await startLocalStack({
  port: 0, emulatorEndpoint: moto.endpoint, resourcePrefix: `faults-${Date.now()}`, submissionRateLimit: false, sweepIntervalMs: 15_000,
  serviceEndpoints: { s3: proxies.s3.endpoint, sqs: proxies.sqs.endpoint, sesv2: proxies.sesv2.endpoint },
  // Short backoffs, so retries fit in the run: 2, 4, 8, 16 s between a job's five attempts.
  functionEnvironment: { JOB_RETRY_BASE_SECONDS: '2', DELIVERY_LEASE_SECONDS: '10' },
});
const executable = await chromium.executablePath();
let killedBrowsers = 0;

const faults = (async () => {
  const during = async (name: string, proxy: FaultProxy, ms: number, fault = { status: 503, type: 'ServiceUnavailable' }) => {
    proxy.fault = fault;
    currentFault = name;
    proxy.failing = true;
    console.log(`faults: ${name} for ${ms / 1000} s`);
    await sleep(ms);
    proxy.failing = false;
    currentFault = 'none';
  };
  const killChromium = () => {
    const browsers = chromiumOfOurs(executable);
    for (const browser of browsers) kill(browser);
    killedBrowsers += browsers.length;
    console.log(`faults: killed ${browsers.length} Chromium process(es)`);
  };
  await sleep(3_000);
  await during('S3 unavailable', proxies.s3, 5_000);
  await sleep(4_000);
  await during('queue unavailable', proxies.sqs, 5_000);
  await sleep(4_000);
  await during('SES throttling', proxies.sesv2, 8_000, { status: 429, type: 'TooManyRequestsException' });
  await sleep(3_000);
  killChromium();
  await sleep(6_000);
  killChromium();
})();

const submitted = Date.now();
let next = 0;
const caseIds = new Set<string>();
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < requests) {
    const index = next;
    next += 1;
    const startAt = submitted + (index * spreadMs) / requests;
    if (startAt > Date.now()) await sleep(startAt - Date.now());
    const key = randomUUID();
    for (;;) {
      let response: Response;
      try {
        response = await fetch(`${stack.url}/agencies/demo/forms/intake/submissions`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body, signal: AbortSignal.timeout(60_000),
        });
      } catch {
        tally.networkErrors += 1;
        note('network error');
        break;
      }
      const text = await response.text();
      if (response.status === 201) {
        caseIds.add((JSON.parse(text) as { caseId: string }).caseId);
        note('201');
        break;
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status === 503 && retryAfter > 0 && response.headers.get('content-type')?.startsWith('application/problem+json')) {
        tally.refusedRetryable += 1;
        note('503 + Retry-After');
        await sleep(Math.min(retryAfter, 5) * 1000);
        continue;
      }
      if (response.status === 503) tally.refusedWithoutRetryAfter += 1;
      tally.otherStatuses[response.status] = (tally.otherStatuses[response.status] ?? 0) + 1;
      note(String(response.status));
      break;
    }
  }
}));
const submitSeconds = (Date.now() - submitted) / 1000;
await faults;
tally.accepted = caseIds.size;
console.log(`faults: ${requests} intakes sent in ${submitSeconds.toFixed(0)} s; ${tally.accepted} acknowledged (201), ${tally.refusedRetryable} retryable refusals on the way`);

try {
  const counts = await waitForIntakes(stack, tally.accepted, 10 * 60_000, (progress) => console.log(`faults: ${progress}`));
  const deadLetters = await queueDepth(stack.resources.deadLetterQueueUrl);
  const report = {
    date: new Date().toISOString(), machine: { cpus: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
    requests, concurrency, submitSeconds,
    faults: {
      s3Refused: proxies.s3.refused, sqsRefused: proxies.sqs.refused, sesThrottled: proxies.sesv2.refused, chromiumKilled: killedBrowsers,
    },
    client: tally, counts, deadLetters,
    duplicates: { emails: counts.emails - counts.distinctEmailedCases },
  };
  writeFileSync(join(projectRoot, 'bench', 'fault-results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeBenchSummary();
  const rows = Object.entries(tally.byFault).map(([fault, outcomes]) => `| ${fault} | ${Object.entries(outcomes).map(([outcome, count]) => `${outcome}: ${count}`).join(', ')} |`);
  console.log(`
| fault during the run | responses to the client |
|---|---|
${rows.join('\n')}

| what | count |
|---|---|
| requests injected with a fault: S3 / SQS / SES (429) | ${proxies.s3.refused} / ${proxies.sqs.refused} / ${proxies.sesv2.refused} |
| Chromium processes killed | ${killedBrowsers} |
| intakes acknowledged (201) | ${tally.accepted} of ${requests} |
| refusals that were 503 with Retry-After (retried with the same key) | ${tally.refusedRetryable} |
| other non-201 answers / 503 without Retry-After / network errors | ${JSON.stringify(tally.otherStatuses)} / ${tally.refusedWithoutRetryAfter} / ${tally.networkErrors} |
| case records / raw bodies in S3 | ${counts.cases} / ${counts.rawBodies} |
| PDFs in S3 / document records | ${counts.pdfs} / ${counts.documents} |
| emails / distinct cases emailed (duplicates) | ${counts.emails} / ${counts.distinctEmailedCases} (${report.duplicates.emails}) |
| dead-letter queue | ${deadLetters} |
`);
  const clean = Object.keys(tally.otherStatuses).length === 0 && tally.networkErrors === 0 && tally.refusedWithoutRetryAfter === 0;
  process.exitCode = clean && tally.accepted === requests && complete(counts, tally.accepted) && deadLetters === 0 ? 0 : 1;
} finally {
  await stack.stop();
  for (const proxy of Object.values(proxies)) await proxy.stop();
  await moto.stop();
}
