import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';
import { directionOf } from '../../domain/forms/text-direction.ts';
import { withMetadata } from '../../domain/documents/pdf-metadata.ts';
import type { HtmlToPdf, PdfOptions } from '../../domain/documents/html-to-pdf.ts';
import { launchArgs } from './launch-args.ts';
import { sealPage } from './sealed-page.ts';
import { stripHtml } from './strip-html.ts';

/**
 * HTML to PDF in headless Chromium. One browser per process (per warm Lambda container), launched on first use
 * and relaunched if it dies; a fresh page per document, with JavaScript off and every network request refused
 * (sealed-page.ts), in a browser that resolves no host (launch-args.ts), rendering HTML stripped of scripts,
 * `<base>` and `<meta http-equiv>` (strip-html.ts): a document shows exactly the HTML it was given. Fonts come
 * from fontconfig: locally `FONTCONFIG_FILE` points at the fonts shipped in node_modules, in Lambda
 * @sparticuz/chromium reads /var/task/fonts.
 */
/** A render that did not finish in time: its browser was killed, and the next render launches a fresh one. */
export class RenderTimeoutError extends Error {
  override readonly name = 'RenderTimeoutError';
}

/** Long enough for a many-page document on a loaded machine; a browser that takes longer is wedged, not busy. */
export const DEFAULT_RENDER_TIMEOUT_MS = 60_000;

export class PdfRenderer implements HtmlToPdf {
  private browser: Promise<Browser> | undefined;

  constructor(private readonly timeoutMs = DEFAULT_RENDER_TIMEOUT_MS) {}

  /**
   * A frozen or starved browser would otherwise hold the job (and its queue message) until the Lambda times out,
   * or forever locally: past the deadline the browser is killed and the job fails, to be retried like any other.
   */
  async render(html: string, options: PdfOptions): Promise<Buffer> {
    let timer: NodeJS.Timeout | undefined;
    const attempt = this.renderOnFreshOrLiveBrowser(html, options);
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RenderTimeoutError(`no PDF within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([attempt, deadline]);
    } catch (error) {
      if (error instanceof RenderTimeoutError) {
        attempt.catch(() => undefined); // it fails once its browser is gone; nobody waits for it any more
        await this.close();
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async renderOnFreshOrLiveBrowser(html: string, options: PdfOptions): Promise<Buffer> {
    const browser = await this.ensureBrowser();
    try {
      return await renderPage(browser, html, options);
    } catch (error) {
      // The browser died under this render before its 'disconnected' event was handled: once more, on a fresh one.
      if (browser.connected) throw error;
      return renderPage(await this.ensureBrowser(), html, options);
    }
  }

  async close(): Promise<void> {
    const launching = this.browser;
    this.browser = undefined;
    const browser = await launching?.catch(() => undefined);
    if (browser) await closeBrowser(browser);
  }

  private ensureBrowser(): Promise<Browser> {
    if (!this.browser) {
      const launching = launch(this.timeoutMs);
      this.browser = launching;
      launching.then(
        (browser) => browser.once('disconnected', () => {
          if (this.browser === launching) this.browser = undefined;
          // A lost connection to a browser that is still running would otherwise leave it behind.
          killIfRunning(browser);
        }),
        () => { if (this.browser === launching) this.browser = undefined; },
      );
    }
    return this.browser;
  }
}

async function renderPage(browser: Browser, html: string, options: PdfOptions): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await sealPage(page);
    await page.setContent(await stripHtml(page, html), { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: options.paperSize,
      printBackground: true,
      tagged: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(options),
      margin: { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' },
    });
    return await withMetadata(pdf, options.metadata);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Browser.close, then makes sure: puppeteer waits for the process to exit, but without a time limit. */
export async function closeBrowser(browser: Browser): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([browser.close().catch(() => undefined), new Promise((resolve) => { timer = setTimeout(resolve, 5_000); })]);
  clearTimeout(timer);
  killIfRunning(browser);
}

function killIfRunning(browser: Browser): void {
  const child = browser.process();
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // puppeteer starts Chromium as a process group leader: the whole group goes.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

async function launch(timeoutMs: number): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: launchArgs(chromium.args),
    headless: 'shell',
    // Each DevTools call gives up with the render, instead of after puppeteer's default of three minutes.
    protocolTimeout: timeoutMs,
    env: { ...process.env },
  });
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Chromium's footer: the parts in the document's direction, each isolated (`bdi`), and the page numbers unless asked not to. */
export function footerTemplate(options: PdfOptions): string {
  const language = options.metadata.language;
  const parts = options.footer.map((part) => `<bdi>${escapeHtml(part)}</bdi>`).join(' · ');
  return `<div dir="${directionOf(language)}" lang="${escapeHtml(language)}" style="font-family:'Noto Sans','Noto Sans Arabic','Noto Sans Hebrew',sans-serif;font-size:8px;color:#555;width:100%;padding:0 16mm;display:flex;justify-content:space-between">` +
    `<span>${parts}</span>${options.pageNumbers === false ? '' : '<span dir="ltr"><span class="pageNumber"></span> / <span class="totalPages"></span></span>'}</div>`;
}
