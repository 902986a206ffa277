import { describe, expect, it } from 'vitest';
import { startTestStack } from '../support/test-stack.ts';

// A stack of its own (the functions read their settings from the process environment: one stack per test file),
// with WAF's per-client submission limit mirrored at 3 a minute.
const PAGE = '/intake/demo/intake';
describe('the per-client limit on public submissions (WAF\'s rule, mirrored locally)', () => {
  it('answers 429 with Retry-After once a client has sent the limit, for the page and the JSON API alike, and still serves pages', async () => {
    const limited = await startTestStack({ submissionRateLimit: { limit: 3, windowSeconds: 60 }, documentWorker: false });
    try {
      const post = (path: string) => fetch(`${limited.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: limited.url }, body: '_token=x' });
      const allowed = [await post(PAGE), await post('/agencies/demo/forms/intake/submissions'), await post(PAGE)];
      const refused = [await post(PAGE), await post('/agencies/demo/forms/intake/submissions')];
      const page = await fetch(`${limited.url}${PAGE}`);

      expect(allowed.map((response) => response.status)).not.toContain(429);
      expect(refused.map((response) => response.status)).toEqual([429, 429]);
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await refused[1]!.json()).toMatchObject({ type: 'urn:caseforms:problem:too-many-requests', status: 429 });
      expect(page.status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
