import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/cases/notice-period.ts';
import type { LocalStack } from '../../local/stack.ts';
import { expectAccessible as expectAccessibleIn, fitsThePhone, launchTestBrowser, PHONE, type TestBrowser } from '../support/browser.ts';
import { signIn } from '../support/staff-session.ts';
import { post, startTestStack } from '../support/test-stack.ts';

// Issue 20's "Done when", walked in a real Chromium at 360 px with the keyboard alone (Tab to reach, keys to act): an
// intake arrives; a case manager finds it by part of the client's accented name typed without accents, reads the
// answers, logs a phone contact with a follow-up, sees it in "My follow-ups", records a PHQ-9 twice and sees the trend;
// a supervisor reassigns the case and links a second intake from the same person. Once in English, once in Spanish
// (chosen in the bar); axe-core checks every page on the way.
const TIME_ZONE = 'America/Chicago';
const JORDAN = 'dev-e0e455d9148cd2936a8d74b1';

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

const PEOPLE = {
  en: { givenName: 'José', familyName: 'Peña-Muñoz', typed: 'jose pena', dateOfBirth: '1979-05-14', phone: '+1 555 0171', situation: 'My lease ends on the 30th and I need help with housing.' },
  es: { givenName: 'Ángela', familyName: 'Núñez-Ibáñez', typed: 'angela nunez', dateOfBirth: '1986-10-02', phone: '+1 555 0172', situation: 'Mi contrato termina el 30 y necesito ayuda con la vivienda.' },
} as const;

/** Words each language's pages must show (and the other's they must not): the reader's language, not a mix. */
const WORDS = {
  en: { cases: 'Cases', state: 'Intake', followUps: 'My follow-ups', notEnglish: [] as string[] },
  es: { cases: 'Casos', state: 'Admisión', followUps: 'Mis seguimientos', notEnglish: ['Next steps', 'Timeline', 'Deliveries', 'Find a client', 'Save note', 'Sign out'] },
} as const;

async function intake(person: (typeof PEOPLE)[keyof typeof PEOPLE], email: string): Promise<string> {
  const response = await post(stack, '/agencies/demo/forms/intake/submissions', {
    body: JSON.stringify({
      givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth, preferredLanguage: 'es',
      contact: { phone: person.phone, email, emailIsSafe: true, address: '12 Elm Court, Springfield' },
      household: { size: 1, monthlyIncome: 900 }, hasDependents: false, needs: ['housing'], situation: person.situation, consentToContact: true,
    }),
  });
  expect(response.status).toBe(201);
  return (response.json as { caseId: string }).caseId;
}

/** Signs `page` in as someone else: the last person's cookies go (the test browser runs one profile). */
async function signInAs(page: Page, role: 'case-manager' | 'supervisor', email: string): Promise<void> {
  const { jar } = await signIn(stack, role, { agencyId: 'demo', email });
  await page.deleteCookie(...(await page.cookies(stack.url)));
  await page.setCookie(...[...jar.cookies].map(([name, value]) => ({ name, value, url: stack.url })));
}

/** Presses Tab until `selector` has the focus: proof it can be reached without a mouse. */
async function tabTo(page: Page, selector: string, most = 400): Promise<void> {
  for (let presses = 0; presses < most; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`${selector} cannot be reached with Tab on ${page.url()}`);
}

/** Enter on the focused link or button, and the page it leads to. */
async function enter(page: Page): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  return response?.status() ?? 0;
}

