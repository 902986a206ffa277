import { vi } from 'vitest';

/**
 * Moves this test process's wall clock to `at`, ticking on from there. The local stack's handlers run in the test's
 * process, so they see the same day: how a test reaches a termination's effective date without waiting for it.
 * Only `Date` is faked; timers stay real, so waits and sweepers keep running.
 */
export function setClock(at: Date): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(at);
}

export function restoreClock(): void {
  vi.useRealTimers();
}

/** Noon in `timeZone`'s day `date` is this instant's day there too, whatever the offset: a safe moment to be "on" a date. */
export const middayUtc = (date: string): Date => new Date(`${date}T18:00:00Z`);
