import type { Page } from 'puppeteer-core';

/**
 * A page that runs no JavaScript and whose every request is refused. The document itself makes no request: it is
 * written into about:blank (page.setContent), so everything a request could fetch is something the HTML names,
 * and a PDF must show exactly the HTML it was given. Three layers, each enough on its own for what it sees:
 * - request interception (the Fetch domain, every URL pattern): each request the page makes is aborted;
 * - the Network domain's blocked URLs (every `scheme://`): refused before it reaches interception, should a request skip it;
 * - no service worker answers for the page.
 * Beneath them, the browser resolves no host name (launch-args.ts), for what none of these sees.
 */
export async function sealPage(page: Page): Promise<void> {
  await page.setJavaScriptEnabled(false);
  await page.setBypassServiceWorker(true);
  const session = await page.createCDPSession();
  await session.send('Network.enable');
  // Every URL with a scheme and authority (http, https, ws, file, chrome, …); not `*`, which would also block
  // `data:` URLs, the one way a document may carry an image or a font of its own, and which fetch nothing.
  await session.send('Network.setBlockedURLs', { urls: ['*://*'] });
  await page.setRequestInterception(true);
  page.on('request', (request) => void request.abort('blockedbyclient'));
}
