import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HTTPResponse, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxMessage } from '../../local/mailbox.ts';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { pdftotext } from '../support/pdf-tools.ts';
import { launchTestBrowser, type TestBrowser, expectAccessible as expectAccessibleIn } from '../support/browser.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// The staff pages in a real browser, as a case manager uses them: sign in through the dev issuer's page, open the case
// of an intake, fill in an assessment and a care plan with the keyboard alone, and find the care plan's PDF in the
// mailbox. axe-core reads every page against WCAG 2.1 AA; the case page is photographed for docs/.
const DESKTOP = { width: 1280, height: 900, deviceScaleFactor: 1 };
const PHONE = { width: 360, height: 740, deviceScaleFactor: 1 };
const MANAGER = 'case-manager@demo.caseforms.test';

/** An element named for a test: `a <href>`, `button <text>`, `<name>=<value>` for a checkbox or radio, else its name. */
const NAME_OF_ELEMENT = `(e) => {
  if (!e || e === document.body) return 'body';
  const tag = e.tagName.toLowerCase();
  if (tag === 'a') return 'a ' + e.getAttribute('href');
  if (tag === 'button') return 'button ' + (e.getAttribute('value') || e.textContent.trim());
  if (e.type === 'checkbox' || e.type === 'radio') return e.getAttribute('name') + '=' + e.getAttribute('value');
  return e.getAttribute('name') || e.id || tag;
}`;

let stack: LocalStack;
let chrome: TestBrowser;

beforeAll(async () => {
  stack = await startTestStack();
  chrome = await launchTestBrowser();
});

afterAll(async () => {
  await chrome?.close();
  await stack?.stop();
});

const focused = (page: Page): Promise<string> => page.evaluate(`(${NAME_OF_ELEMENT})(document.activeElement)`) as Promise<string>;

/** Presses Tab until an element whose name matches has focus. */
async function tabTo(page: Page, target: string | RegExp, max = 80): Promise<string> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (typeof target === 'string' ? now === target : target.test(now)) return now;
  }
  throw new Error(`${String(target)} not reached with Tab`);
}

/** Presses a key on what has focus and waits for the page it leads to. */
async function press(page: Page, key: 'Enter' | 'Space'): Promise<HTTPResponse> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
  return response!;
}

const expectAccessible = (page: Page, what: string) => expectAccessibleIn(chrome.browser, page, what, DESKTOP);

async function mailTo(address: string, subject: RegExp): Promise<MailboxMessage[]> {
  const messages = await mailboxOf(stack);
  return messages.filter((message) => message.to.includes(address) && subject.test(message.subject));
}

