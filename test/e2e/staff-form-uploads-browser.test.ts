import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { expectAccessible, finishedUploads, fitsThePhone, launchTestBrowser, PHONE, recordRequests, type TestBrowser, watchUploadProgress } from '../support/browser.ts';
import { signIn } from '../support/staff-session.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { formsDirWithTenancy } from '../support/upload-pack.ts';
import { waitFor } from '../support/wait.ts';

// A case manager attaches files on a staff form in a real Chromium at 360 px, in Spanish: with JavaScript (presigned,
// sent straight to the upload gate with progress, received, removed, attached again) and without it (the Documents
// form, the gate's redirect back through the staff receive route), then saves; the case's FILE# items are read from the
// table and the case page's Files section lists them. The pack is the tenancy one written for the upload tests
// (its staff form `income-check` takes one PDF payslip), not the demo.
const QUESTION = 'f--payslips';

interface CaseFileItem { readonly pk: string; readonly sk: string; readonly uploadId: string; readonly name: string; readonly contentType: string; readonly field: string; readonly formId: string; readonly size: number }

describe('files on a staff form, in a browser', () => {
  let stack: LocalStack;
  let chrome: TestBrowser;
  let cookies: Array<{ name: string; value: string; url: string }>;
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-staff-upload-files-'));
  const files = { march: join(dir, 'nómina marzo.pdf'), april: join(dir, 'nómina abril.pdf'), may: join(dir, 'nómina mayo.pdf') };

  beforeAll(async () => {
    stack = await startTestStack({ formsDir: formsDirWithTenancy(), documentWorker: false });
    chrome = await launchTestBrowser();
    // Real PDFs printed by the browser itself.
    const maker = await chrome.browser.newPage();
    for (const [month, file] of Object.entries(files)) {
      await maker.setContent(`<h1 style="font-family:sans-serif">Nómina · ${month}</h1>`);
      writeFileSync(file, await maker.pdf({ format: 'A5' }));
    }
    await maker.close();
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    cookies = [...jar.cookies].map(([name, value]) => ({ name, value, url: stack.url }));
  });

  afterAll(async () => {
    await chrome?.close();
    await stack?.stop();
  });

  async function openCase(fullName: string): Promise<string> {
    const opened = await post(stack, '/agencies/tenancy/forms/application/submissions', { body: JSON.stringify({ fullName }) });
    expect(opened.status).toBe(201);
    return (opened.json as { caseId: string }).caseId;
  }

  async function openForm(caseId: string, javaScript: boolean): Promise<Page> {
    const page = await chrome.browser.newPage();
    await page.setViewport(PHONE);
    await page.setJavaScriptEnabled(javaScript);
    await page.setCookie(...cookies);
    const opened = await page.goto(`${stack.url}/staff/tenancy/cases/${caseId}/forms/income-check?lang=es`, { waitUntil: 'load' });
    expect(opened!.status()).toBe(200);
    return page;
  }

  const attachedIds = (page: Page): Promise<string[]> =>
    page.evaluate(`[...document.querySelectorAll('#form-start input[type=hidden][name="/payslips"]')].map((input) => input.value)`) as Promise<string[]>;
  const isHidden = (page: Page, selector: string): Promise<boolean> => page.evaluate(`document.querySelector('${selector}').hidden`) as Promise<boolean>;
  const listedNames = (page: Page): Promise<string[]> => page.$$eval(`#${QUESTION}-files .file-name`, (names) => names.map((name) => name.textContent ?? ''));

  /** Ticks "income checked" and saves: the case page, with the case's files. */
  async function save(page: Page, caseId: string): Promise<void> {
    await page.click('#f--checked');
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button.primary')]);
    expect(response!.status(), await page.$eval('main', (main) => main.textContent ?? '')).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/staff/tenancy/cases/${caseId}`);
  }

  async function caseFiles(caseId: string): Promise<CaseFileItem[]> {
    const items = await tableItems(stack.resources.tableName);
    return (items as unknown as CaseFileItem[]).filter((item) => item.pk === keys.case('tenancy', caseId) && item.sk?.startsWith('FILE#'));
  }

  /** The names in the case page's Files section, once the scan has answered for `count` of them. */
  async function filesSection(page: Page, caseId: string, count: number): Promise<string[]> {
    await waitFor(async () => {
      const found = await caseFiles(caseId);
      return found.length === count && found.every((file) => (file as unknown as { scan: string }).scan === 'clean') ? found : undefined;
    }, 30_000, 'the case\'s files, linked and released as clean');
    await page.goto(`${stack.url}/staff/tenancy/cases/${caseId}`, { waitUntil: 'load' });
    return page.$$eval('section[aria-labelledby=files] tbody tr td:first-child', (cells) => cells.map((cell) => cell.textContent ?? ''));
  }

  it('with JavaScript: attaches with progress, removes, attaches again and saves; the case page lists the file', async () => {
    const caseId = await openCase('Rosa Díaz');
    const page = await openForm(caseId, true);
    const requests = recordRequests(page);
    try {
      // The script takes files in place: the Documents section (for pages without it) is hidden.
      expect(await isHidden(page, '#documents')).toBe(true);
      expect(await isHidden(page, `#${QUESTION} .upload-here`)).toBe(false);
      await watchUploadProgress(page, QUESTION);

      const input = (await page.$(`#${QUESTION}-input`))!;
      await input.uploadFile(files.march);
      await page.waitForFunction(`document.querySelectorAll('#${QUESTION}-files li').length === 1`, { timeout: 20_000 });
      expect(await listedNames(page)).toEqual(['nómina marzo.pdf']);
      expect(await page.$eval(`#${QUESTION}-refusal`, (p) => p.textContent)).toBe('');
      const finished = await finishedUploads(page);
      expect(finished).toHaveLength(1);
      expect(finished[0]![0]).toBe(finished[0]![1]);
      // Presigned and received on the staff form's own routes; the file itself went to the gate, not through them.
      const path = `/staff/tenancy/cases/${caseId}/forms/income-check/uploads`;
      expect(requests.filter((request) => request.startsWith(`POST ${stack.url}${path}`))).toHaveLength(2);
      expect(requests.filter((request) => request.startsWith(`POST ${stack.uploadGateUrl}`))).toHaveLength(1);
      const [removed] = await attachedIds(page);

      // Remove it (the question takes one file), then attach another.
      await (await page.$(`#${QUESTION}-files li button`))!.click();
      expect(await listedNames(page)).toEqual([]);
      expect(await page.$eval(`#${QUESTION}-status`, (p) => p.textContent)).toBe('Quitado: nómina marzo.pdf');
      await input.uploadFile(files.april);
      await page.waitForFunction(`document.querySelectorAll('#${QUESTION}-files li').length === 1`, { timeout: 20_000 });
      expect(await listedNames(page)).toEqual(['nómina abril.pdf']);
      const [kept] = await attachedIds(page);
      await expectAccessible(chrome.browser, page, 'the staff form with a file attached, in Spanish');
      expect(await fitsThePhone(page)).toBe('');

      await save(page, caseId);
      expect(await filesSection(page, caseId, 1)).toEqual(['nómina abril.pdf']);
      const stored = await caseFiles(caseId);
      expect(stored.map((file) => [file.uploadId, file.name, file.contentType, file.field, file.formId, file.size])).toEqual([[kept, 'nómina abril.pdf', 'application/pdf', '/payslips', 'income-check', readFileSync(files.april).length]]);
      expect(stored[0]!.uploadId).not.toBe(removed);
    } finally {
      await page.close();
    }
  });

  it('without JavaScript: attaches through the Documents form, which storage sends back to the staff form, and saves', async () => {
    const caseId = await openCase('Julia Pardo');
    const page = await openForm(caseId, false);
    try {
      expect(await isHidden(page, '#documents')).toBe(false);
      expect(await page.$eval('#documents h2', (h2) => h2.textContent)).toBe('Documentos');
      const version = await page.$eval('#form-start input[name=_version]', (input) => input.getAttribute('value'));
      await expectAccessible(chrome.browser, page, 'the staff form without JavaScript, in Spanish');
      expect(await fitsThePhone(page)).toBe('');

      await (await page.$(`#upload-${QUESTION}-file`))!.uploadFile(files.may);
      const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`#upload-${QUESTION} button[type=submit]`)]);
      expect(response!.status()).toBe(200);
      // Back on the staff form, in Spanish, at the case version it was opened at, the file attached.
      const back = new URL(page.url());
      expect(back.pathname).toBe(`/staff/tenancy/cases/${caseId}/forms/income-check`);
      expect(back.searchParams.get('lang')).toBe('es');
      expect(back.searchParams.get('version')).toBe(version);
      const ids = await attachedIds(page);
      expect(ids).toHaveLength(1);
      expect(back.searchParams.get('files')).toBe(ids[0]);
      expect(await page.$eval('#form-start input[name=_version]', (input) => input.getAttribute('value'))).toBe(version);
      // Storage keeps no name of a browser form's file: it is named by its kind.
      expect(await listedNames(page)).toEqual(['document.pdf']);
      expect(await page.$$eval(`#upload-${QUESTION} form`, (forms) => forms.length)).toBe(0);
      await expectAccessible(chrome.browser, page, 'the staff form without JavaScript, a file attached');

      await save(page, caseId);
      expect(await filesSection(page, caseId, 1)).toEqual(['document.pdf']);
      const stored = await caseFiles(caseId);
      expect(stored.map((file) => [file.uploadId, file.contentType, file.field, file.size])).toEqual([[ids[0], 'application/pdf', '/payslips', readFileSync(files.may).length]]);
    } finally {
      await page.close();
    }
  });
});
