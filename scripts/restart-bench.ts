// `npx tsx scripts/restart-bench.ts [--intakes 1000 --chunk 100 --connections 5 --no-worker]`: what `npm start`'s
// saved state costs. Stores demo intakes through the real submit route (each rendered and emailed by the document
// worker, unless --no-worker: then cases and raw submissions only, and their jobs wait in the queue), a chunk at a time; after each chunk it stops the stack and its moto_server and starts both again on the same state
// folder, and prints the restart time, the state's size on disk and the memory (RSS) of moto_server and of the Node
// process per stored intake.
//
// Chunks, because moto's own memory grows with every transaction it runs (≈ 730 MB after 100 intakes at 10
// connections, with or without a state folder: its rollback copies), and a restart, which writes the items back
// without transactions, starts it small again. The restart figures are the ones to read.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { itemsOfType, tableItems } from '../local/aws-readback.ts';
import { startMoto, type Emulator } from '../local/moto.ts';
import { projectRoot, startLocalStack, type LocalStack } from '../local/stack.ts';

// Outcome and INFO lines would bury the figures.
process.env.CASEFORMS_METRICS ??= 'off';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const { values } = parseArgs({
  options: { intakes: { type: 'string', default: '1000' }, chunk: { type: 'string', default: '100' }, connections: { type: 'string', default: '5' }, 'no-worker': { type: 'boolean', default: false } },
});
const worker = !values['no-worker'];
const intakes = Number(values.intakes);
const chunk = Number(values.chunk);
const connections = Number(values.connections);
const example = JSON.parse(readFileSync(join(projectRoot, 'form-schemas/demo/forms/intake.json'), 'utf8')).examples[0];
/**
 * The demo example with a name, birthday, phone and email of its own: a thousand copies of one person would put
 * every case in the same search-term and match-key partitions, which moto copies whole in each transaction.
 */
function intakeBody(n: number): string {
  const letters = [...n.toString(26).padStart(3, '0')].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
  return JSON.stringify({
    ...example, givenName: `Zo${letters}`, familyName: `Núñez-${letters}`, dateOfBirth: `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`,
    contact: { ...example.contact, phone: `+1 555 ${String(n % 10_000).padStart(4, '0')}`, email: `client-${n}@example.org` },
  });
}
let sent = 0;
const stateDir = mkdtempSync(join(tmpdir(), 'caseforms-restart-bench-'));
const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

async function start(): Promise<{ moto: Emulator; stack: LocalStack; ms: number }> {
  const started = performance.now();
  const moto = await startMoto();
  // Without a worker the outbox sweeper would re-send every job every few minutes, filling the queue with copies.
  const stack = await startLocalStack({
    port: 0, emulatorEndpoint: moto.endpoint, stateDir, submissionRateLimit: false, documentWorker: worker, sweepIntervalMs: worker ? 10_000 : 3_600_000,
  });
  return { moto, stack, ms: Math.round(performance.now() - started) };
}

const mailCount = async (stack: LocalStack) => ((await (await fetch(`${stack.url}/_local/mailbox`)).json()) as unknown[]).length;
const memory = (moto: Emulator) => ({ moto: rssOf(moto.pid), node: process.memoryUsage().rss });

async function submit(stack: LocalStack, count: number): Promise<number> {
  let next = 0;
  let refused = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < count) {
      next += 1;
      sent += 1;
      const response = await fetch(`${stack.url}/agencies/demo/forms/intake/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: intakeBody(sent) });
      await response.arrayBuffer();
      if (response.status !== 201) refused += 1;
    }
  }));
  return count - refused;
}

try {
  let running = await start();
  const empty = memory(running.moto);
  console.log(`empty stack started in ${running.ms} ms; RSS moto ${megabytes(empty.moto)} MB, node ${megabytes(empty.node)} MB`);
  let stored = 0;
  while (stored < intakes) {
    const submitting = performance.now();
    stored += await submit(running.stack, Math.min(chunk, intakes - stored));
    const submitS = seconds(submitting);
    const draining = performance.now();
    while (worker && (await mailCount(running.stack)) < stored) await new Promise((resolve) => setTimeout(resolve, 2_000));
    const drainS = worker ? seconds(draining) : undefined;
    const inRun = memory(running.moto);
    const saving = performance.now();
    const bytes = await running.stack.saveState();
    const saveMs = Math.round(performance.now() - saving);
    const stopping = performance.now();
    await running.stack.stop();
    await running.moto.stop();
    const stopMs = Math.round(performance.now() - stopping);

    running = await start();
    const restarted = memory(running.moto);
    const perIntake = (field: 'moto' | 'node', at: { moto: number; node: number }) => Math.round((at[field] - empty[field]) / stored / 1024);
    console.log(JSON.stringify({
      stored, submitS, drainS, stateMB: megabytes(bytes), saveMs, stopMs, restartMs: running.ms, restored: running.stack.persistence?.restored,
      rssMB: { beforeStop: { moto: megabytes(inRun.moto), node: megabytes(inRun.node) }, afterRestart: { moto: megabytes(restarted.moto), node: megabytes(restarted.node) } },
      rssKBPerIntakeAfterRestart: { moto: perIntake('moto', restarted), node: perIntake('node', restarted) },
    }));
  }
  const cases = itemsOfType(await tableItems(running.stack.resources.tableName), 'case').length;
  const mails = await mailCount(running.stack);
  console.log(`after the last restart: ${cases} cases, ${mails} emails in the mailbox`);
  await running.stack.stop();
  await running.moto.stop();
  if (cases !== stored || mails !== (worker ? stored : 0)) throw new Error(`expected ${stored} cases and ${worker ? stored : 0} emails`);
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
