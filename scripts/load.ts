// `npm run load [-- --requests 1000 --connections 50]`: the public submit path on a fresh local stack under
// autocannon, beside a baseline of the bare SDK calls the path makes (S3 put + DynamoDB transaction) against the
// same emulator, then an accounting of what was stored, rendered and emailed. Writes bench/load-results.json.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, startLocalStack } from '../local/stack.ts';
import { complete, waitForIntakes } from './accounting.ts';

// Metrics are EMF lines on stdout in Lambda; here they would bury the load run's own figures (as `npm start` does).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000' }, connections: { type: 'string', default: '50' } } });
const requests = Number(values.requests);
const connections = Number(values.connections);
const body = JSON.stringify(JSON.parse(readFileSync(join(projectRoot, 'form-schemas/demo/forms/intake.json'), 'utf8')).examples[0]);

// A load run is one client submitting at full speed: WAF's per-IP limit would refuse most of it.
// The sweeper every minute, as EventBridge runs it in AWS: under a backlog older than its grace period it re-enqueues
// jobs still waiting, and a faster sweep would only multiply the duplicates the backlog already makes.
const stack = await startLocalStack({ port: 0, resourcePrefix: `load-${Date.now()}`, sweepIntervalMs: 60_000, submissionRateLimit: false });
try {
  // Baseline: the storage calls one accepted intake makes, without the service around them, same concurrency.
  const s3 = new S3Client({ forcePathStyle: true });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const baselineTable = stack.resources.tableName;
  let next = 0;
  const baselineStart = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < requests) {
      next += 1;
      const id = randomUUID();
      await s3.send(new PutObjectCommand({ Bucket: stack.resources.bucketName, Key: `baseline/${id}.json`, Body: body, ServerSideEncryption: 'aws:kms' }));
      await dynamo.send(new TransactWriteCommand({ TransactItems: [
        { Put: { TableName: baselineTable, Item: { pk: `BASELINE#${id}`, sk: 'A', type: 'baseline' }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: baselineTable, Item: { pk: `BASELINE#${id}`, sk: 'B', type: 'baseline' }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: baselineTable, Item: { pk: `BASELINE#${id}`, sk: 'C', type: 'baseline' }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ] }));
    }
  }));
  const baselinePerSecond = requests / ((performance.now() - baselineStart) / 1000);

  const result = await autocannon({
    url: `${stack.url}/agencies/demo/forms/intake/submissions`, method: 'POST', headers: { 'content-type': 'application/json' }, body,
    connections, amount: requests, timeout: 60,
  });
  const accepted = result['2xx'];
  const servicePerSecond = accepted / (result.duration);

  // Accounting: wait until every accepted intake has its PDF and its email, or 10 minutes.
  const counts = await waitForIntakes(stack, accepted, 10 * 60_000, (progress) => console.log(`load: ${progress}`));

  const report = {
    date: new Date().toISOString(), machine: { cpus: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
    requests, connections,
    service: { acceptedPerSecond: servicePerSecond, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, accepted },
    baseline: { storesPerSecond: baselinePerSecond, what: 'S3 put + 3-item DynamoDB transaction per store, same emulator, same concurrency' },
    ratio: servicePerSecond / baselinePerSecond,
    counts,
    duplicates: { emails: counts.emails - counts.distinctEmailedCases },
  };
  writeFileSync(join(projectRoot, 'bench', 'load-results.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`
| what | figure |
|---|---|
| service: accepted intakes/s (${connections} connections, ${requests} requests) | ${servicePerSecond.toFixed(1)} |
| baseline: bare SDK stores/s against the same emulator | ${baselinePerSecond.toFixed(1)} |
| ratio service / baseline (target ≥ 0.8×) | ${report.ratio.toFixed(2)}× |
| latency p50 / p99 | ${result.latency.p50} ms / ${result.latency.p99} ms |
| errors / timeouts / non-2xx | ${result.errors} / ${result.timeouts} / ${result.non2xx} |
| accepted (201) | ${accepted} |
| case records / raw bodies in S3 | ${counts.cases} / ${counts.rawBodies} |
| PDFs in S3 / document records | ${counts.pdfs} / ${counts.documents} |
| emails / distinct cases emailed (duplicates) | ${counts.emails} / ${counts.distinctEmailedCases} (${report.duplicates.emails}) |
`);
  process.exitCode = complete(counts, accepted) && result.non2xx === 0 && result.errors === 0 ? 0 : 1;
} finally {
  await stack.stop();
}
