import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../functions/adapters/chromium/pdf-renderer.ts';
import { launchArgs } from '../../functions/adapters/chromium/launch-args.ts';
import { sealPage } from '../../functions/adapters/chromium/sealed-page.ts';
import { stripHtml } from '../../functions/adapters/chromium/strip-html.ts';

// Stripping is done by Chromium's own parser, so it is tested in Chromium: odd markup included, since templates
// are agency-editable.

describe('stripping scripts, <base> and <meta http-equiv> before a render', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath: await chromium.executablePath(), args: launchArgs(chromium.args), headless: 'shell' });
    page = await browser.newPage();
    await sealPage(page);
  });

  afterAll(async () => {
    await closeBrowser(browser);
  });

  const strip = (html: string) => stripHtml(page, html);

  it('leaves a document with none of them exactly as it was', async () => {
    const html = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>T</title></head><body><p>Kept &amp; kept</p></body></html>';
    expect(await strip(html)).toBe(html);
  });

  it.each([
    ['a script', '<script>document.title = "ran"</script>'],
    ['a script with a source', '<script src="http://127.0.0.1:1/s.js"></script>'],
    ['an SVG script', '<svg><script href="http://127.0.0.1:1/s.js"></script></svg>'],
    ['a base', '<base href="http://127.0.0.1:1/">'],
    ['a meta refresh in upper case, in the body', '<META HTTP-EQUIV="REFRESH" CONTENT="0;URL=http://127.0.0.1:1/">'],
    ['a meta refresh with spaces', '<meta http-equiv=" refresh " content="0">'],
    ['a meta set-cookie', '<meta http-equiv="set-cookie" content="a=b">'],
    ['a meta content-security-policy', '<meta http-equiv="content-security-policy" content="default-src \'none\'; report-uri http://127.0.0.1:1/">'],
    ['a meta refresh in a noscript', '<noscript><meta http-equiv="refresh" content="0"></noscript>'],
    ['a meta refresh and a script in a template', '<template><div><meta http-equiv="refresh" content="0"><script></script></div></template>'],
    ['a meta refresh in a declarative shadow root', '<div><template shadowrootmode="open"><meta http-equiv="refresh" content="0"></template></div>'],
    ['an unclosed script', '<script>never closed'],
  ])('removes %s and keeps the rest', async (_, element) => {
    const html = `<!doctype html><html><head><title>T</title></head><body><p>Before</p>${element}<p>After</p></body></html>`;

    const stripped = await strip(html);

    expect(stripped).not.toMatch(/<script|<base|http-equiv/i);
    expect(stripped).toMatch(/^<!DOCTYPE html>/);
    expect(stripped).toContain('<p>Before</p>');
    if (!element.includes('never closed')) expect(stripped).toContain('<p>After</p>');
  });

  it('keeps text that only looks like those elements', async () => {
    const html = '<!doctype html><html><body><p title="<script>">&lt;base href&gt;</p><textarea><script>x</script></textarea></body></html>';

    const stripped = await strip(html);

    expect(stripped).toBe(html); // none of them is an element: nothing to remove
  });

  it('keeps the doctype as written, so the page keeps its rendering mode', async () => {
    const html = '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd"><html><body><script></script><p>x</p></body></html>';

    expect(await strip(html)).toMatch(/^<!DOCTYPE html PUBLIC "-\/\/W3C\/\/DTD HTML 4\.01\/\/EN" "http:\/\/www\.w3\.org\/TR\/html4\/strict\.dtd">/);
  });
});
