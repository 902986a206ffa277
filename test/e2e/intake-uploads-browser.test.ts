import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableItems } from '../../local/aws-readback.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import { EICAR } from '../support/case-files.ts';
import { jpegWithGps } from '../support/image-fixtures.ts';
import { browse, signIn } from '../support/staff-session.ts';
import type { LocalStack } from '../../local/stack.ts';
import { expectAccessible, finishedUploads, fitsThePhone, launchTestBrowser, PHONE, recordRequests, type TestBrowser, watchUploadProgress } from '../support/browser.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Files attached on the public intake page in a real Chromium at 360 px, with JavaScript (checked in the browser,
// presigned, sent straight to the upload gate with progress, received, removed, attached again) and without it (a
// multipart form per question, the gate's redirect back), then sent: the case's FILE# items are read from the table.
// The pack is Harbor's (not the demo), its intake given a file question here.
const PAGE = '/intake/harbor/intake';
const QUESTION = 'f--idDocument';

function harborWithFileQuestion(): string {
  const formsDir = formsDirWithHarbor();
  const file = join(formsDir, 'harbor', 'forms', 'intake.json');
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  schema.properties.idDocument = {
    title: 'Photo ID or proof of address', type: 'array', items: { type: 'string' }, maxItems: 2,
    'x-caseforms': { upload: { accept: ['image/jpeg', 'image/png', 'application/pdf'], maxMegabytes: 2 } },
  };
  writeFileSync(file, JSON.stringify(schema));
  return formsDir;
}

interface CaseFileItem { readonly pk: string; readonly sk: string; readonly uploadId: string; readonly name: string; readonly contentType: string; readonly field: string; readonly size: number }

