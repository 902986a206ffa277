import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formVersion } from '../../functions/domain/forms/catalog.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { expectAccessible, fitsThePhone, launchTestBrowser, PHONE, type TestBrowser } from '../support/browser.ts';
import { formsDirWithLakeside, LAKESIDE_INTAKE, LAKESIDE_SPANISH } from '../support/lakeside-pack.ts';
import { signIn } from '../support/staff-session.ts';
import { startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';
import { pdffonts, pdftotext } from '../support/pdf-tools.ts';

// Issue 21's "Done when", in a real Chromium at 360 px: Lakeside's admin (an agency written in the test, English and
// Spanish) adds a choice question with a conditional section to the intake, and its Spanish words; sees the linter's
// problems with their places and fixes them; previews the page in Spanish and the intake summary PDF; publishes; a
// client submits on the new version; the admin rolls back; a client submits on the old one. axe checks every studio page.
const STUDIO = '/staff/lakeside/studio';

const newIntake = structuredClone(LAKESIDE_INTAKE) as typeof LAKESIDE_INTAKE & Record<string, unknown>;
Object.assign(newIntake.properties, {
  contactPreference: { title: 'How should we reach you?', type: 'string', oneOf: [{ const: 'phone', title: 'A phone call' }, { const: 'letter', title: 'A letter' }] },
  letter: {
    title: 'Where should we write to you?', type: 'object', additionalProperties: false, required: ['street', 'city'],
    properties: { street: { title: 'Street and number', type: 'string', minLength: 1, maxLength: 200 }, city: { title: 'Town or city', type: 'string', minLength: 1, maxLength: 100 } },
  },
});
Object.assign(newIntake, {
  if: { properties: { contactPreference: { const: 'letter' } }, required: ['contactPreference'] },
  then: { required: ['letter'] },
  examples: [{ ...LAKESIDE_INTAKE.examples[0], contactPreference: 'letter', letter: { street: 'Calle Mayor 4', city: 'Duluth' } }],
});
const newIntakeText = `${JSON.stringify(newIntake, null, 2)}\n`;
const newSpanish = structuredClone(LAKESIDE_SPANISH);
Object.assign(newSpanish.forms.intake.fields, {
  '/contactPreference': '¿Cómo prefiere que le contactemos?', '/contactPreference#phone': 'Una llamada', '/contactPreference#letter': 'Una carta',
  '/letter': '¿A dónde le escribimos?', '/letter/street': 'Calle y número', '/letter/city': 'Ciudad o pueblo',
});

let stack: LocalStack;
let chrome: TestBrowser;
let page: Page;
beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithLakeside() });
  chrome = await launchTestBrowser();
  page = await chrome.browser.newPage();
  await page.setViewport(PHONE);
  const { jar } = await signIn(stack, 'agency-admin', { agencyId: 'lakeside', email: 'admin@lakeside.caseforms.test' });
  await page.setCookie(...[...jar.cookies].map(([name, value]) => ({ name, value, url: stack.url })));
});
afterAll(async () => {
  await chrome?.close();
  await stack?.stop();
});

const open = async (path: string) => {
  const response = await page.goto(`${stack.url}${path}`, { waitUntil: 'load' });
  return response!.status();
};
const checked = async (what: string) => {
  await expectAccessible(chrome.browser, page, what);
  expect(await fitsThePhone(page), what).toBe('');
};
/** Puts `text` in the editor as a paste would, its last character typed, so the page's own check runs on input. */
async function pasteInto(text: string): Promise<void> {
  await page.$eval('#text', (area, value) => { (area as unknown as { value: string }).value = value; }, text.slice(0, -1));
  await page.focus('#text');
  await page.keyboard.press('End');
  await page.keyboard.type(text.slice(-1));
}
async function saveFile(path: string, text: string): Promise<void> {
  expect(await open(`${STUDIO}/file?path=${encodeURIComponent(path)}`)).toBe(200);
  await pasteInto(text);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form.editor button[type=submit]')]);
}
const served = async () => (await fetch(`${stack.url}/agencies/lakeside/forms/intake`)).headers.get('etag')?.replaceAll('"', '');
async function clientSends(withLetter: boolean): Promise<string> {
  const before = new Set(itemsOfType(await tableItems(stack.resources.tableName), 'submission').map((item) => item.submissionId));
  const client = await chrome.browser.newPage();
  await client.setViewport(PHONE);
  await client.goto(`${stack.url}/intake/lakeside/intake?lang=es`, { waitUntil: 'load' });
  await client.type('[name="/fullName"]', 'Marta Ruiz Olmedo');
  await client.type('[name="/phone"]', '+1 555 0100');
  if (withLetter) {
    await client.click('[name="/contactPreference"][value="letter"]');
    await client.type('[name="/letter/street"]', 'Calle Mayor 4');
    await client.type('[name="/letter/city"]', 'Duluth');
  }
  await client.click('[name="/consent"][value="true"]');
  await Promise.all([client.waitForNavigation({ waitUntil: 'load' }), client.click('form button[type=submit]')]);
  await client.close();
  const stored = await waitFor(async () => itemsOfType(await tableItems(stack.resources.tableName), 'submission')
    .find((item) => item.agencyId === 'lakeside' && !before.has(item.submissionId)), 15_000, 'the client\'s submission');
  return stored.submissionId as string;
}
const versionOf = async (submissionId: string) => itemsOfType(await tableItems(stack.resources.tableName), 'submission').find((item) => item.submissionId === submissionId)?.formVersion;

