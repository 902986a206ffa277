import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores: one emulator process plus two test workers keeps the machine busy without thrashing.
    pool: 'forks',
    maxWorkers: 2,
    // Handlers log ids and outcomes at INFO; tests keep the output to warnings.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', CASEFORMS_METRICS: 'off' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
