import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../local/rate-limiter.ts';

describe('the local rate limiter', () => {
  it('lets `limit` requests per client through in the window, counts clients apart, and frees a slot as the oldest leaves', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 10_000, () => now);

    expect([limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([0, 0, 0]);
    now = 4_000;
    expect(limiter.take('a')).toBe(6); // the first of a's two leaves the window at 10 s
    now = 10_001;
    // Both of a's requests (at 0 s) have left the window; the refused one at 4 s was never counted.
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 10]);
    expect(limiter.take('b')).toBe(0);
  });
});
