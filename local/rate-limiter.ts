/**
 * What WAF's rate-based rule does in AWS, for the local gateway: at most `limit` requests per client IP in a sliding
 * window. Answers how many seconds until the client may try again, or 0 when the request may pass.
 */
export class RateLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Counts the request if it may pass; a refused request is not counted, as WAF does not count blocked ones. */
  take(client: string): number {
    const now = this.now();
    const recent = (this.seen.get(client) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.seen.set(client, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.seen.set(client, recent);
    return 0;
  }
}
