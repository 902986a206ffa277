import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HTTPResponse, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { bucketKeys, itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { axeViolations, describeViolations, launchTestBrowser, type TestBrowser } from '../support/browser.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// The public intake page in a real browser (the Chromium the document worker uses), as a client uses it: read by
// axe-core against WCAG 2.1 AA, filled in and sent with the keyboard alone, and photographed for docs/.
const PAGE = '/intake/demo/intake';
const DESKTOP = { width: 1280, height: 900, deviceScaleFactor: 1 };
const PHONE = { width: 360, height: 740, deviceScaleFactor: 1 };

/**
 * An element named for a test (page-side JavaScript, passed as text so that nothing the transpiler adds reaches the
 * page): `a <href>`, `button submit` or `button <value>`, `<name>=<value>` for a checkbox or radio, else its name.
 */
const NAME_OF_ELEMENT = `(e) => {
  if (!e || e === document.body) return 'body';
  const tag = e.tagName.toLowerCase();
  if (tag === 'a') return 'a ' + e.getAttribute('href');
  if (tag === 'button') return 'button ' + (e.classList.contains('primary') ? 'submit' : (e.getAttribute('value') || e.textContent.trim()));
  if (e.type === 'checkbox' || e.type === 'radio') return e.getAttribute('name') + '=' + e.getAttribute('value');
  return e.getAttribute('name') || tag;
}`;

describe('the intake page in a browser', () => {
  let stack: LocalStack;
  let chrome: TestBrowser;
  /** Every request any page of this file made, to check that none left the stack's origin. */
  const requests: Array<{ readonly page: string; readonly method: string; readonly url: string; readonly origin: string | undefined }> = [];

  beforeAll(async () => {
    stack = await startTestStack();
    chrome = await launchTestBrowser();
  });

  afterAll(async () => {
    await chrome?.close();
    await stack?.stop();
  });

  async function openPage(viewport = DESKTOP, { bypassCsp = false } = {}): Promise<Page> {
    const page = await chrome.browser.newPage();
    await page.setViewport(viewport);
    if (bypassCsp) await page.setBypassCSP(true);
    page.on('request', (request) => requests.push({ page: page.url(), method: request.method(), url: request.url(), origin: request.headers().origin }));
    return page;
  }

  /**
   * axe-core on the page as it stands. The pages' Content-Security-Policy allows only the page's own hashed script and
   * no Trusted Types; axe's source goes in through DevTools, and the pages axe reads are opened with the CSP bypassed
   * (as @axe-core/puppeteer does): the same HTML, the page's own script runs either way, and the style block applies
   * either way (the photographing test checks it does under the real CSP).
   */
  async function expectNoViolations(page: Page, what: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations, `axe found WCAG 2.1 AA violations on ${what}:\n${describeViolations(violations)}`).toEqual([]);
  }

  /** axe on the page a client has in front of them, as it stands: its DOM copied into a page without the CSP. */
  async function expectNoViolationsInCopy(page: Page, what: string): Promise<void> {
    const copy = await openPage(DESKTOP, { bypassCsp: true });
    try {
      await copy.setContent(await page.content(), { waitUntil: 'load' });
      await expectNoViolations(copy, what);
    } finally {
      await copy.close();
    }
  }

  /** What has focus, named as a person tabbing through the form would tell the controls apart. */
  const focused = (page: Page): Promise<string> => page.evaluate(`(${NAME_OF_ELEMENT})(document.activeElement)`) as Promise<string>;

  /** The page's tabbable elements in document order, named as `focused` names them (not those the page hides: a file question's parts for the other mode). */
  const tabbable = (page: Page): Promise<string[]> => page.evaluate(`[...document.querySelectorAll('a[href],input,select,textarea,button')]
    .filter((e) => e.type !== 'hidden' && e.getAttribute('tabindex') !== '-1' && !e.disabled && e.getClientRects().length > 0)
    .map(${NAME_OF_ELEMENT})`) as Promise<string[]>;

  /** Presses Tab (or Shift+Tab) until `target` has focus; returns every stop on the way, the target last. */
  async function tabTo(page: Page, target: string, { backwards = false, max = 60 } = {}): Promise<string[]> {
    const stops: string[] = [];
    for (let i = 0; i < max; i += 1) {
      if (backwards) await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      if (backwards) await page.keyboard.up('Shift');
      const now = await focused(page);
      // A date input's day, month and year are stops of their own: one element all the same.
      if (stops.at(-1) !== now) stops.push(now);
      if (now === target) return stops;
    }
    throw new Error(`${target} not reached with ${backwards ? 'Shift+' : ''}Tab; stops: ${stops.join(' → ')}`);
  }

  const valueOf = (page: Page, name: string) => page.evaluate(`document.querySelector('[name="${name}"]').value`) as Promise<string>;

  /** Presses `key` on what has focus, waits for the page it leads to, and checks its status. */
  async function submitWith(page: Page, key: 'Enter' | 'Space', status: number): Promise<HTTPResponse> {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
    const sent = requests.findLast((request) => request.method === 'POST');
    const title = await page.title();
    expect(response!.status(), `the browser's POST (Origin: ${sent?.origin}) was answered "${title}"`).toBe(status);
    return response!;
  }

  it('has no WCAG 2.1 AA violations empty in English and in Arabic, and sent empty', async () => {
    const page = await openPage(DESKTOP, { bypassCsp: true });
    try {
      const english = await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      expect(english!.status()).toBe(200);
      await expectNoViolations(page, 'the empty form in English');
      // axe does look: the same page with one label taken away fails.
      await page.evaluate(`document.querySelector('label[for="f--givenName"]').remove()`);
      expect((await axeViolations(page)).map((violation) => violation.targets)).toContainEqual(['#f--givenName']);

      const arabic = await page.goto(`${stack.url}${PAGE}?lang=ar`, { waitUntil: 'load' });
      expect(arabic!.status()).toBe(200);
      expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual(['ar', 'rtl']);
      await expectNoViolations(page, 'the empty form in Arabic');

      // Sent with nothing filled in: every required field in error, the summary on top.
      await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      await tabTo(page, 'button submit');
      await submitWith(page, 'Enter', 422);
      expect(await page.$$eval('[aria-invalid="true"]', (list) => list.length)).toBeGreaterThanOrEqual(5);
      await expectNoViolations(page, 'the form sent empty');
    } finally {
      await page.close();
    }
  });

  it('is filled in and sent with the keyboard alone, through an error, to one stored case and one emailed PDF', async () => {
    const page = await openPage();
    try {
      const loaded = await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      expect(loaded!.status()).toBe(200);
      const order = await tabbable(page);
      expect(order).not.toContain('_hp');

      // The skip link comes first and moves the keyboard to the form.
      expect(await tabTo(page, 'a #form-start', { max: 1 })).toEqual(['a #form-start']);
      expect(await page.$eval('.skip', (e) => e.getBoundingClientRect().left >= 0)).toBe(true); // shown once focused
      await page.keyboard.press('Enter');
      const visited = await tabTo(page, '/givenName', { max: 1 });
      expect(visited).toEqual(['/givenName']);
      /** The stops of one Tab walk after another: a date input's day, month and year are one control. */
      const walk = (stops: readonly string[]) => visited.push(...stops.filter((stop, i) => i > 0 || stop !== visited.at(-1)));

      // Focus can be seen: the focused control has an outline (or a ring drawn by box-shadow).
      const ring = await page.evaluate(`(({ outlineStyle, boxShadow }) => ({ outline: outlineStyle, shadow: boxShadow }))(getComputedStyle(document.activeElement))`) as { outline: string; shadow: string };
      expect(ring.outline !== 'none' || ring.shadow !== 'none', JSON.stringify(ring)).toBe(true);

      await page.keyboard.type('Zoë');
      // The family name is left empty on purpose.
      walk(await tabTo(page, '/dateOfBirth'));
      // With JavaScript the family name, left empty, says so as soon as it is left; the page still goes to the server.
      await page.waitForSelector('#f--familyName[aria-invalid="true"]', { timeout: 10_000 });
      await page.keyboard.type('03091984');
      walk(await tabTo(page, '/preferredLanguage'));
      await page.keyboard.type('Esp'); // a closed select picks the option its typed name begins with
      walk(await tabTo(page, '/contact/phone'));
      await page.keyboard.type('+1 555 0142');
      walk(await tabTo(page, '/needs=housing'));
      await page.keyboard.press('Space');
      walk(await tabTo(page, '/needs=food'));
      await page.keyboard.press('Space');
      walk(await tabTo(page, '/consentToContact=true'));
      await page.keyboard.press('Space');
      walk(await tabTo(page, 'button submit'));

      // Tab went through every control in the order of the page, and never into the honeypot.
      const formOrder = order.slice(order.indexOf('/givenName'));
      expect(visited).toEqual(formOrder);
      // Shift+Tab goes back the same way.
      const back = await tabTo(page, '/givenName', { backwards: true });
      expect(back).toEqual(formOrder.slice(0, -1).reverse());
      await tabTo(page, 'button submit');

      expect(await valueOf(page, '/dateOfBirth')).toBe('1984-03-09');
      expect(await valueOf(page, '/preferredLanguage')).toBe('es');
      expect(await page.$$eval('input:checked', (list) => list.map((e) => `${e.getAttribute('name')}=${e.getAttribute('value')}`)))
        .toEqual(['/needs=housing', '/needs=food', '/consentToContact=true']);

      await submitWith(page, 'Space', 422);
      expect(await page.title()).toMatch(/^Error: /);
      const summary = await page.$eval('#error-summary', (e) => ({ role: e.getAttribute('role'), text: e.textContent ?? '', links: [...e.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent })) }));
      expect(summary.role).toBe('alert');
      expect(summary.links).toHaveLength(1);
      expect(summary.links[0]!.href).toBe('#f--familyName');
      expect(summary.links[0]!.text).toMatch(/Family name/);
      expect(await page.$eval('#f--familyName', (e) => [e.getAttribute('aria-invalid'), e.getAttribute('aria-describedby')])).toEqual(['true', 'f--familyName-error']);
      expect(await valueOf(page, '/givenName')).toBe('Zoë');
      await expectNoViolationsInCopy(page, 'the form with one field in error');

      // The summary's link, followed with the keyboard, puts the cursor in the field.
      await tabTo(page, 'a #f--familyName');
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe('/familyName');
      await page.keyboard.type('Núñez-Øberg');
      await tabTo(page, 'button submit');
      await submitWith(page, 'Enter', 201);
      expect(await page.$eval('h1', (e) => e.textContent)).toBe('Thank you. We have your request.');
      const reference = await page.$eval('.reference strong', (e) => e.textContent ?? '');
      expect(reference).toMatch(/^[0-9a-f]{8}$/);
      await expectNoViolationsInCopy(page, 'the confirmation page');

      // Believed from the emulator, not from the page: one case, its raw submission in the bucket with what was typed.
      const items = await tableItems(stack.resources.tableName);
      const cases = itemsOfType(items, 'case').filter((item) => String(item.caseId).startsWith(reference));
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ agencyId: 'demo', state: 'intake' });
      const submission = itemsOfType(items, 'submission').find((item) => item.submissionId === cases[0]!.intakeSubmissionId);
      expect(submission).toBeDefined();
      expect(await bucketKeys(stack.resources.bucketName)).toContain(submission!.rawKey);
      const raw = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: stack.resources.bucketName, Key: String(submission!.rawKey) }));
      expect(JSON.parse(await raw.Body!.transformToString('utf8'))).toEqual({
        givenName: 'Zoë', familyName: 'Núñez-Øberg', dateOfBirth: '1984-03-09', preferredLanguage: 'es',
        // No email address: whether email is safe was not asked (dependentRequired), so no answer to it is stored.
        contact: { phone: '+1 555 0142' }, hasDependents: false, needs: ['housing', 'food'], consentToContact: true,
      });

      const mail = await waitFor(async () => {
        const messages = await mailboxOf(stack);
        return messages.find((message) => message.subject.includes(reference));
      }, 45_000, `the intake email of case ${reference}`);
      expect(mail.attachments.some((file) => file.contentType === 'application/pdf')).toBe(true);
    } finally {
      await page.close();
    }
  });

  /** Whether the page is still the document it was (no navigation happened): a mark left on its window survives. */
  const markDocument = (page: Page) => page.evaluate('window.sameDocument = true');
  const sameDocument = (page: Page) => page.evaluate('window.sameDocument === true') as Promise<boolean>;

  it('with JavaScript, shows the dependents only once "Do children…" is ticked, disabled and hidden until then', async () => {
    // The real CSP: the script runs because its hash is allowed.
    const page = await openPage();
    try {
      await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      const section = () => page.evaluate(`(() => {
        const box = document.getElementById('f--dependents');
        const controls = [...box.querySelectorAll('input,select,textarea,button')];
        return { hidden: box.hidden, shown: box.getBoundingClientRect().height > 0, disabled: controls.length > 0 && controls.every((e) => e.matches(':disabled')), enabled: controls.every((e) => !e.matches(':disabled')) };
      })()`) as Promise<{ hidden: boolean; shown: boolean; disabled: boolean; enabled: boolean }>;

      expect(await section()).toEqual({ hidden: true, shown: false, disabled: true, enabled: false });
      expect(await tabbable(page)).not.toContain('/dependents/0/name');
      await markDocument(page);

      // Ticked with the keyboard: the section appears, and Tab goes into it next.
      await tabTo(page, '/hasDependents=true');
      await page.keyboard.press('Space');
      expect(await section()).toEqual({ hidden: false, shown: true, disabled: false, enabled: true });
      expect(await tabTo(page, '/dependents/0/name', { max: 1 })).toEqual(['/dependents/0/name']);
      await expectNoViolationsInCopy(page, 'the form with the dependents shown by its script');

      // Unticked again: hidden, and nothing in it would be sent.
      await tabTo(page, '/hasDependents=true', { backwards: true });
      await page.keyboard.press('Space');
      expect(await section()).toEqual({ hidden: true, shown: false, disabled: true, enabled: false });
      expect(await page.evaluate(`[...new FormData(document.getElementById('form-start')).keys()].filter((name) => name.startsWith('/dependents'))`)).toEqual([]);
      expect(await sameDocument(page)).toBe(true);
      await expectNoViolationsInCopy(page, 'the form with the dependents hidden again');
    } finally {
      await page.close();
    }
  });

  it('with JavaScript, shows the server validator\'s error beside a field once the client leaves it, without loading a page', async () => {
    const page = await openPage();
    try {
      await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      await markDocument(page);
      const email = () => page.evaluate(`(() => {
        const e = document.getElementById('f--contact--email');
        return { invalid: e.getAttribute('aria-invalid'), describedBy: e.getAttribute('aria-describedby'), error: document.getElementById('f--contact--email-error')?.textContent ?? null };
      })()`) as Promise<{ invalid: string | null; describedBy: string | null; error: string | null }>;

      await page.focus('#f--contact--email');
      await page.keyboard.type('not-an-email');
      await page.keyboard.press('Tab');
      await page.waitForSelector('#f--contact--email[aria-invalid="true"]', { timeout: 10_000 });

      // The message is the server validator's, word for word, as /check gives it and as sending the page would show it.
      const checked = await fetch(`${stack.url}${PAGE}/check`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
        body: new URLSearchParams([['_lang', 'en'], ['/contact/email', 'not-an-email']]).toString(),
      });
      const expected = ((await checked.json()) as { errors: Array<{ pointer: string; message: string }> }).errors.find((error) => error.pointer === '/contact/email')!.message;
      expect(await email()).toEqual({ invalid: 'true', describedBy: 'f--contact--email-error', error: `Error: ${expected}` });
      // Fields the client has not been through say nothing yet, required or not.
      expect(await page.$('#f--familyName-error')).toBeNull();
      expect(await page.$eval('#f--familyName', (e) => e.getAttribute('aria-invalid'))).toBeNull();
      expect(await page.$eval('#check-status', (e) => [e.getAttribute('aria-live'), e.textContent])).toEqual(['polite', 'Answers to correct: 1']);
      expect(await sameDocument(page)).toBe(true);
      await expectNoViolationsInCopy(page, 'the form with an inline error');

      // Corrected: the error goes, and so does the mark.
      await page.focus('#f--contact--email');
      await page.keyboard.down('Control');
      await page.keyboard.press('KeyA');
      await page.keyboard.up('Control');
      await page.keyboard.type('zoe@example.org');
      await page.keyboard.press('Tab');
      await page.waitForSelector('#f--contact--email:not([aria-invalid])', { timeout: 10_000 });
      expect(await email()).toEqual({ invalid: null, describedBy: null, error: null });
      expect(await page.$eval('#check-status', (e) => e.textContent)).toBe('Answers to correct: 0');
      expect(await sameDocument(page)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('fits a 360 px screen without sideways scrolling, and is photographed for docs/ at 1280 and 360 px', async () => {
    mkdirSync(join(projectRoot, 'docs'), { recursive: true });
    const page = await openPage(DESKTOP);
    try {
      await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      // The inline style sheets ran under the Content-Security-Policy (their hashes match): the header wears the demo's
      // branding.primaryColor (#1f4e79) from its --brand block, and the Noto fonts loaded.
      expect(await page.evaluate(`getComputedStyle(document.querySelector('header.site')).backgroundColor`)).toBe('rgb(31, 78, 121)');
      await page.screenshot({ path: join(projectRoot, 'docs', 'intake-desktop.png'), fullPage: true });

      await page.setViewport(PHONE);
      for (const lang of ['en', 'ar']) {
        await page.goto(`${stack.url}${PAGE}?lang=${lang}`, { waitUntil: 'load' });
        expect(await page.evaluate('document.documentElement.scrollWidth'), `${lang} at 360 px`).toBeLessThanOrEqual(360);
        if (lang === 'en') {
          // The viewport again before the shot: a full-page screenshot must not reflow the page wider than the phone.
          await page.setViewport(PHONE);
          await page.screenshot({ path: join(projectRoot, 'docs', 'intake-360.png'), fullPage: true });
        }
      }
    } finally {
      await page.close();
    }
  });

  it('asks for nothing outside its own origin, the form and the confirmation alike', () => {
    const origin = new URL(stack.url).origin;
    expect(requests.some((r) => r.method === 'GET' && r.url.startsWith(`${origin}${PAGE}`))).toBe(true);
    expect(requests.some((r) => r.method === 'POST' && r.url === `${origin}${PAGE}`)).toBe(true);
    // data: URLs never leave the browser (Chromium draws its date picker's icon from one).
    const elsewhere = requests.filter((r) => !r.url.startsWith('data:') && new URL(r.url).origin !== origin);
    expect(elsewhere, elsewhere.map((r) => `${r.method} ${r.url} (from ${r.page})`).join('\n')).toEqual([]);
  });
});
