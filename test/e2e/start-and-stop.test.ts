import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localStackFile } from '../../local/stack-file.ts';
import { projectRoot } from '../../local/stack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { demoExample } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

/** Every process whose parent chain leads to `root` (read from /proc, as `ps` would). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const [pid, ppid] of parentOf) if (ppid === parent) { found.push(pid); frontier.push(pid); }
  }
  return found;
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('the local stack as `npm start` runs it', () => {
  it('starts, prints its URLs, serves an intake to the mailbox, and leaves no process behind on SIGTERM', async () => {
    // `npm start` keeps its data between runs: here in a folder of this test's own, not the project's .local-state/.
    const stateDir = join(mkdtempSync(join(tmpdir(), 'caseforms-start-')), 'state');
    const child = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['local/main.ts'], {
      cwd: projectRoot, env: { ...process.env, PORT: '0', CASEFORMS_STATE_DIR: stateDir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const url = await waitFor(async () => /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1], 60_000, 'the printed API URL');
    expect(output).toContain(`Data is saved in ${stateDir}/`);
    expect(output).toContain('Started empty.');
    expect(output).toContain(`${url}/_local/mailbox`);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const response = await fetch(`${url}/agencies/demo/forms/intake/submissions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(demoExample()),
    });
    expect(response.status).toBe(201);
    await waitFor(async () => {
      const messages = await mailboxOf({ url });
      return messages.length === 1 ? messages : undefined;
    }, 45_000, 'the intake email');

    // `npm run redrive` finds this stack through .local/stack.json and talks to its emulator.
    const redrive = spawnSync(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/redrive.ts'], { cwd: projectRoot, encoding: 'utf8' });
    expect(redrive.status, redrive.stderr).toBe(0);
    expect(redrive.stdout).toMatch(/^redrive: 0 job\(s\) moved from http:\/\/127\.0\.0\.1:\d+\/\S+-dlq back to /);
    // So does `npm run backfill`: the intake just stored is filed already, so there is nothing to write.
    const backfill = spawnSync(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/backfill-case-indexes.ts', '--dry-run'], { cwd: projectRoot, encoding: 'utf8' });
    expect(backfill.status, backfill.stderr).toBe(0);
    expect(backfill.stdout).toMatch(/^demo: 1 case\(s\) read; would write 0 identities from intake answers, 0 search term\(s\), 0 match key\(s\), index keys on 0 case\(s\)$/m);

    // The emulator and Chromium are running now; all of them must go with the stack.
    const running = descendants(child.pid!);
    expect(running.length).toBeGreaterThanOrEqual(2);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitFor(async () => (running.some(alive) ? undefined : true), 10_000, 'every child process to exit');
    expect(existsSync(localStackFile)).toBe(false);
    // It saved on the way out (the SIGTERM a service manager sends, as Ctrl-C does).
    expect(existsSync(join(stateDir, 'state.json'))).toBe(true);
  });
});