describe('an agency admin changes the intake in the studio', () => {
  let firstSubmission = '';
  it('edits, fixes what the linter finds, previews, publishes, and a client submits on the new version', { timeout: 240_000 }, async () => {
    expect(await open(STUDIO)).toBe(200);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Form studio');
    await checked('the studio');
    expect(await open(`${STUDIO}?lang=es`)).toBe(200);
    expect(await page.$eval('html', (e) => e.getAttribute('lang'))).toBe('es');
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Estudio de formularios');
    await checked('the studio in Spanish');
    await open(`${STUDIO}?lang=en`);

    // A syntax mistake is shown as it is typed, with its line and column.
    expect(await open(`${STUDIO}/file?path=forms/intake.json`)).toBe(200);
    await checked('the editor');
    await pasteInto(newIntakeText.replace('"oneOf": [', '"oneOf": [,'));
    await page.waitForFunction(`document.querySelector('#text-syntax').textContent.startsWith('Line ')`, { timeout: 5_000 });
    const syntax = await page.$eval('#text-syntax', (e) => e.textContent!);
    const brokenLine = newIntakeText.split('\n').findIndex((line) => line.includes('"oneOf": [')) + 1;
    expect(syntax).toMatch(new RegExp(`^Line ${brokenLine}, column \\d+: this is not valid JSON here\\.$`));
    expect(await page.$eval('#text', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    await pasteInto(newIntakeText);
    await page.waitForFunction(`document.querySelector('#text-syntax').textContent === 'The JSON is well formed.'`, { timeout: 5_000 });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form.editor button[type=submit]')]);
    expect(await page.$eval('.notice', (e) => e.textContent)).toBe('Saved to the draft (revision 1).');

    // The linter asks for the new question's Spanish words, each where it belongs.
    await open(STUDIO);
    const problems = await page.$$eval('#problem-list li', (list) => list.map((e) => e.textContent!.replace(/\s+/g, ' ')));
    expect(problems.length).toBeGreaterThanOrEqual(4);
    for (const key of ['~1contactPreference', '~1letter~1street', '~1letter~1city']) {
      expect(problems.find((problem) => problem.includes(`/forms/intake/fields/${key}`)), key).toMatch(/^locales\/es\.json, line \d+, column \d+ /);
    }
    await checked('the studio with problems');
    // Publishing now is refused, with every problem and nothing changed.
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action$="/publish"] button')]);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Not published');
    expect(await page.$$eval('#refused-list li', (list) => list.length)).toBe(problems.filter((problem) => !problem.includes('Warning:')).length);
    await checked('the refused publish');
    await saveFile('locales/es.json', JSON.stringify(newSpanish, null, 2));
    await open(STUDIO);
    expect(await page.$eval('#draft', (e) => e.parentElement!.textContent)).toContain('No problems found');

    // The preview: the Spanish page with the new question, and the intake summary as a PDF.
    expect(await open(`${STUDIO}/preview/intake?lang=es`)).toBe(200);
    expect(await page.content()).toContain('¿Cómo prefiere que le contactemos?');
    await checked('the Spanish preview');
    const pdf = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type'), bytes: [...new Uint8Array(await response.arrayBuffer())] };
    }, `${stack.url}${STUDIO}/preview/intake/documents/intake-summary?lang=es`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const text = await pdftotext(Buffer.from(pdf.bytes));
    expect(text).toContain('Calle Mayor 4');
    expect(text).toMatch(/PREVIEW|VISTA PREVIA/);
    expect(await pdffonts(Buffer.from(pdf.bytes))).not.toMatch(/Type 3/);
    expect(await served()).toBe(formVersion(`${JSON.stringify(LAKESIDE_INTAKE, null, 2)}\n`));

    // Publish: the page says so, and the public form is the new version within the refresh. (The preview's language
    // was the admin's choice for the staff pages too: back to English.)
    await open(`${STUDIO}?lang=en`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action$="/publish"] button')]);
    expect(await page.$eval('.notice', (e) => e.textContent)).toMatch(/^Version [0-9a-f]{16} is live\./);
    await checked('the studio after publishing');
    await waitFor(async () => (await served()) === formVersion(newIntakeText) || undefined, 10_000, 'the new intake to be served');
    firstSubmission = await clientSends(true);
    expect(await versionOf(firstSubmission)).toBe(formVersion(newIntakeText));
  });

  it('compares, rolls back, and the next client submits on the old version; the first submission keeps its own', { timeout: 120_000 }, async () => {
    await open(STUDIO);
    const compare = await page.$eval('section[aria-labelledby="history"] td a', (e) => e.getAttribute('href')!);
    expect(await open(compare)).toBe(200);
    // From the deployed version to the live one: the new question and its section were added.
    expect(await page.$$eval('.diff-added code', (list) => list.map((e) => e.textContent))).toEqual(['/contactPreference', '/letter', '/letter/street', '/letter/city']);
    await checked('the comparison');
    await open(STUDIO);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('section[aria-labelledby="history"] form button')]);
    expect(await page.$eval('.notice', (e) => e.textContent)).toMatch(/^Version [0-9a-f]{16} is live again\./);
    const oldVersion = formVersion(`${JSON.stringify(LAKESIDE_INTAKE, null, 2)}\n`);
    await waitFor(async () => (await served()) === oldVersion || undefined, 10_000, 'the old intake to be served again');
    const second = await clientSends(false);
    expect(await versionOf(second)).toBe(oldVersion);
    expect(await versionOf(firstSubmission)).toBe(formVersion(newIntakeText));
    const history = await page.$$eval('section[aria-labelledby="history"] tbody tr', (rows) => rows.map((row) => row.textContent!.replace(/\s+/g, ' ')));
    expect(history[0]).toMatch(/Rolled back.*\(live\).*admin@lakeside\.caseforms\.test/);
    expect(history[1]).toMatch(/Published from the studio.*admin@lakeside\.caseforms\.test/);
  });
});
