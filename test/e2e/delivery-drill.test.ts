import { describe, expect, inject, it } from 'vitest';
import { runDeliveryDrill } from '../../scripts/delivery-drill.ts';

// `npm run drill` runs this with 200 documents; the suite runs a small one so the drill itself stays tested.
describe('the delivery drill', () => {
  it('duplicated jobs, a dead worker and failing sends end in exactly one email per document, the rest dead-lettered then redriven', async () => {
    const report = await runDeliveryDrill({ documents: 12, storm: 3, killed: 2, failureRate: 0.2, emulatorEndpoint: inject('emulatorEndpoint') });
    expect(report.jobMessages).toBe(24);
    expect(report.sesRequestsRefused).toBeGreaterThan(0);
    expect(report.beforeRedrive).toMatchObject({ emails: 9, distinctDeliveries: 9, duplicates: 0, jobsDone: 9, deadLetteredJobs: 3 });
    // Both copies of each storm job were dead-lettered, each with its reason.
    expect(report.beforeRedrive.deadLetterMessages).toBe(6);
    expect(report.afterRedrive).toMatchObject({ emails: 12, distinctDeliveries: 12, duplicates: 0, jobsDone: 12, redriven: 6, deadLetterMessages: 0 });
    expect(Object.values(report.afterRedrive.redrivenReasons).reduce((a, b) => a + b, 0)).toBe(6);
    for (const reason of Object.keys(report.afterRedrive.redrivenReasons)) expect(reason).toMatch(/^retry needed: agency-inbox \((ServiceUnavailable|leased-by-another-worker)\)$/);
  }, 240_000);
});
