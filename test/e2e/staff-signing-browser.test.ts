import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSigningStore } from '../../functions/adapters/aws/signing-store.ts';
import type { LocalStack } from '../../local/stack.ts';
import { expectAccessible as expectAccessibleIn, fitsThePhone, launchTestBrowser, PHONE, type TestBrowser } from '../support/browser.ts';
import { storeCaseFile } from '../support/case-files.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { signIn, type CookieJar } from '../support/staff-session.ts';
import { staffToken } from '../support/staff-tokens.ts';
import { harborExample } from '../support/case-entries.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { samplePdf } from '../support/upload-pack.ts';
import { waitFor } from '../support/wait.ts';

// The signing page in a real browser at 360 px, in French, for Harbor (its care plan signed by the client, then a
// supervisor, as this test declares): the forms fit the phone, a refused name is named at its field, axe finds nothing.
let stack: LocalStack;
let chrome: TestBrowser;
beforeAll(async () => {
  const dir = formsDirWithHarbor();
  const agencyFile = join(dir, 'harbor', 'agency.json');
  const agency = JSON.parse(readFileSync(agencyFile, 'utf8'));
  agency.signatures = { documents: { 'care-plan': { signers: [{ role: 'client', intent: 'agree' }, { role: 'supervisor', intent: 'agree' }] } } };
  writeFileSync(agencyFile, JSON.stringify(agency, null, 2));
  stack = await startTestStack({ formsDir: dir });
  chrome = await launchTestBrowser();
});
afterAll(async () => {
  await chrome?.close();
  await stack?.stop();
});

const expectAccessible = (page: Page, what: string) => expectAccessibleIn(chrome.browser, page, what);

async function pageAs(jar: CookieJar, path: string): Promise<Page> {
  const page = await chrome.browser.newPage();
  await page.setViewport(PHONE);
  await page.setCookie(...[...jar.cookies].map(([name, value]) => ({ name, value, url: stack.url })));
  await page.goto(`${stack.url}${path}`, { waitUntil: 'load' });
  return page;
}

describe('harbor: a care plan\'s signing page in a browser at 360 px', () => {
  it('offers the case manager the client\'s paper signature and the supervisor their own, in French, accessible', async () => {
    // Harbor's own intake example, with an address that may be emailed.
    const lucie = { ...harborExample(), email: 'lucie.page@example.org', emailIsSafe: true };
    const caseId = ((await post(stack, '/agencies/harbor/forms/intake/submissions', { body: JSON.stringify(lucie), headers: harborApiKeyHeader })).json as { caseId: string }).caseId;
    const advocate = await staffToken('harbor', ['case-manager'], 'lea@harbor.example');
    expect((await submitStaffForm(stack, advocate, 'harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' })).status).toBe(201);
    expect((await submitStaffForm(stack, advocate, 'harbor', caseId, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' })).status).toBe(201);
    const store = new DynamoSigningStore(stack.resources.tableName);
    const [opened] = await waitFor(async () => {
      const records = await store.listSignings('harbor', caseId);
      return records.length > 0 ? records : undefined;
    }, 60_000, 'the signing record');
    const path = `/staff/harbor/cases/${caseId}/signatures/${opened!.record.documentId}`;
    await storeCaseFile(stack, stack.resources.uploadsBucketName, {
      agencyId: 'harbor', caseId, submissionId: opened!.record.documentId, formId: 'care-plan', field: 'scan', name: 'plan-de-service-signé-par-lucie-ngata-le-2-décembre.pdf', type: 'application/pdf', scan: 'clean', bytes: samplePdf(),
    });

    const manager = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
    const managerPage = await pageAs(manager.jar, `${path}?lang=fr`);
    try {
      expect(await managerPage.$eval('h1', (e) => e.textContent)).toMatch(/^Signatures : /);
      // Each signer in order, each line a sentence in French (a role's word starts it, capitalised).
      expect(await managerPage.$$eval('main ol li', (items) => items.map((li) => li.textContent))).toEqual([
        'Client : en attente de sa signature', 'Superviseur : signe après les signataires précédents',
      ]);
      expect(await managerPage.$$eval('form.signing-form h2', (headings) => headings.map((h) => h.textContent))).toEqual([
        'Renvoyer le lien de signature', 'Enregistrer la signature sur papier de la personne', 'Enregistrer le refus de la personne',
      ]);
      expect(await fitsThePhone(managerPage)).toBe('');
      await expectAccessible(managerPage, 'the signing page with the new link, paper and refusal forms, in French');
      await managerPage.type('#client-signerName', 'Lucie Ngata');
      await managerPage.select('#client-paperUploadId', (await managerPage.$eval('#client-paperUploadId option:nth-child(2)', (e) => e.getAttribute('value') ?? '')));
      await Promise.all([managerPage.waitForNavigation({ waitUntil: 'load' }), managerPage.click('#client-paper-form button[type=submit]')]);
      expect(await managerPage.$eval('[role=status]', (e) => e.textContent)).toBe('Enregistré.');
    } finally {
      await managerPage.close();
    }

    const supervisor = await signIn(stack, 'supervisor', { agencyId: 'harbor', email: 'sam@harbor.example' });
    const supervisorPage = await pageAs(supervisor.jar, `${path}?lang=fr`);
    try {
      expect(await supervisorPage.$eval('#supervisor-sign-form h2', (e) => e.textContent)).toMatch(/^Signer en tant que /);
      await supervisorPage.type('#supervisor-signerName', '   ');
      await Promise.all([supervisorPage.waitForNavigation({ waitUntil: 'load' }), supervisorPage.click('#supervisor-sign-form button[type=submit]')]);
      expect(await supervisorPage.$eval('#supervisor-signerName-error', (e) => e.textContent)).toBe('Saisissez le nom complet : il ne peut pas être vide.');
      expect(await supervisorPage.$eval('#supervisor-signerName', (e) => e.getAttribute('aria-invalid'))).toBe('true');
      expect(await fitsThePhone(supervisorPage)).toBe('');
      await expectAccessible(supervisorPage, 'the signing page with a refused name, in French');
    } finally {
      await supervisorPage.close();
    }
  });
});
