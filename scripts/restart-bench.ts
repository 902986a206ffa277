// `npx tsx scripts/restart-bench.ts [-- --intakes 1000 --connections 10]`: what `npm start`'s saved state costs.
// Stores that many demo intakes through the real submit route (each rendered and emailed by the document worker),
// stops the stack and its moto_server, starts both again on the same state folder, and prints the restart time, the
// state's size on disk and the memory (RSS) of moto_server and of the Node process per stored intake.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { itemsOfType, tableItems } from '../local/aws-readback.ts';
import { startMoto, type Emulator } from '../local/moto.ts';
import { projectRoot, startLocalStack, type LocalStack } from '../local/stack.ts';

// Outcome lines would bury the figures.
process.env.CASEFORMS_METRICS ??= 'off';

const { values } = parseArgs({ options: { intakes: { type: 'string', default: '1000' }, connections: { type: 'string', default: '10' } } });
const intakes = Number(values.intakes);
const connections = Number(values.connections);
const body = JSON.stringify(JSON.parse(readFileSync(join(projectRoot, 'form-schemas/demo/forms/intake.json'), 'utf8')).examples[0]);
const stateDir = mkdtempSync(join(tmpdir(), 'caseforms-restart-bench-'));
const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

async function start(): Promise<{ moto: Emulator; stack: LocalStack; ms: number }> {
  const started = performance.now();
  const moto = await startMoto();
  const stack = await startLocalStack({ port: 0, emulatorEndpoint: moto.endpoint, stateDir, submissionRateLimit: false });
  return { moto, stack, ms: Math.round(performance.now() - started) };
}

const mailCount = async (stack: LocalStack) => ((await (await fetch(`${stack.url}/_local/mailbox`)).json()) as unknown[]).length;
const memory = (moto: Emulator) => ({ moto: rssOf(moto.pid), node: process.memoryUsage().rss });

try {
  const first = await start();
  const empty = memory(first.moto);
  console.log(`empty stack started in ${first.ms} ms; RSS moto ${megabytes(empty.moto)} MB, node ${megabytes(empty.node)} MB`);

  const submitting = performance.now();
  let next = 0;
  let refused = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < intakes) {
      next += 1;
      const response = await fetch(`${first.stack.url}/agencies/demo/forms/intake/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.arrayBuffer();
      if (response.status !== 201) refused += 1;
    }
  }));
  console.log(`${intakes} intakes submitted in ${seconds(submitting)} s (${refused} refused)`);
  const draining = performance.now();
  while ((await mailCount(first.stack)) < intakes - refused) await new Promise((resolve) => setTimeout(resolve, 2_000));
  console.log(`every PDF rendered and emailed ${seconds(draining)} s later`);

  const stored = memory(first.moto);
  const saving = performance.now();
  const bytes = await first.stack.saveState();
  const saveMs = Math.round(performance.now() - saving);
  const stopping = performance.now();
  await first.stack.stop();
  await first.moto.stop();
  const stopMs = Math.round(performance.now() - stopping);

  const second = await start();
  const cases = itemsOfType(await tableItems(second.stack.resources.tableName), 'case').length;
  const mails = await mailCount(second.stack);
  const restarted = memory(second.moto);
  const perIntake = (field: 'moto' | 'node', at: { moto: number; node: number }) => Math.round((at[field] - empty[field]) / intakes / 1024);
  console.log(JSON.stringify({
    intakes,
    stateMB: megabytes(bytes),
    saveWhileRunningMs: saveMs,
    stopWithFinalSaveMs: stopMs,
    restartMs: second.ms,
    restoreMs: second.stack.persistence?.restored?.ms,
    restored: second.stack.persistence?.restored,
    casesAfterRestart: cases,
    mailsAfterRestart: mails,
    rssMB: { empty: { moto: megabytes(empty.moto), node: megabytes(empty.node) }, stored: { moto: megabytes(stored.moto), node: megabytes(stored.node) }, restarted: { moto: megabytes(restarted.moto), node: megabytes(restarted.node) } },
    rssKBPerIntake: { moto: perIntake('moto', stored), node: perIntake('node', stored), motoAfterRestart: perIntake('moto', restarted), nodeAfterRestart: perIntake('node', restarted) },
  }, null, 2));
  if (cases !== intakes - refused || mails !== intakes - refused) throw new Error(`after the restart: ${cases} cases and ${mails} emails, expected ${intakes - refused}`);
  await second.stack.stop();
  await second.moto.stop();
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
