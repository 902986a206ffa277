import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/cases/notice-period.ts';
import type { LocalStack } from '../../local/stack.ts';
import { fitsThePhone, launchTestBrowser, type TestBrowser, expectAccessible as expectAccessibleIn } from '../support/browser.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { harborExample } from '../support/case-entries.ts';

// The notes section of the case page, a refused note and "My follow-ups" in a real browser at 360 px, for Harbor (the
// second pack): no script needed to add a note, nothing wider than a phone, and axe-core finds no WCAG 2.1 AA violation.
const PHONE = { width: 360, height: 740, deviceScaleFactor: 1 };
const MANAGER = 'case-manager@harbor.example';
const TIME_ZONE = 'America/Los_Angeles';

let stack: LocalStack;
let chrome: TestBrowser;
beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarbor() });
  chrome = await launchTestBrowser();
});
afterAll(async () => {
  await chrome?.close();
  await stack?.stop();
});


const expectAccessible = (page: Page, what: string) => expectAccessibleIn(chrome.browser, page, what);

describe('harbor: notes and follow-ups in a browser at 360 px', () => {
  it('adds a note from the case page, shows a refused one plainly, and lists the follow-up', async () => {
    const token = await staffToken('harbor', ['case-manager'], MANAGER);
    const intake = await post(stack, '/agencies/harbor/forms/intake/submissions', { body: JSON.stringify(harborExample('intake')), headers: harborApiKeyHeader });
    const caseId = (intake.json as { caseId: string }).caseId;
    const assessed = await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/forms/assessment/submissions`, {
      method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(harborExample('assessment')),
    });
    expect(assessed.status).toBe(201);
    const today = localDate(new Date(), TIME_ZONE);
    const earlier = await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/notes`, {
      method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ contactType: 'phone', contactedAt: `${today}T00:01`, narrative: 'Left a message.', followUpOn: today }),
    });
    expect(earlier.status).toBe(201);

    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: MANAGER });
    const page = await chrome.browser.newPage();
    await page.setViewport(PHONE);
    try {
      await page.setCookie(...[...jar.cookies].map(([name, value]) => ({ name, value, url: stack.url })));
      await page.goto(`${stack.url}/staff/harbor/cases/${caseId}`, { waitUntil: 'load' });
      expect(await page.$eval('#notes', (e) => e.textContent)).toBe('Notes and contacts');
      expect(await fitsThePhone(page)).toBe('');
      await expectAccessible(page, 'the case page with its notes');

      // The form opens without script (details/summary); a narrative left empty is refused on a page of its own.
      await page.click('details.add-note summary');
      await page.select('#note-contactType', 'office-visit');
      await page.$eval('#note-contactedAt', (e, value) => { (e as unknown as { value: string }).value = value; }, `${today}T00:30`);
      await page.type('#note-durationMinutes', '20');
      const [refused] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#note-form button[type=submit]')]);
      expect(refused!.status()).toBe(422);
      expect(await page.$eval('.error-summary', (e) => e.textContent)).toContain('Narrative: write what happened');
      expect(await fitsThePhone(page)).toBe('');
      await expectAccessible(page, 'a refused note');

      // What was typed is kept: only the narrative is missing.
      expect(await page.$eval('#note-durationMinutes', (e) => (e as unknown as { value: string }).value)).toBe('20');
      await page.type('#note-narrative', 'Met at the office to sign the lease papers.');
      const [saved] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#note-form button[type=submit]')]);
      expect(saved!.status()).toBe(200);
      expect(new URL(page.url()).searchParams.get('note')).toBe('saved');
      expect(await page.$eval('#notes', (e) => e.parentElement!.textContent)).toContain('Met at the office to sign the lease papers.');
      expect(await fitsThePhone(page)).toBe('');
      await expectAccessible(page, 'the case page after a note was saved');

      await page.goto(`${stack.url}/staff/harbor/follow-ups`, { waitUntil: 'load' });
      expect(await page.$eval('h1', (e) => e.textContent)).toBe('My follow-ups');
      expect(await page.$eval('#due-today', (e) => e.textContent)).toBe('Due today (1)');
      expect(await fitsThePhone(page)).toBe('');
      await expectAccessible(page, 'my follow-ups');

      // "Mark done" is a plain form post: the follow-up leaves today's list and the page says so.
      const [marked] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#due-today + .table-wrap button[type=submit]')]);
      expect(marked!.status()).toBe(200);
      expect(new URL(page.url()).searchParams.get('followUp')).toBe('done');
      expect(await page.$eval('[role=status]', (e) => e.textContent)).toBe('Follow-up marked done.');
      expect(await page.$eval('#due-today', (e) => e.textContent)).toBe('Due today (0)');
      expect(await fitsThePhone(page)).toBe('');
      await expectAccessible(page, 'my follow-ups after marking one done');
    } finally {
      await page.close();
    }
  });
});
