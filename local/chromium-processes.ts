import { readdirSync, readFileSync } from 'node:fs';

/**
 * Chromium processes, read from /proc: which are alive, which this process started, and killing one with its process
 * group. The PDF bench counts them before and after; the fault run kills the document worker's browser mid-load.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Start time in clock ticks since boot: a pid and its start time name one process even if the pid is reused. */
  readonly start: string;
}

export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid pgrp ... (starttime is field 22 overall, the 20th after comm).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined; // exited, only not yet reaped
    return { pid, ppid: Number(fields[1]), start: fields[19]! };
  } catch {
    return undefined;
  }
}

/** Every live process whose argv[0] is the Chromium executable, whoever started it. */
export function chromiumProcesses(executable: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv0: string | undefined;
    try {
      argv0 = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0];
    } catch {
      continue; // gone meanwhile
    }
    if (argv0 !== executable) continue;
    const info = processInfo(Number(entry));
    if (info) found.push(info);
  }
  return found;
}

/** The live processes running `executable` that descend from this process (the browsers it launched, and theirs). */
export function chromiumOfOurs(executable: string): ProcessInfo[] {
  const all = chromiumProcesses(executable);
  const ours = new Set<number>([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) if (!ours.has(p.pid) && ours.has(p.ppid)) { ours.add(p.pid); grew = true; }
  }
  return all.filter((p) => ours.has(p.pid));
}

export const isAlive = (process: ProcessInfo): boolean => processInfo(process.pid)?.start === process.start;

/**
 * The Chromium processes this process started: direct children of this process running the executable, and their
 * descendants. Every one ever seen is remembered, so one that outlives its parent is still found at the end.
 */
export class ProcessGuard {
  private readonly seen = new Map<number, ProcessInfo>();
  /** Processes found alive after their browser's close() had returned and a grace period had passed. */
  readonly leftBehind: { readonly by: string; readonly pid: number }[] = [];

  constructor(private readonly executable: string) {}

  /** Our live Chromium processes now (and remembers them). */
  ours(): ProcessInfo[] {
    const live = chromiumOfOurs(this.executable);
    const ours = new Set(live.map((p) => p.pid));
    for (const p of live) this.seen.set(p.pid, p);
    for (const p of this.seen.values()) if (!ours.has(p.pid) && isAlive(p)) live.push(p); // reparented orphans
    return live;
  }

  /**
   * After `by` closed its browser: waits up to `graceMs` for `expected` (or, without it, every one of ours
   * not in `keep`) to exit, then kills what is left by pid and records it.
   */
  async settle(by: string, keep: ReadonlySet<number>, graceMs = 2_000, expected?: readonly ProcessInfo[]): Promise<number> {
    const pending = () => (expected ?? this.ours()).filter((p) => !keep.has(p.pid) && isAlive(p));
    const deadline = Date.now() + graceMs;
    let left = pending();
    while (left.length > 0 && Date.now() < deadline) {
      await sleep(25);
      left = pending();
    }
    for (const p of left) {
      this.leftBehind.push({ by, pid: p.pid });
      kill(p);
    }
    if (left.length > 0) {
      const killDeadline = Date.now() + 2_000;
      while (left.some(isAlive) && Date.now() < killDeadline) await sleep(25);
    }
    return left.length;
  }
}

export function kill(p: ProcessInfo): void {
  if (!isAlive(p)) return;
  // puppeteer starts Chromium detached, as the leader of its own process group: the group takes any helpers too.
  try { process.kill(-p.pid, 'SIGKILL'); } catch { /* not a group leader, or gone */ }
  try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
}
