import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** Python start-up code for moto_server: a cheaper rollback backup for DynamoDB transactions (see the file). */
const motoPatches = join(import.meta.dirname, 'moto-patches');

export interface Emulator {
  readonly endpoint: string;
  /** moto_server's process id (scripts measure its memory). */
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * moto_server: one process emulating DynamoDB (with transactions), S3, SQS and SES v2 on 127.0.0.1.
 * It keeps everything in memory: stopping it loses all data (`npm start` saves it first: local/state-keeper.ts).
 */
export async function startMoto(port?: number, { outliveInterrupt = false } = {}): Promise<Emulator> {
  const chosenPort = port ?? (await freePort());
  const pythonPath = [motoPatches, process.env.PYTHONPATH].filter(Boolean).join(delimiter);
  // outliveInterrupt: a terminal's Ctrl-C reaches the whole process group; a stack that saves its data at stop needs
  // the emulator still up then (moto-patches/sitecustomize.py ignores SIGINT; stop() sends SIGTERM).
  const env = { ...process.env, PYTHONPATH: pythonPath, ...(outliveInterrupt ? { CASEFORMS_MOTO_IGNORE_SIGINT: '1' } : {}) };
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(chosenPort)], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const endpoint = `http://127.0.0.1:${chosenPort}`;
  try {
    await waitUntilUp(endpoint, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { endpoint, pid: child.pid!, stop: () => stopChild(child) };
}

async function waitUntilUp(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let exited = false;
  child.once('exit', () => { exited = true; });
  child.once('error', () => { exited = true; });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`moto_server exited during start-up:\n${stderr()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not answer within 30 s:\n${stderr()}`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => { clearTimeout(force); resolve(); });
    child.kill('SIGTERM');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
