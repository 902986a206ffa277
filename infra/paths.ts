import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Resolved from this file, not the working directory, so `cdk synth` and vitest agree wherever they start. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const lockFile = path.join(repoRoot, 'package-lock.json');

export const handlerEntry = (handler: string): string => path.join(repoRoot, 'functions', 'handlers', `${handler}.ts`);
