import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import type { SigningRecord } from '../../functions/domain/signatures/signing.ts';
import type { LocalStack } from '../../local/stack.ts';
import { expectAccessible, finishedUploads, fitsThePhone, launchTestBrowser, PHONE, recordRequests, type TestBrowser, watchUploadProgress } from '../support/browser.ts';
import { harborExample } from '../support/case-entries.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { signIn } from '../support/staff-session.ts';
import { staffToken } from '../support/staff-tokens.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// The paper signature's scan uploaded on the signing page in a real browser at 360 px, in French, for Harbor (its care
// plan signed by the client alone, as this test declares: the paper signature is the last step and seals it). With
// JavaScript the scan is attached in place with its progress; without it, through the Documents form and storage's
// redirect back to the page. axe on each page.
const QUESTION = 'client-paperScan';
let stack: LocalStack;
let chrome: TestBrowser;
let store: DynamoSigningStore;
let cookies: Array<{ name: string; value: string; url: string }>;
const dir = mkdtempSync(join(tmpdir(), 'caseforms-paper-scans-'));
const scan = join(dir, 'plan-signé-lucie.pdf');

beforeAll(async () => {
  const forms = formsDirWithHarbor();
  const agencyFile = join(forms, 'harbor', 'agency.json');
  const agency = JSON.parse(readFileSync(agencyFile, 'utf8'));
  agency.signatures = { documents: { 'care-plan': { signers: [{ role: 'client', intent: 'agree' }] } } };
  writeFileSync(agencyFile, JSON.stringify(agency, null, 2));
  stack = await startTestStack({ formsDir: forms });
  store = new DynamoSigningStore(stack.resources.tableName);
  chrome = await launchTestBrowser();
  // A real PDF, printed by the browser itself.
  const maker = await chrome.browser.newPage();
  await maker.setContent('<h1 style="font-family:sans-serif">Plan d’accompagnement · signé</h1>');
  writeFileSync(scan, await maker.pdf({ format: 'A5' }));
  await maker.close();
  const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
  cookies = [...jar.cookies].map(([name, value]) => ({ name, value, url: stack.url }));
});
afterAll(async () => {
  await chrome?.close();
  await stack?.stop();
});

/** A Harbor case with a care plan awaiting the client's signature: its signing page's path and document. */
async function carePlanAwaiting(): Promise<{ caseId: string; documentId: string; path: string }> {
  const caseId = ((await post(stack, '/agencies/harbor/forms/intake/submissions', { body: JSON.stringify(harborExample()), headers: harborApiKeyHeader })).json as { caseId: string }).caseId;
  const advocate = await staffToken('harbor', ['case-manager'], 'lea@harbor.example');
  expect((await submitStaffForm(stack, advocate, 'harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' })).status).toBe(201);
  expect((await submitStaffForm(stack, advocate, 'harbor', caseId, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' })).status).toBe(201);
  const [opened] = await waitFor(async () => {
    const records = await store.listSignings('harbor', caseId);
    return records.length > 0 ? records : undefined;
  }, 60_000, 'the signing record');
  const documentId = opened!.record.documentId;
  return { caseId, documentId, path: `/staff/harbor/cases/${caseId}/signatures/${documentId}` };
}

async function openPage(path: string, javaScript: boolean): Promise<Page> {
  const page = await chrome.browser.newPage();
  await page.setViewport(PHONE);
  await page.setJavaScriptEnabled(javaScript);
  await page.setCookie(...cookies);
  await page.goto(`${stack.url}${path}?lang=fr`, { waitUntil: 'load' });
  return page;
}

const isHidden = (page: Page, selector: string): Promise<boolean> => page.evaluate(`document.querySelector('${selector}').offsetParent === null`) as Promise<boolean>;
const attachedIds = (page: Page) => page.$$eval(`#${QUESTION}-files input[type=hidden]`, (inputs) => inputs.map((input) => input.getAttribute('value') ?? ''));

/** Records the paper signature with the scan attached, and waits for the sealed record. */
async function recordAndSeal(page: Page, caseId: string, documentId: string): Promise<SigningRecord> {
  await page.type('#client-signerName', 'Lucie Ngata');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#client-paper-form button[type=submit]')]);
  expect(await page.$eval('[role=status]', (e) => e.textContent)).toMatch(/^Enregistré\./);
  return waitFor(async () => {
    const found = await store.findSigning('harbor', caseId, documentId);
    return found?.record.state === 'sealed' ? found.record : undefined;
  }, 90_000, 'the sealed plan');
}

describe('harbor: the paper signature\'s scan uploaded on the signing page, at 360 px in French', () => {
  it('with JavaScript: the scan is attached in place, recorded with the paper signature, and the plan is sealed', async () => {
    const { caseId, documentId, path } = await carePlanAwaiting();
    const page = await openPage(path, true);
    const requests = recordRequests(page);
    try {
      expect(await isHidden(page, '#documents')).toBe(true);
      expect(await isHidden(page, `#${QUESTION} .upload-here`)).toBe(false);
      await watchUploadProgress(page, QUESTION);
      await (await page.$(`#${QUESTION}-input`))!.uploadFile(scan);
      await page.waitForFunction(`document.querySelectorAll('#${QUESTION}-files li').length === 1`, { timeout: 20_000 });
      expect(await page.$eval(`#${QUESTION}-files .file-name`, (e) => e.textContent)).toBe('plan-signé-lucie.pdf');
      expect(await page.$eval(`#${QUESTION}-refusal`, (e) => e.textContent)).toBe('');
      const [finished] = await finishedUploads(page);
      expect(finished![0]).toBe(finished![1]);
      const [uploadId] = await attachedIds(page);
      // Presigned and received at the upload routes under the signing page; the file itself went to storage (the gate).
      expect(requests.filter((request) => request.startsWith(`POST ${stack.url}${path}`))).toEqual([`POST ${stack.url}${path}/uploads`, `POST ${stack.url}${path}/uploads/${uploadId}`]);
      expect(requests.filter((request) => request.startsWith(`POST ${stack.uploadGateUrl}`))).toHaveLength(1);
      expect(await fitsThePhone(page)).toBe('');
      await expectAccessible(chrome.browser, page, 'the signing page with the scan attached in place, in French');

      const sealed = await recordAndSeal(page, caseId, documentId);
      expect(sealed.steps).toEqual([expect.objectContaining({ role: 'client', status: 'paper', paperUploadId: uploadId })]);
    } finally {
      await page.close();
    }
  });

  it('without JavaScript: the scan goes through the Documents form, storage sends the browser back with it, and it is recorded', async () => {
    const { caseId, documentId, path } = await carePlanAwaiting();
    const page = await openPage(path, false);
    const requests = recordRequests(page);
    try {
      expect(await isHidden(page, '#documents')).toBe(false);
      expect(await page.$eval('#documents h2', (h2) => h2.textContent)).toBe('Documents');
      expect(await fitsThePhone(page)).toBe('');
      await expectAccessible(chrome.browser, page, 'the signing page without JavaScript, in French');

      await (await page.$(`#upload-${QUESTION}-file`))!.uploadFile(scan);
      const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`#upload-${QUESTION} button[type=submit]`)]);
      expect(response!.status()).toBe(200);
      const back = new URL(page.url());
      expect(back.pathname).toBe(path);
      expect(back.searchParams.get('lang')).toBe('fr');
      const [uploadId] = await attachedIds(page);
      expect(back.searchParams.get('files')).toBe(uploadId);
      // Storage sent the browser to the receive route under the signing page, which sent it back to the page.
      expect(requests.filter((request) => request.startsWith(`GET ${stack.url}${path}/uploads/`)).map((request) => new URL(request.slice(4)).pathname)).toEqual([`${path}/uploads/${uploadId}`]);
      expect(await page.$eval(`#upload-${QUESTION} .files .file-name`, (e) => e.textContent)).toBe('document.pdf');
      await expectAccessible(chrome.browser, page, 'the signing page with the scan attached without JavaScript, in French');

      const sealed = await recordAndSeal(page, caseId, documentId);
      expect(sealed.steps).toEqual([expect.objectContaining({ role: 'client', status: 'paper', paperUploadId: uploadId })]);
    } finally {
      await page.close();
    }
  });
});