describe('files on the intake page, in a browser', () => {
  let stack: LocalStack;
  let chrome: TestBrowser;
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-upload-files-'));
  const files: Record<'jpeg' | 'pdf' | 'png' | 'text' | 'program' | 'located' | 'infected', string> = {
    jpeg: join(dir, 'id card.jpg'), pdf: join(dir, 'lease.pdf'), png: join(dir, 'letter.png'), text: join(dir, 'notes.txt'), program: join(dir, 'invoice.pdf'),
    located: join(dir, 'passport photo.jpg'), infected: join(dir, 'bank letter.pdf'),
  };

  beforeAll(async () => {
    stack = await startTestStack({ formsDir: harborWithFileQuestion() });
    chrome = await launchTestBrowser();
    // Real files made by the browser itself: a photographed page (JPEG, PNG) and a printed one (PDF).
    const maker = await chrome.browser.newPage();
    await maker.setViewport({ width: 320, height: 200, deviceScaleFactor: 1 });
    await maker.setContent('<h1 style="font-family:sans-serif">ID CARD · Zoë Q.</h1>');
    writeFileSync(files.jpeg, await maker.screenshot({ type: 'jpeg', quality: 80 }));
    writeFileSync(files.png, await maker.screenshot({ type: 'png' }));
    writeFileSync(files.pdf, await maker.pdf({ format: 'A5' }));
    writeFileSync(files.text, 'not a document');
    // A Windows program named .pdf: the browser calls it a PDF; only its bytes tell.
    writeFileSync(files.program, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2046, 0x90)]));
    // A phone photo that says where it was taken (EXIF GPS), and a PDF carrying the EICAR test string: a PDF by its
    // bytes, so only the malware scan (the local stand-in) can refuse it.
    writeFileSync(files.located, jpegWithGps());
    writeFileSync(files.infected, Buffer.concat([Buffer.from('%PDF-1.4\n% '), Buffer.from(EICAR, 'latin1'), Buffer.from('\n%%EOF\n')]));
    await maker.close();
  });

  afterAll(async () => {
    await chrome?.close();
    await stack?.stop();
  });

  async function openPage(javaScript: boolean): Promise<Page> {
    const page = await chrome.browser.newPage();
    await page.setViewport(PHONE);
    await page.setJavaScriptEnabled(javaScript);
    return page;
  }

  const attachedIds = (page: Page): Promise<string[]> =>
    page.evaluate(`[...document.querySelectorAll('#form-start input[type=hidden][name="/idDocument"]')].map((input) => input.value)`) as Promise<string[]>;
  const isHidden = (page: Page, selector: string): Promise<boolean> => page.evaluate(`document.querySelector('${selector}').hidden`) as Promise<boolean>;
  const listedNames = (page: Page): Promise<string[]> => page.$$eval(`#${QUESTION}-files .file-name`, (names) => names.map((name) => name.textContent ?? ''));

  async function fillAndSend(page: Page): Promise<void> {
    await page.type('#f--fullName', 'Zoë Quintero');
    await page.click('#f--language-1'); // French letters
    await page.type('#f--phone', '+1 555 0188');
    await page.click('#f--assistanceType-1'); // repairs: no eviction section
    await page.click('#f--consent');
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button.primary')]);
    expect(response!.status(), await page.$eval('main', (main) => main.textContent ?? '')).toBe(201);
  }

  async function caseFiles(ids: readonly string[]): Promise<CaseFileItem[]> {
    const items = await tableItems(stack.resources.tableName);
    return (items as unknown as CaseFileItem[]).filter((item) => item.sk?.startsWith('FILE#') && ids.includes(item.uploadId));
  }

  it('with JavaScript: checks files before sending, shows progress, removes and attaches again, and the case gets the files', async () => {
    const page = await openPage(true);
    const requests = recordRequests(page);
    try {
      expect((await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' }))!.status()).toBe(200);
      // The script takes files in place: the Documents section (for pages without it) is hidden.
      expect(await isHidden(page, '#documents')).toBe(true);
      expect(await isHidden(page, `#${QUESTION} .upload-here`)).toBe(false);
      // Every finished upload leaves its progress bar full before the bar goes.
      await watchUploadProgress(page, QUESTION);

      // A text file is refused in the browser, in the page's words, and nothing is asked of the server.
      const input = (await page.$(`#${QUESTION}-input`))!;
      await input.uploadFile(files.text);
      await page.waitForFunction(`document.getElementById('${QUESTION}-refusal').textContent.includes('notes.txt')`);
      expect(await page.$eval(`#${QUESTION}-refusal`, (p) => p.textContent)).toBe('“notes.txt” is not a kind of file this question takes (JPEG, PNG, or PDF).');
      expect(requests.filter((request) => request.includes('/uploads'))).toEqual([]);

      // An ID photo and a PDF at once: each presigned, sent to the gate, received.
      await input.uploadFile(files.jpeg, files.pdf);
      await page.waitForFunction(`document.querySelectorAll('#${QUESTION}-files li').length === 2`, { timeout: 20_000 });
      // Listed as each finishes (they are sent side by side).
      expect((await listedNames(page)).sort()).toEqual(['id card.jpg', 'lease.pdf']);
      expect(await page.$eval(`#${QUESTION}-refusal`, (p) => p.textContent)).toBe('');
      const finished = await finishedUploads(page);
      expect(finished).toHaveLength(2);
      for (const [value, max] of finished) expect(value).toBe(max);
      expect(requests.filter((request) => request.startsWith('POST') && request.includes(stack.uploadGateUrl))).toHaveLength(2);

      // A third is more than the question takes: refused before sending.
      await input.uploadFile(files.png);
      await page.waitForFunction(`document.getElementById('${QUESTION}-refusal').textContent !== ''`);
      expect(await page.$eval(`#${QUESTION}-refusal`, (p) => p.textContent)).toBe('This question takes 2 files at most. Remove one to attach another.');

      const sentFirst = await attachedIds(page);
      // Remove the PDF, then attach it again.
      const lease = (await page.$$(`#${QUESTION}-files li`))[(await listedNames(page)).indexOf('lease.pdf')]!;
      await (await lease.$('button'))!.click();
      expect(await listedNames(page)).toEqual(['id card.jpg']);
      expect(await page.$eval(`#${QUESTION}-status`, (p) => p.textContent)).toBe('Removed: lease.pdf');
      await input.uploadFile(files.pdf);
      await page.waitForFunction(`document.querySelectorAll('#${QUESTION}-files li').length === 2`, { timeout: 20_000 });
      expect(await listedNames(page)).toEqual(['id card.jpg', 'lease.pdf']);
      const ids = await attachedIds(page);
      expect(ids).toHaveLength(2);
      await expectAccessible(chrome.browser, page, 'the intake page with two files attached');
      expect(await fitsThePhone(page)).toBe('');

      // A program named .pdf passes the browser's check and reaches storage; the service reads its bytes and refuses
      // it (422), in the page's language (French here, whatever the browser prefers), beside the question.
      const french = await openPage(true);
      try {
        await french.goto(`${stack.url}${PAGE}?lang=fr`, { waitUntil: 'load' });
        await (await french.$(`#${QUESTION}-input`))!.uploadFile(files.program);
        await french.waitForFunction(`document.getElementById('${QUESTION}-refusal').textContent !== ''`, { timeout: 20_000 });
        expect(await french.$eval(`#${QUESTION}-refusal`, (p) => p.textContent)).toBe("Ce fichier n'est pas un PDF ou une photo (JPEG ou PNG). Rien n'a été conservé.");
        expect(await french.$eval(`#${QUESTION}-refusal`, (p) => p.getAttribute('aria-live'))).toBe('assertive');
        expect(await listedNames(french)).toEqual([]);
      } finally {
        await french.close();
      }

      await fillAndSend(page);
      const stored = await waitFor(async () => {
        const found = await caseFiles(ids);
        return found.length === 2 ? found : undefined;
      }, 30_000, "the case's FILE# items, linked when the form was sent");
      expect(stored.map((file) => [file.name, file.contentType, file.field]).sort()).toEqual([
        ['id card.jpg', 'image/jpeg', '/idDocument'], ['lease.pdf', 'application/pdf', '/idDocument'],
      ]);
      expect(new Set(stored.map((file) => file.pk)).size).toBe(1);
      expect(stored.find((file) => file.name === 'lease.pdf')!.size).toBe(readFileSync(files.pdf).length);
      // The PDF removed before sending stays an unlinked upload (swept after a day), on no case.
      const removed = sentFirst.find((id) => !ids.includes(id))!;
      expect(await caseFiles([removed])).toEqual([]);
      const record = (await tableItems(stack.resources.tableName)).find((item) => item.pk === `AGENCY#harbor#UPLOAD#${removed}`);
      expect(record).toMatchObject({ name: 'lease.pdf' });
      expect(record!.caseId).toBeUndefined();
    } finally {
      await page.close();
    }
  });

  it('staff open both files from the case page; a photo loses where it was taken; a file with a virus is refused and never served', async () => {
    // A client sends a located photo and a PDF with the script; another sends the infected PDF without it.
    const withScript = await openPage(true);
    let clean: CaseFileItem[];
    try {
      await withScript.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      await (await withScript.$(`#${QUESTION}-input`))!.uploadFile(files.located, files.pdf);
      await withScript.waitForFunction(`document.querySelectorAll('#${QUESTION}-files li').length === 2`, { timeout: 20_000 });
      const ids = await attachedIds(withScript);
      await fillAndSend(withScript);
      clean = await waitFor(async () => {
        const found = await caseFiles(ids);
        return found.length === 2 && found.every((file) => (file as unknown as { scan: string }).scan === 'clean') ? found : undefined;
      }, 30_000, 'both files linked and released as clean');
    } finally {
      await withScript.close();
    }
    const withoutScript = await openPage(false);
    let infected: CaseFileItem;
    try {
      await withoutScript.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      await (await withoutScript.$(`#upload-${QUESTION}-file`))!.uploadFile(files.infected);
      await Promise.all([withoutScript.waitForNavigation({ waitUntil: 'load' }), withoutScript.click(`#upload-${QUESTION} button[type=submit]`)]);
      const ids = await attachedIds(withoutScript);
      expect(ids).toHaveLength(1);
      await fillAndSend(withoutScript);
      infected = await waitFor(async () => {
        const [found] = await caseFiles(ids);
        return found && (found as unknown as { scan: string }).scan === 'infected' ? found : undefined;
      }, 30_000, 'the infected file linked and marked infected');
    } finally {
      await withoutScript.close();
    }

    // A Harbor case manager opens the first case's page in the browser and each file from its links.
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor' });
    const staff = await chrome.browser.newPage();
    try {
      await staff.setViewport(PHONE);
      await staff.setCookie(...[...jar.cookies].map(([name, value]) => ({ name, value, url: stack.url })));
      const caseId = clean[0]!.pk.split('#CASE#')[1]!;
      expect((await staff.goto(`${stack.url}/staff/harbor/cases/${caseId}`, { waitUntil: 'load' }))!.status()).toBe(200);
      await expectAccessible(chrome.browser, staff, 'the case page with the two files');
      const links = await staff.$$eval('a[href*="/files/"]', (anchors) => anchors.map((anchor) => [anchor.textContent ?? '', anchor.getAttribute('href') ?? '']));
      expect(links.map(([name]) => name).sort()).toEqual(['lease.pdf', 'passport photo.jpg']);
      const opened = new Map<string, Buffer>();
      for (const [name, href] of links) {
        const answer = await browse(stack, jar, href!);
        expect(answer.status).toBe(303);
        const download = await fetch(answer.headers.get('location')!);
        expect(download.status).toBe(200);
        expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(name!)}`);
        opened.set(name!, Buffer.from(await download.arrayBuffer()));
      }
      expect(opened.get('lease.pdf')!.equals(readFileSync(files.pdf))).toBe(true);
      const photo = opened.get('passport photo.jpg')!;
      expect(await fileTypeFromBuffer(photo)).toMatchObject({ mime: 'image/jpeg' });
      expect(await exifr.gps(readFileSync(files.located))).toMatchObject({ latitude: expect.closeTo(48.858, 2) });
      expect(await exifr.gps(photo).catch(() => undefined)).toBeUndefined();

      // The second case lists the infected file as refused, with no link; its route refuses it; storage holds it
      // for the security officer and has no servable copy.
      const otherCase = infected.pk.split('#CASE#')[1]!;
      await staff.goto(`${stack.url}/staff/harbor/cases/${otherCase}`, { waitUntil: 'load' });
      expect(await staff.$$('a[href*="/files/"]')).toEqual([]);
      const refusedRoute = await browse(stack, jar, `/staff/harbor/cases/${otherCase}/files/${infected.uploadId}`);
      expect(refusedRoute.status).toBe(409);
      const s3 = new S3Client({ forcePathStyle: true });
      const bucket = stack.resources.uploadsBucketName;
      const held = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: uploadObjects.held('harbor', infected.uploadId) }));
      expect(Buffer.from(await held.Body!.transformToByteArray()).equals(readFileSync(files.infected))).toBe(true);
      for (const key of [uploadObjects.released('harbor', infected.uploadId), uploadObjects.quarantine('harbor', infected.uploadId)]) {
        await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
      }
    } finally {
      await staff.close();
    }
  });

  it('without JavaScript: attaches through the question\'s own form, which storage sends back to the page, and sends it', async () => {
    const page = await openPage(false);
    try {
      expect((await page.goto(`${stack.url}${PAGE}?lang=fr`, { waitUntil: 'load' }))!.status()).toBe(200);
      expect(await isHidden(page, '#documents')).toBe(false);
      expect(await page.$eval('#documents h2', (h2) => h2.textContent)).toBe('Documents');
      await expectAccessible(chrome.browser, page, 'the intake page without JavaScript, in French');

      const attach = async (file: string) => {
        await (await page.$(`#upload-${QUESTION}-file`))!.uploadFile(file);
        const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`#upload-${QUESTION} button[type=submit]`)]);
        expect(response!.status()).toBe(200);
        expect(new URL(page.url()).pathname).toBe(PAGE);
      };
      await attach(files.pdf);
      expect(new URL(page.url()).searchParams.get('lang')).toBe('fr');
      await attach(files.jpeg);
      const ids = await attachedIds(page);
      expect(ids).toHaveLength(2);
      expect(new URL(page.url()).searchParams.get('files')).toBe(ids.join(','));
      expect(await page.$$eval(`#upload-${QUESTION} .files li`, (items) => items.length)).toBe(2);
      // Full: no form to attach a third, and the page still reads well.
      expect(await page.$$eval(`#upload-${QUESTION} form`, (forms) => forms.length)).toBe(0);
      await expectAccessible(chrome.browser, page, 'the intake page without JavaScript, two files attached');

      // Remove the first (a link: the same page without it), then send.
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`#upload-${QUESTION} .files li:first-child a`)]);
      expect(await attachedIds(page)).toEqual([ids[1]]);
      // Sent with answers missing: the page comes back (422) still carrying the file, listed by name, with a fresh form.
      const [refused] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button.primary')]);
      expect(refused!.status()).toBe(422);
      expect(await attachedIds(page)).toEqual([ids[1]]);
      // Storage keeps no name of a browser form's file: it is named by its kind.
      expect(await listedNames(page)).toEqual(['photo.jpg']);
      expect(await page.$$eval(`#upload-${QUESTION} form input[type=file]`, (inputs) => inputs.length)).toBe(1);
      await fillAndSend(page);
      const stored = await waitFor(async () => {
        const found = await caseFiles(ids);
        return found.length === 1 ? found : undefined;
      }, 30_000, "the case's FILE# item, linked when the form was sent");
      expect(stored.map((file) => [file.uploadId, file.contentType])).toEqual([[ids[1], 'image/jpeg']]);
    } finally {
      await page.close();
    }
  });
});
