import type { TestProject } from 'vitest/node';
import { join } from 'node:path';
import { DevIssuer } from '../../local/dev-issuer.ts';
import { startMoto, type Emulator } from '../../local/moto.ts';
import { projectRoot } from '../../local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorEndpoint: string;
  }
}

let emulator: Emulator | undefined;

/** One emulator for the whole run; each test file creates its own table, bucket and queues in it. */
export async function setup(project: TestProject): Promise<void> {
  // Create the dev issuer's key once, before parallel test files could each race to create their own.
  await DevIssuer.open(join(projectRoot, '.local', 'dev-issuer-key.json'));
  emulator = await startMoto();
  project.provide('emulatorEndpoint', emulator.endpoint);
}

export async function teardown(): Promise<void> {
  await emulator?.stop();
}
