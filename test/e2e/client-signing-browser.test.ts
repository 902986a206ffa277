import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { expectAccessible as expectAccessibleIn, launchTestBrowser, PHONE, type TestBrowser } from '../support/browser.ts';
import { clientAddressVerified } from '../support/client-address.ts';
import { codeIn, codeMailsTo } from '../support/link-code.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { pdfsig, pdftotext } from '../support/pdf-tools.ts';
import { openSigningFor, signingOf, signLinkMailedTo } from '../support/signing.ts';
import { postForm, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Issue 23's browser test: a Spanish-speaking client with a confirmed address gets the signing mail, asks for the code,
// types it, agrees to sign electronically, reads, ticks the intent and types their name, on a 360 px page read by
// axe-core, the sign form with the keyboard alone; the record then holds their signature. Then the case manager signs,
// and the sealed care plan reaches the client by email, valid under pdfsig, and invalid once a byte changes.
const demo = { id: 'demo', signatures: JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'demo', 'agency.json'), 'utf8')).signatures as SignaturesDeclaration };

describe('the client signs on a phone, in Spanish', () => {
  let stack: LocalStack;
  let chrome: TestBrowser;

  beforeAll(async () => {
    [stack, chrome] = await Promise.all([startTestStack(), launchTestBrowser()]);
  });
  afterAll(async () => {
    await chrome?.close();
    await stack?.stop();
  });

  /** axe on the page as the client has it (test/support/browser.ts), nothing wider than the phone, in Spanish, titled. */
  async function expectAccessible(page: Page, what: string): Promise<void> {
    await expectAccessibleIn(chrome.browser, page, what);
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate('[document.documentElement.lang, document.title.length > 0]')).toEqual(['es', true]);
  }

  /** Presses `key` and waits for the page it leads to; the page's status. */
  async function pressFor(page: Page, key: 'Enter' | 'Space'): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
    return response!.status();
  }

  async function clickFor(page: Page, selector: string): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
    return response!.status();
  }

  /** Tab until the element with `id` has focus (the keyboard's way to a control). */
  async function tabTo(page: Page, id: string): Promise<void> {
    for (let i = 0; i < 20; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(`document.activeElement && document.activeElement.id === ${JSON.stringify(id)}`)) return;
    }
    throw new Error(`#${id} not reached with Tab`);
  }

  it('mail, code, consent, document, a typed signature with its evidence; then the case manager signs and the sealed care plan arrives by email, valid under pdfsig, invalid once a byte changes', async () => {
    const email = `telefono-${randomBytes(4).toString('hex')}@example.org`;
    const intake = { ...demoExample(), contact: { phone: '+1 555 0142', email, emailIsSafe: true } };
    const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
    await clientAddressVerified(stack, 'demo', caseId, email);
    const cm = await staffToken('demo', ['case-manager'], 'cm.rivera@demo.example');
    for (const [formId, body] of [['assessment', demoExample('assessment')], ['care-plan', demoExample('care-plan')]] as const) {
      const sent = await fetch(`${stack.url}/agencies/demo/cases/${caseId}/forms/${formId}/submissions`, {
        method: 'POST', headers: { ...bearer(cm), 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      expect(sent.status).toBe(201);
    }
    const documentId = await openSigningFor(stack, demo, caseId, 'care-plan');
    const { mail, link } = await signLinkMailedTo(stack, email);
    expect(mail.subject).toBe('Riverside Community Care (demo) le pide que firme un documento');

    const page = await chrome.browser.newPage();
    try {
      await page.setViewport(PHONE);
      await page.setExtraHTTPHeaders({ 'accept-language': 'es' });
      await page.setUserAgent('Mozilla/5.0 (Linux; Android 14) caseforms-e2e');
      expect((await page.goto(link, { waitUntil: 'load' }))!.status()).toBe(200);
      await expectAccessible(page, 'the code page');
      expect(await clickFor(page, 'button[type="submit"]')).toBe(200);
      const code = codeIn(await waitFor(async () => (await codeMailsTo(stack, email))[0], 15_000, 'the code mail'));
      await page.type('#code', code);
      expect(await clickFor(page, 'form[action$="' + new URL(link).pathname + '"] button')).toBe(200);

      // The consent, in Spanish, with the way to paper and to withdraw.
      expect(await page.$eval('h1', (h) => h.textContent)).toBe('Firmar electrónicamente');
      expect(await page.$eval('main', (m) => m.textContent)).toContain('llame a Riverside Community Care (demo) al +1 555 0100');
      await expectAccessible(page, 'the consent page');
      expect(await clickFor(page, 'button[value="agree"]')).toBe(200);

      expect(await page.$eval('h1', (h) => h.textContent)).toBe('Leer y firmar');
      expect(await page.$eval('label[for="intent"]', (l) => l.textContent)).toBe('Estoy de acuerdo con este documento: Plan de atención.');
      await expectAccessible(page, 'the sign page');
      // Targets a thumb can hit (WCAG 2.5.8): the page's style block applies under the link pages' policy (its hash).
      const size = (selector: string) => page.$eval(selector, (e) => { const box = e.getBoundingClientRect(); return [Math.round(box.width), Math.round(box.height)]; });
      expect((await size('#intent')).every((side) => side >= 24)).toBe(true);
      expect((await size('form[action$="/sign"] button'))[1]).toBeGreaterThanOrEqual(44);
      expect((await size('#name'))[0]).toBeGreaterThan(300);

      // The sign form with the keyboard alone: tick the intent, type the name, send.
      await tabTo(page, 'intent');
      await page.keyboard.press('Space');
      await tabTo(page, 'name');
      await page.keyboard.type('Zoë Núñez-Øberg');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Firmar');
      expect(await pressFor(page, 'Enter')).toBe(200);
      expect(await page.$eval('h1', (h) => h.textContent)).toBe('Gracias: ha firmado');
      await expectAccessible(page, 'the done page');
    } finally {
      await page.close();
    }

    const { record } = await signingOf(stack, 'demo', caseId, documentId);
    expect(record.steps[0]).toMatchObject({
      role: 'client', status: 'signed',
      evidence: {
        signerRole: 'client', signerName: 'Zoë Núñez-Øberg', method: 'typed', locale: 'es', intentText: 'Estoy de acuerdo con este documento: Plan de atención.',
        consentText: expect.stringContaining('Prefiero firmar en papel'), identifiedBy: 'link-and-code: t***@example.org',
        userAgent: 'Mozilla/5.0 (Linux; Android 14) caseforms-e2e', documentSha256: record.documentSha256,
      },
    });
    expect(record.steps[1]).toMatchObject({ role: 'case-manager', status: 'pending' });

    // Issue 23's Done-when, the rest of the walk: the case manager signs in the staff pages, the final PDF reaches the
    // client by email, pdfsig says it is valid over the whole file, and a copy with one byte changed is invalid.
    const manager = await signIn(stack, 'case-manager', { email: 'cm.rivera@demo.example' });
    const signed = await postForm(stack, manager.jar, `/staff/demo/cases/${caseId}/signatures/${documentId}`, { action: 'sign', role: 'case-manager', signerName: 'Casey Morgan' });
    expect(signed.status).toBe(303);
    const final = await waitFor(async () => (await mailboxOf(stack)).find((message) => message.to.includes(email) && message.tags['caseforms-document'] === `${documentId}-signed`), 90_000, 'the final copy to the client');
    expect(final.subject).toBe('Una carta de Riverside Community Care (demo)');
    expect(final.attachments.map((attachment) => attachment.contentType)).toEqual(['application/pdf']);
    const pdf = Buffer.from(await (await fetch(`${stack.url}${final.attachments[0]!.url}`)).arrayBuffer());
    const verdict = pdfsig(pdf);
    expect(verdict).toContain('Signature Validation: Signature is Valid.');
    expect(verdict).toContain('Total document signed');
    expect(verdict).toContain('Signer Certificate Common Name: Riverside Community Care (demo)');
    // The signature page, in the client's Spanish, names both signers and the hash of the document the client saw.
    const text = pdftotext(pdf).replace(/\s+/g, ' ');
    for (const words of ['Zoë Núñez-Øberg', 'Casey Morgan', record.documentSha256, 'Estoy de acuerdo con este documento: Plan de atención.']) expect(text).toContain(words);
    const changed = Buffer.from(pdf);
    const at = changed.indexOf('stream\n') + 'stream\n'.length + 20;
    expect(at).toBeLessThan(Number(/\/ByteRange \[0 (\d+)/.exec(changed.toString('latin1'))![1]));
    changed[at] = changed[at]! ^ 0x01;
    const tampered = pdfsig(changed);
    expect(tampered).not.toContain('Signature is Valid.');
    expect(tampered).toContain('Digest Mismatch');
  });
});
