import chromium from '@sparticuz/chromium';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../functions/adapters/chromium/pdf-renderer.ts';
import { launchArgs } from '../../functions/adapters/chromium/launch-args.ts';

// The floor beneath the sealed page: launched with the renderer's arguments, a page that nothing intercepts
// still reaches no host, by IP literal or by name. (PdfRenderer always seals its pages; this opens one unsealed.)

describe("the renderer's browser resolves no host", () => {
  let server: Server;
  let port: number;
  let browser: Browser;
  const heard: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      heard.push(`${request.headers.host ?? '?'}${request.url ?? ''}`);
      response.end('reached');
    });
    server.on('connection', () => heard.push('(a connection)'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    browser = await puppeteer.launch({ executablePath: await chromium.executablePath(), args: launchArgs(chromium.args), headless: 'shell' });
  });

  afterAll(async () => {
    await closeBrowser(browser);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('launches without --disable-web-security and with a resolver that resolves nothing', () => {
    const args = launchArgs(chromium.args);
    expect(chromium.args).toContain('--disable-web-security'); // what is dropped is really there to drop
    expect(args).not.toContain('--disable-web-security');
    expect(args).not.toContain('--allow-running-insecure-content');
    expect(args).toContain('--host-resolver-rules=MAP * ~NOTFOUND');
  });

  it.each(['127.0.0.1', 'localhost'])('a page that nothing intercepts does not reach %s', async (host) => {
    const page = await browser.newPage();
    const url = `http://${host}:${port}`;
    heard.length = 0;
    try {
      await page.setContent(`<img src="${url}/img"><link rel="prefetch" href="${url}/prefetch"><p>unsealed</p>`, { waitUntil: 'load' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const navigation = await page.goto(`${url}/navigate`).then(() => 'navigated', (error: unknown) => String(error));

      expect(navigation).toContain('net::ERR_NAME_NOT_RESOLVED');
      expect(heard, 'requests the local listener received').toEqual([]);
    } finally {
      await page.close();
    }
  });
});