describe('the staff pages in a browser', () => {
  it('a case manager signs in, completes an assessment and a care plan with the keyboard, and the care plan is emailed', async () => {
    const intake = await post(stack, '/agencies/demo/forms/intake/submissions', { body: JSON.stringify(demoExample()) });
    const caseId = (intake.json as { caseId: string }).caseId;
    // Two PHQ-9s recorded on the case through the API, so the page has a trend to show.
    // By a supervisor: the first case manager to submit becomes the case's case manager, and that is the browser's user.
    const token = await staffToken('demo', ['supervisor'], 'supervisor@demo.caseforms.test');
    for (const answers of [demoExample('phq-9'), { ...demoExample('phq-9'), q1: 0, q2: 1 }]) {
      const recorded = await fetch(`${stack.url}/agencies/demo/cases/${caseId}/forms/phq-9/submissions`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(answers) });
      expect(recorded.status).toBe(201);
    }

    const page = await chrome.browser.newPage();
    await page.setViewport(DESKTOP);
    try {
      // A page that needs a session sends the browser to the staff entrance, then to the dev issuer's sign-in page.
      await page.goto(`${stack.url}/staff/demo/cases`, { waitUntil: 'load' });
      expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
      await expectAccessible(page, 'the staff entrance');
      await tabTo(page, /^a \/staff\/sign-in\?start=1/);
      await press(page, 'Enter');
      expect(new URL(page.url()).pathname).toBe('/_local/dev-issuer/oauth2/authorize');
      await expectAccessible(page, 'the dev issuer sign-in page');
      await tabTo(page, 'role=case-manager');
      expect(await page.evaluate(`document.querySelector('#role-case-manager').checked`)).toBe(true);
      await tabTo(page, 'email');
      await page.keyboard.type(MANAGER);
      await tabTo(page, 'button Sign in');
      await press(page, 'Enter');
      expect(new URL(page.url()).pathname).toBe('/staff/demo/cases');
      expect(await page.$eval('.who', (e) => e.textContent)).toContain(`Signed in as ${MANAGER}`);
      // Styles apply under the pages' real CSP (every inline block allowed by hash): the bar wears the demo's
      // branding.primaryColor (#1f4e79) from its --brand block.
      expect(await page.evaluate(`getComputedStyle(document.querySelector('header.site')).backgroundColor`)).toBe('rgb(31, 78, 121)');
      expect(await page.evaluate(`getComputedStyle(document.querySelector('main')).maxWidth`)).toBe('1024px');
      await expectAccessible(page, 'the case list');
      // The list names the client and their key facts; the link to the case is the name.
      const row = `a[href="/staff/demo/cases/${caseId}"]`;
      expect(await page.$eval(row, (e) => e.textContent)).toBe('Zoë Núñez-Øberg');
      expect(await page.$eval(row, (e) => e.parentElement!.querySelector('.client-facts')!.textContent)).toMatch(/^Born March 9, 1984 \(age \d+\) · Spanish$/);

      await tabTo(page, `a /staff/demo/cases/${caseId}`);
      await press(page, 'Enter');
      expect(await page.$eval('h1', (e) => e.textContent)).toBe(`Zoë Núñez-Øberg · case ${caseId.slice(0, 8)}`);
      expect(await page.$eval('.facts', (e) => e.textContent)).toContain('Phone+1 555 0142');
      expect(await page.$$eval('.trend svg[role="img"]', (list) => list.length)).toBe(1);
      await expectAccessible(page, 'the case page');

      // The assessment: sent empty first, then filled in.
      await tabTo(page, `a /staff/demo/cases/${caseId}/forms/assessment`);
      await press(page, 'Enter');
      await expectAccessible(page, 'the assessment form');
      await tabTo(page, 'button Save');
      expect((await press(page, 'Enter')).status()).toBe(422);
      expect(await page.$eval('#error-summary', (e) => e.getAttribute('role'))).toBe('alert');
      await expectAccessible(page, 'the assessment form with errors');
      await tabTo(page, '/assessedOn');
      await page.keyboard.type('11202026');
      await tabTo(page, '/domains/0/domain');
      await page.keyboard.type('Hous');
      await tabTo(page, '/domains/0/rating');
      await page.keyboard.type('2');
      await tabTo(page, '/summary');
      await page.keyboard.type('Housing is the priority need.');
      await tabTo(page, 'button Save');
      const assessed = await press(page, 'Enter');
      expect(assessed.status()).toBe(200);
      expect(await page.$eval('.notice', (e) => e.textContent)).toContain('Needs assessment saved.');

      // The care plan, from the next steps of the case page.
      await tabTo(page, `a /staff/demo/cases/${caseId}/forms/care-plan`);
      await press(page, 'Enter');
      await expectAccessible(page, 'the care plan form');
      for (const [field, text] of [['/goals/0/goal', 'Stable housing'], ['/goals/0/measure', 'Signed lease'], ['/goals/0/responsible', 'Case manager and client']] as const) {
        await tabTo(page, field);
        await page.keyboard.type(text);
      }
      await tabTo(page, '/goals/0/targetDate');
      await page.keyboard.type('02282027');
      await tabTo(page, '/reviewDate');
      await page.keyboard.type('01152030');
      await tabTo(page, 'button Save');
      await press(page, 'Enter');
      expect(await page.$eval('.notice', (e) => e.textContent)).toContain('Care plan saved.');
      expect(await page.$eval('.facts', (e) => e.textContent)).toContain('Planned');

      const items = await tableItems(stack.resources.tableName);
      const record = items.find((item) => item.type === 'case' && item.caseId === caseId)!;
      expect(record).toMatchObject({ state: 'planned', reviewDueAt: '2030-01-15', caseManagerEmail: MANAGER });
      const plan = itemsOfType(items, 'submission').filter((item) => item.caseId === caseId && item.formId === 'care-plan');
      expect(plan).toHaveLength(1);

      const [mail] = await waitFor(async () => { const found = await mailTo(MANAGER, /^Care plan(?! review)/i); return found.length > 0 ? found : undefined; }, 120_000, 'the care plan email');
      // Staff get the PDF behind a secure link (the agency's routes); the link opens the care plan just made.
      const link = /https?:\/\/\S+\/agencies\/demo\/links\/\S+/.exec(mail!.text)![0];
      const pdf = Buffer.from(await (await fetch(link)).arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdftotext(pdf)).toContain('Stable housing');

      // The case page once the plan's documents went out, photographed for docs/staff-pages.md.
      await waitFor(async () => ((await tableItems(stack.resources.tableName)).some((item) => item.type === 'document' && item.caseId === caseId && item.documentType === 'care-plan') || undefined), 60_000, 'the care plan document');
      await page.goto(`${stack.url}/staff/demo/cases/${caseId}`, { waitUntil: 'load' });
      await expectAccessible(page, 'the case page with its care plan');
      const docs = join(projectRoot, 'docs');
      mkdirSync(docs, { recursive: true });
      await page.screenshot({ path: join(docs, 'staff-case-desktop.png'), fullPage: true });
      await page.setViewport(PHONE);
      await page.reload({ waitUntil: 'load' });
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await page.screenshot({ path: join(docs, 'staff-case-360.png'), fullPage: true });
      await page.setViewport(DESKTOP);

      // Every submission's answers, oldest first, each behind its own summary: closed until opened with the keyboard,
      // then read in words (titles, choice titles, groups, scores with their bands) and by axe.
      expect(await page.$$eval('details.submission', (list) => list.map((details) => details.hasAttribute('open')))).toEqual([false, false, false, false, false]);
      await page.focus('details.submission summary');
      await page.keyboard.press('Enter');
      const intakeAnswers = await page.$eval('details.submission', (e) => ({ open: e.hasAttribute('open'), text: e.textContent ?? '' }));
      expect(intakeAnswers.open).toBe(true);
      for (const words of ['Request for services', 'Preferred languageEspañol', 'What do you need help with?Housing and Food', 'How can we reach you?Phone+1 555 0142']) expect(intakeAnswers.text).toContain(words);
      expect(await page.$$eval('details.submission', (list) => list[1]!.textContent)).toContain('PHQ-9 total: 7 (Mild)');
      await expectAccessible(page, 'the case page with an intake\'s answers open');

      // Services start (through the API), and every staff form an active case can take from a case manager is read by
      // axe, empty and sent empty: review, termination, discharge, the instruments and consent. Legal hold is a
      // supervisor's or an agency admin's (roles per form), so the case manager is not offered it.
      const started = await fetch(`${stack.url}/agencies/demo/cases/${caseId}/forms/service-start/submissions`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(demoExample('service-start')) });
      expect(started.status).toBe(201);
      await page.goto(`${stack.url}/staff/demo/cases/${caseId}`, { waitUntil: 'load' });
      const forms = await page.$$eval('.moves a', (links) => links.map((link) => link.getAttribute('href')!));
      expect(forms.map((href) => href.split('/').at(-1)).sort()).toEqual(['discharge', 'gad-7', 'phq-9', 'release-of-information', 'review', 'termination']);
      for (const href of forms) {
        await page.goto(`${stack.url}${href}`, { waitUntil: 'load' });
        await expectAccessible(page, href);
        const [sent] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button.primary')]);
        expect(sent!.status(), href).toBe(422);
        await expectAccessible(page, `${href} sent empty`);
      }
    } finally {
      await page.close();
    }
  });

  it('signs the case manager out, and shows a supervisor the exports page and the legal hold form without WCAG 2.1 AA violations', async () => {
    const page = await chrome.browser.newPage();
    await page.setViewport(DESKTOP);
    try {
      // The browser still has the case manager's session from the test above: signing out ends it.
      await page.goto(`${stack.url}/staff/demo/cases`, { waitUntil: 'load' });
      expect(new URL(page.url()).pathname).toBe('/staff/demo/cases');
      await tabTo(page, 'button Sign out');
      await press(page, 'Enter');
      expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
      await page.goto(`${stack.url}/staff/demo/cases`, { waitUntil: 'load' });
      expect(new URL(page.url()).pathname).toBe('/staff/sign-in');

      await page.goto(`${stack.url}/staff/sign-in?start=1`, { waitUntil: 'load' });
      await page.click('#role-supervisor');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button.primary')]);
      await page.goto(`${stack.url}/staff/demo/exports`, { waitUntil: 'load' });
      expect(await page.$eval('h1', (e) => e.textContent)).toBe('Exports');
      await expectAccessible(page, 'the exports page');

      // Legal hold is offered to a supervisor (roles per form) and its form, empty and sent empty, is read by axe too.
      const intake = await post(stack, '/agencies/demo/forms/intake/submissions', { body: JSON.stringify(demoExample()) });
      const caseId = (intake.json as { caseId: string }).caseId;
      await page.goto(`${stack.url}/staff/demo/cases/${caseId}`, { waitUntil: 'load' });
      const offered = await page.$$eval('.moves a', (links) => links.map((link) => link.getAttribute('href')!.split('/').at(-1)));
      expect(offered).toContain('legal-hold');
      await page.goto(`${stack.url}/staff/demo/cases/${caseId}/forms/legal-hold`, { waitUntil: 'load' });
      await expectAccessible(page, 'the legal hold form');
      const [sent] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button.primary')]);
      expect(sent!.status()).toBe(422);
      await expectAccessible(page, 'the legal hold form sent empty');
    } finally {
      await page.close();
    }
  });
});
