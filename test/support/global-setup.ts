import type { TestProject } from 'vitest/node';
import { startMoto, type Emulator } from '../../local/moto.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorEndpoint: string;
  }
}

let emulator: Emulator | undefined;

/** One emulator for the whole run; each test file creates its own table, bucket and queues in it. */
export async function setup(project: TestProject): Promise<void> {
  emulator = await startMoto();
  project.provide('emulatorEndpoint', emulator.endpoint);
}

export async function teardown(): Promise<void> {
  await emulator?.stop();
}