/** Arrow keys on a focused select until it holds `value` (a closed select changes with each press). */
async function chooseByKeys(page: Page, value: string): Promise<void> {
  for (let presses = 0; presses < 30; presses += 1) {
    if (await page.evaluate('document.activeElement.value') === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the focused select never held ${value}`);
}

/** A date field filled by typing its digits, as a keyboard user does (Chromium's en-US field order: month, day, year). */
async function typeDate(page: Page, day: string): Promise<void> {
  const [year, month, date] = day.split('-');
  await page.keyboard.type(`${month}${date}${year}`);
}

/** No WCAG 2.1 A/AA violation, and nothing wider than the phone (tables scroll in their own box). */
async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await fitsThePhone(page), `${what}: wider than the phone`).toBe('');
  await expectAccessibleIn(chrome.browser, page, what);
}

/** The page is in `locale`, and none of the other language's tell-tale phrases is left on it. */
async function expectLanguage(page: Page, locale: keyof typeof WORDS, what: string): Promise<void> {
  expect(await page.$eval('html', (e) => e.getAttribute('lang')), what).toBe(locale);
  const text = await page.$eval('body', (e) => (e as unknown as { innerText: string }).innerText);
  for (const phrase of WORDS[locale].notEnglish) expect(text, `${what} still says "${phrase}"`).not.toContain(phrase);
}

/** Picks the language in the bar, by keyboard; English is the demo's default and needs no pick. */
async function pickLanguage(page: Page, locale: keyof typeof WORDS): Promise<void> {
  if (locale === 'en') return;
  await tabTo(page, `a[hreflang="${locale}"]`);
  expect(await enter(page)).toBe(200);
}

describe.each(['en', 'es'] as const)('a case manager\'s and a supervisor\'s day with a case, in %s, by keyboard at 360 px', (locale) => {
  it('finds, reads, notes, follows up, scores twice, reassigns and links', async () => {
    const person = PEOPLE[locale];
    const words = WORDS[locale];
    const first = await intake(person, `first.${locale}@walk.test`);
    const second = await intake(person, `second.${locale}@walk.test`);
    const today = localDate(new Date(), TIME_ZONE);

    const page = await chrome.browser.newPage();
    await page.setViewport(PHONE);
    try {
      // The case manager finds the client by part of the name, typed without accents.
      await signInAs(page, 'case-manager', 'case-manager@demo.caseforms.test');
      await page.goto(`${stack.url}/staff/demo/cases`, { waitUntil: 'load' });
      await pickLanguage(page, locale);
      expect(await page.$eval('h1', (e) => e.textContent)).toBe(words.cases);
      await tabTo(page, '#q');
      await page.keyboard.type(person.typed);
      expect(await enter(page)).toBe(200);
      const found = await page.$$eval('tbody th a', (links) => links.map((link) => link.getAttribute('href')));
      expect(found).toEqual(expect.arrayContaining([`/staff/demo/cases/${first}`, `/staff/demo/cases/${second}`]));
      expect(await page.$eval('tbody', (e) => e.textContent)).toContain(`${person.givenName} ${person.familyName}`);
      await expectLanguage(page, locale, 'the search results');
      await expectAccessible(page, `the search results (${locale})`);

      // The case page: the client's name, and the intake's answers in words.
      await tabTo(page, `a[href="/staff/demo/cases/${first}"]`);
      expect(await enter(page)).toBe(200);
      expect(await page.$eval('h1', (e) => e.textContent)).toContain(`${person.givenName} ${person.familyName}`);
      expect(await page.$eval('.facts', (e) => e.textContent)).toContain(words.state);
      await tabTo(page, 'details.submission summary');
      await page.keyboard.press('Enter');
      expect(await page.$eval('details.submission', (e) => (e as unknown as { open: boolean }).open)).toBe(true);
      expect(await page.$eval('details.submission', (e) => (e as unknown as { innerText: string }).innerText)).toContain(person.situation);
      await expectLanguage(page, locale, 'the case page');
      await expectAccessible(page, `the case page (${locale})`);

      // A phone contact, with a follow-up today.
      // The form is open on a case with no notes yet; Enter on its summary opens it otherwise.
      if (!await page.$eval('details.add-note', (e) => (e as unknown as { open: boolean }).open)) {
        await tabTo(page, 'details.add-note summary');
        await page.keyboard.press('Enter');
      }
      await tabTo(page, '#note-contactType');
      await chooseByKeys(page, 'phone');
      await tabTo(page, '#note-contactedAt');
      const [year, month, date] = today.split('-');
      // Chromium's date-and-time field: month, day, year (a year may be longer, so an arrow moves on), hour, minute, AM.
      await page.keyboard.type(`${month}${date}${year}`);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.type('1200A');
      expect(await page.$eval('#note-contactedAt', (e) => (e as unknown as { value: string }).value)).toBe(`${today}T00:00`);
      await tabTo(page, '#note-narrative');
      await page.keyboard.type('Called about the lease; will call back with the housing list.');
      await tabTo(page, '#note-followUpOn');
      await typeDate(page, today);
      expect(await page.$eval('#note-followUpOn', (e) => (e as unknown as { value: string }).value)).toBe(today);
      await tabTo(page, '#note-form button[type=submit]');
      expect(await enter(page)).toBe(200);
      expect(new URL(page.url()).searchParams.get('note')).toBe('saved');
      expect(await page.$eval('#notes', (e) => e.parentElement!.textContent)).toContain('Called about the lease');

      // "My follow-ups": the case, due today.
      await tabTo(page, 'a[href="/staff/demo/follow-ups"]');
      expect(await enter(page)).toBe(200);
      expect(await page.$eval('h1', (e) => e.textContent)).toBe(words.followUps);
      expect(await page.$eval('#due-today', (e) => e.parentElement!.innerHTML)).toContain(`/staff/demo/cases/${first}`);
      await expectLanguage(page, locale, 'my follow-ups');
      await expectAccessible(page, `my follow-ups (${locale})`);

      // A PHQ-9 twice, from the case page, without moving the case: the trend has both totals.
      for (const answer of ['first-option', 'second-option'] as const) {
        await page.goto(`${stack.url}/staff/demo/cases/${first}`, { waitUntil: 'load' });
        await tabTo(page, `a[href="/staff/demo/cases/${first}/forms/phq-9"]`);
        expect(await enter(page)).toBe(200);
        await expectLanguage(page, locale, 'the PHQ-9 form');
        if (answer === 'first-option') await expectAccessible(page, `the PHQ-9 form (${locale})`);
        for (let item = 1; item <= 9; item += 1) {
          await tabTo(page, `input[type=radio][name="/q${item}"]`);
          // Space takes the first choice ("not at all", 0); an arrow moves to and takes the next ("several days", 1).
          await page.keyboard.press(answer === 'first-option' ? 'Space' : 'ArrowDown');
        }
        await tabTo(page, 'form button[type=submit]');
        expect(await enter(page)).toBe(200);
      }
      expect(await page.$eval('.facts', (e) => e.textContent)).toContain(words.state);
      expect(await page.$$eval('.trend tbody tr td:nth-child(2)', (cells) => cells.map((cell) => cell.textContent))).toEqual(['0', '9']);
      await expectAccessible(page, `the case page with the trend (${locale})`);

      // The supervisor hands the case to Jordan Lee, and links the second intake as the same person.
      await signInAs(page, 'supervisor', 'supervisor@demo.caseforms.test');
      const supervisor = page;
      await supervisor.goto(`${stack.url}/staff/demo/cases/${first}`, { waitUntil: 'load' });
      await pickLanguage(supervisor, locale);
      await tabTo(supervisor, '#assign-to');
      await chooseByKeys(supervisor, JORDAN);
      await tabTo(supervisor, `form[action="/staff/demo/assignments"] button[type=submit]`);
      expect(await enter(supervisor)).toBe(200);
      expect(await supervisor.$eval('#assign-heading', (e) => e.parentElement!.textContent)).toContain('Jordan Lee');
      await expectLanguage(supervisor, locale, 'the case page after assigning');

      await tabTo(supervisor, '.possible-matches form button[type=submit]');
      expect(await enter(supervisor)).toBe(200);
      expect(await supervisor.$eval('.person-cases', (e) => e.innerHTML)).toContain(`/staff/demo/cases/${second}`);
      await expectLanguage(supervisor, locale, 'the case page after linking');
      await expectAccessible(supervisor, `the supervisor's case page after linking (${locale})`);
      if (locale !== 'en') await supervisor.screenshot({ path: 'docs/staff-case-es-360.png', fullPage: true });
    } finally {
      await page.close();
    }
  }, 240_000);
});
