import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfRenderer } from '../../functions/adapters/chromium/pdf-renderer.ts';
import type { PdfOptions } from '../../functions/domain/documents/html-to-pdf.ts';
import { writeFontConfig } from '../../local/fonts.ts';
import { pdftotext } from '../support/pdf-tools.ts';

// Templates are agency-editable, so a document's HTML may name any URL. A real listener on 127.0.0.1 stands in
// for everything the renderer could reach (a metadata endpoint, an internal service): it must hear nothing, by
// IP literal or by name, whatever element asks. `example.invalid` stands for the wider internet.

const isPdf = (pdf: Buffer): boolean => pdf.subarray(0, 5).toString('latin1') === '%PDF-';

const options: PdfOptions = {
  footer: ['Test agency', 'Reaches nothing', 'case-1'], paperSize: 'A4',
  metadata: { title: 'Reaches nothing', author: 'Test agency', language: 'en' },
};

/** Every kind of element and rule that can make a browser fetch, each pointed at `origin` under its own path. */
function everyFetchingKind(origin: string, tag: string): string {
  const at = (kind: string) => `${origin}/${tag}/${kind}`;
  return `
  <link rel="stylesheet" href="${at('link-stylesheet')}">
  <link rel="preload" as="image" href="${at('link-preload')}">
  <link rel="prefetch" href="${at('link-prefetch')}">
  <link rel="dns-prefetch" href="${at('link-dns-prefetch')}">
  <link rel="preconnect" href="${at('link-preconnect')}">
  <link rel="modulepreload" href="${at('link-modulepreload')}">
  <link rel="icon" href="${at('link-icon')}">
  <style>
    @import url("${at('css-import')}");
    @font-face { font-family: Remote${tag}; src: url("${at('font-face')}") format("truetype"); }
    .bg-${tag} { background-image: url("${at('css-background')}"); font-family: Remote${tag}, sans-serif; }
  </style>
  <script src="${at('script-src')}"></script>
  <p class="bg-${tag}">Styled ${tag}</p>
  <img src="${at('img')}" alt="">
  <img srcset="${at('img-srcset')} 1x" alt="">
  <picture><source srcset="${at('picture-source')}"><img alt=""></picture>
  <iframe src="${at('iframe')}"></iframe>
  <object data="${at('object')}"></object>
  <embed src="${at('embed')}">
  <svg width="10" height="10"><image href="${at('svg-image')}" width="10" height="10"/></svg>
  <video poster="${at('video-poster')}" src="${at('video-src')}" preload="auto"></video>
  <audio src="${at('audio-src')}" preload="auto"></audio>
  <div style="background: url('${at('inline-style')}')">Inline ${tag}</div>
  <a href="${at('a-ping')}" ping="${at('ping')}">A link</a>`;
}

describe('the PDF renderer reaches nothing', () => {
  let workDir: string;
  let previousFontConfig: string | undefined;
  let server: Server;
  let port: number;
  const heard: string[] = [];
  const renderer = new PdfRenderer();

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'caseforms-reaches-nothing-'));
    previousFontConfig = process.env.FONTCONFIG_FILE;
    process.env.FONTCONFIG_FILE = writeFontConfig(workDir);
    server = createServer((request, response) => {
      heard.push(`${request.method ?? '?'} ${request.headers.host ?? '?'}${request.url ?? ''}`);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('reached');
    });
    // Preconnects and the like may open a socket and send nothing: a connection is a reach too.
    server.on('connection', () => heard.push('(a connection)'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await renderer.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (previousFontConfig === undefined) delete process.env.FONTCONFIG_FILE;
    else process.env.FONTCONFIG_FILE = previousFontConfig;
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Renders, then waits a little: a prefetch or a beacon may leave after the page has loaded. */
  async function renderAndListen(html: string): Promise<Buffer> {
    const pdf = await renderer.render(html, options);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return pdf;
  }

  it('fetches nothing that any element names, by IP or by host name, and still renders the page', async () => {
    // Prepare
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Every kind</title>
      ${everyFetchingKind(`http://127.0.0.1:${port}`, 'ip')}
      ${everyFetchingKind(`http://localhost:${port}`, 'name')}
      ${everyFetchingKind('http://example.invalid', 'invalid')}
      </head><body><h1>Reaches nothing body text</h1></body></html>`;
    heard.length = 0;

    // Act
    const pdf = await renderAndListen(html);

    // Assess
    expect(heard, 'requests the local listener received').toEqual([]);
    expect(isPdf(pdf)).toBe(true);
    expect(pdftotext(pdf)).toContain('Reaches nothing body text');
  });

  it('ignores a <base> that would send relative URLs to the listener', async () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><base href="http://127.0.0.1:${port}/base/">
      <link rel="stylesheet" href="relative.css"></head>
      <body><p>Based body text</p><img src="relative.png" alt=""></body></html>`;
    heard.length = 0;

    const pdf = await renderAndListen(html);

    expect(heard, 'requests the local listener received').toEqual([]);
    expect(pdftotext(pdf)).toContain('Based body text');
  });

  it('reads no local file', async () => {
    // Prepare: a file only this test knows, named by file: URLs as a frame, an object, an image and a stylesheet.
    const secret = join(workDir, 'secret.txt');
    writeFileSync(secret, 'Local file secret text');
    const url = `file://${secret}`;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="stylesheet" href="${url}"></head>
      <body><p>Filed body text</p><iframe src="${url}"></iframe><object data="${url}"></object><img src="${url}" alt=""></body></html>`;

    const pdf = await renderAndListen(html);

    expect(pdftotext(pdf)).toContain('Filed body text');
    expect(pdftotext(pdf)).not.toContain('Local file secret text');
  });

  it('still draws a data: image, which fetches nothing', async () => {
    // A 1×1 PNG; blocked, Chromium would draw its 14×16 broken-image icon instead.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
    const html = `<!doctype html><html lang="en"><body><p>Pictured</p><img style="width:50px" src="data:image/png;base64,${png}" alt=""></body></html>`;

    const pdf = await renderAndListen(html);
    const path = join(workDir, 'pictured.pdf');
    writeFileSync(path, pdf);

    expect(execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' })).toMatch(/^\s*1\s+0\s+image\s+1\s+1\s/m);
  });

  it.each([
    ['to the listener', (p: number) => `0;url=http://127.0.0.1:${p}/meta-refresh`],
    ['to itself', () => '0'],
    ['later, in upper case', (p: number) => `1; URL=http://localhost:${p}/meta-refresh-late`],
  ])('renders the page despite a meta refresh %s', async (_, content) => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <meta http-equiv="Refresh" content="${content(port)}"></head>
      <body><p>Refreshed body text</p></body></html>`;
    heard.length = 0;

    const pdf = await renderAndListen(html);

    expect(heard, 'requests the local listener received').toEqual([]);
    expect(isPdf(pdf)).toBe(true);
    expect(pdftotext(pdf)).toContain('Refreshed body text');
  });
});
