import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import { devSubject } from '../../local/dev-issuer.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { launchTestBrowser, type TestBrowser, expectAccessible as expectAccessibleIn } from '../support/browser.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';

// The assignment controls in a real browser on a 360 px phone, as a supervisor uses them without script: tick cases
// in the case list, choose a case manager, assign; then reassign one case from its page. axe reads each page.
const PHONE = { width: 360, height: 740, deviceScaleFactor: 1 };
const JORDAN = 'jordan.lee@demo.caseforms.test';
const CASEY = 'case-manager@demo.caseforms.test';
let stack: LocalStack;
let chrome: TestBrowser;
beforeAll(async () => { stack = await startTestStack(); chrome = await launchTestBrowser(); }, 300_000);
afterAll(async () => { await chrome?.close(); await stack?.stop(); });

const expectAccessible = (page: Page, what: string) => expectAccessibleIn(chrome.browser, page, what);

const caseManagerOf = async (caseId: string) =>
  (await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.case('demo', caseId) && item.sk === keys.caseRecord())?.caseManager;

describe('the assignment controls at 360 px', () => {
  it('assign the ticked cases from the list and one case from its page, with no WCAG 2.1 AA violations', async () => {
    const caseIds: string[] = [];
    for (let i = 0; i < 2; i += 1) caseIds.push(((await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()) })).json as { caseId: string }).caseId);
    const page = await chrome.browser.newPage();
    await page.setViewport(PHONE);
    try {
      await page.goto(`${stack.url}/staff/sign-in?start=1`, { waitUntil: 'load' });
      await page.click('#role-supervisor');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button.primary')]);
      await page.goto(`${stack.url}/staff/demo/cases`, { waitUntil: 'load' });
      expect(await page.$eval('table.caseloads caption', (e) => e.textContent)).toBe('Caseloads: open cases per case manager');
      await expectAccessible(page, 'the case list with its assignment controls');

      // Tick both cases with the keyboard, choose Jordan, send: no script runs on these pages.
      for (const caseId of caseIds) {
        await page.focus(`#pick-${caseId}`);
        await page.keyboard.press('Space');
      }
      await page.select('#assign-many-to', devSubject(JORDAN));
      await page.focus('#assign-cases button');
      const [results] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      expect(results!.status()).toBe(200);
      expect(await page.$eval('[role="status"]', (e) => e.textContent)).toContain('2 cases assigned to Jordan Lee.');
      await expectAccessible(page, 'the assignment results page');
      for (const caseId of caseIds) expect(await caseManagerOf(caseId)).toBe(devSubject(JORDAN));

      await page.goto(`${stack.url}/staff/demo/cases`, { waitUntil: 'load' });
      const counts = await page.$$eval('table.caseloads tbody tr', (rows) => rows.map((row) => row.textContent));
      expect(counts).toEqual(['Casey Morgan0', 'Jordan Lee2']);

      // One case from its page: the form there offers the others, and comes back to the case.
      await page.goto(`${stack.url}/staff/demo/cases/${caseIds[0]}`, { waitUntil: 'load' });
      await expectAccessible(page, 'the case page with its assignment section');
      await page.select('#assign-to', devSubject(CASEY));
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[aria-labelledby="assign-heading"] button')]);
      expect(new URL(page.url()).search).toBe('?assigned=1');
      expect(await page.$eval('.notice', (e) => e.textContent)).toContain('Case manager assigned.');
      await expectAccessible(page, 'the case page after an assignment');
      expect(await caseManagerOf(caseIds[0]!)).toBe(devSubject(CASEY));
    } finally {
      await page.close();
    }
  }, 600_000);
});
