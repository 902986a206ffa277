import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { expectAccessible as expectAccessibleIn, fitsThePhone, launchTestBrowser, PHONE, type TestBrowser } from '../support/browser.ts';
import { EICAR, storeCaseFile, uploadsBucket } from '../support/case-files.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { signIn } from '../support/staff-session.ts';
import { harborExample } from '../support/case-entries.ts';
import { post, startTestStack } from '../support/test-stack.ts';

// The case page's Files section in a real browser at 360 px, in French, for Harbor (the second pack): a long file
// name and every scan result, nothing wider than the phone, no WCAG 2.1 AA violation (axe-core).
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

describe('harbor: a case\'s files in a browser at 360 px', () => {
  it('shows each file and its virus check in French, fits the phone and passes axe', async () => {
    // Harbor's own intake example, with an address that may be emailed.
    const lucie = { ...harborExample(), email: 'lucie@example.org', emailIsSafe: true };
    const caseId = ((await post(stack, '/agencies/harbor/forms/intake/submissions', { body: JSON.stringify(lucie), headers: harborApiKeyHeader })).json as { caseId: string }).caseId;
    const submissionId = String((await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.case('harbor', caseId) && item.type === 'submission')!.submissionId);
    const bucket = await uploadsBucket(stack);
    const base = { agencyId: 'harbor', caseId, submissionId, formId: 'intake', field: '/eviction/noticeKind' };
    await storeCaseFile(stack, bucket, { ...base, name: 'convocation-au-tribunal-de-grande-instance-de-portland-2026-11-28-page-1-sur-3.pdf', type: 'application/pdf', scan: 'clean', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await storeCaseFile(stack, bucket, { ...base, name: 'eicar.pdf', type: 'application/pdf', scan: 'infected', bytes: Buffer.from(EICAR) });
    await storeCaseFile(stack, bucket, { ...base, name: 'bail.jpg', type: 'image/jpeg', scan: 'pending', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xd9]) });
    await storeCaseFile(stack, bucket, { ...base, name: 'quittance.png', type: 'image/png', scan: 'not-scanned', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });

    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
    const page = await chrome.browser.newPage();
    await page.setViewport(PHONE);
    try {
      await page.setCookie(...[...jar.cookies].map(([name, value]) => ({ name, value, url: stack.url })));
      await page.goto(`${stack.url}/staff/harbor/cases/${caseId}?lang=fr`, { waitUntil: 'load' });
      expect(await page.$eval('#files', (e) => e.textContent)).toBe('Fichiers');
      const cells = await page.$$eval('section[aria-labelledby=files] tbody tr', (rows) => rows.map((row) => row.children[1]!.textContent));
      expect(cells).toEqual([
        'Contrôlé : aucun virus trouvé',
        'Refusé : un virus a été trouvé. Conservé pour le responsable de la sécurité ; il ne peut pas être ouvert.',
        'Contrôle antivirus en cours',
        'N\'a pas pu être contrôlé : il ne peut pas être ouvert',
      ]);
      expect(await page.$$eval('section[aria-labelledby=files] a', (links) => links.length)).toBe(1);
      expect(await fitsThePhone(page)).toBe('');
      await expectAccessible(page, 'the case page with its files, in French');
    } finally {
      await page.close();
    }
  });
});
