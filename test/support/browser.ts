import chromium from '@sparticuz/chromium';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page, type Viewport } from 'puppeteer-core';
import { expect } from 'vitest';
import { writeFontConfig } from '../../local/fonts.ts';
import { closeBrowser } from '../../functions/adapters/chromium/pdf-renderer.ts';

/**
 * A real browser for tests of the public pages: the same Chromium the document worker renders with, launched the way
 * functions/adapters/chromium/pdf-renderer.ts launches it, reading only the fonts the project ships (a fontconfig file in a
 * temporary folder, set before the launch). close() ends it and everything it started, and puts FONTCONFIG_FILE back.
 */
export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function launchTestBrowser(): Promise<TestBrowser> {
  const workDir = mkdtempSync(join(tmpdir(), 'caseforms-browser-'));
  const previousFontConfig = process.env.FONTCONFIG_FILE;
  process.env.FONTCONFIG_FILE = writeFontConfig(workDir);
  const restore = () => {
    if (previousFontConfig === undefined) delete process.env.FONTCONFIG_FILE;
    else process.env.FONTCONFIG_FILE = previousFontConfig;
    rmSync(workDir, { recursive: true, force: true });
  };
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: await chromium.executablePath(),
      args: chromium.args,
      headless: 'shell',
      protocolTimeout: 30_000,
      env: { ...process.env },
    });
  } catch (error) {
    restore();
    throw error;
  }
  return {
    browser,
    async close() {
      await closeBrowser(browser);
      restore();
    },
  };
}

/** axe-core's own build, as the page runs it. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

/**
 * Runs axe-core on the page as it stands against WCAG 2.1 A and AA. The source goes in through DevTools
 * (page.evaluate): the pages' Content-Security-Policy forbids every script, so a script tag would not run.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  // A string, not a function: nothing the test's transpiler adds to a function's source can reach the page.
  return page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA_TAGS)} }, resultTypes: ['violations'] })
    .then((results) => results.violations.map((violation) => ({
      id: violation.id, impact: violation.impact ?? null, help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    })))`) as Promise<AxeViolation[]>;
}

/** One line per violation, for an assertion message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`).join('\n');
}

/** A phone's viewport, the narrowest the pages are made for. */
export const PHONE: Viewport = { width: 360, height: 740, deviceScaleFactor: 1 };

/**
 * axe on the page as the user has it, at `viewport`: its DOM copied into a page without the CSP (axe's own script
 * needs that), and no WCAG 2.1 A or AA violation expected.
 */
export async function expectAccessible(browser: Browser, page: Page, what: string, viewport: Viewport = PHONE): Promise<void> {
  const copy = await browser.newPage();
  try {
    await copy.setBypassCSP(true);
    await copy.setViewport(viewport);
    await copy.setContent(await page.content(), { waitUntil: 'load' });
    const violations = await axeViolations(copy);
    expect(violations, `axe found WCAG 2.1 AA violations on ${what}:\n${describeViolations(violations)}`).toEqual([]);
  } finally {
    await copy.close();
  }
}

/** What sticks out past a phone's width (tables scroll inside their own box): '' when nothing does. */
export const fitsThePhone = (page: Page): Promise<string> => page.evaluate(`[
  ...[...document.querySelectorAll('body *')]
    .filter((e) => !e.parentElement.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((e) => e.tagName + ' ' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)),
  ...(document.documentElement.scrollWidth > window.innerWidth ? ['the page scrolls sideways to ' + document.documentElement.scrollWidth] : []),
].join('; ')`) as Promise<string>;

/**
 * Starts noting each upload progress bar of a file question as the page's script removes it (`[value, max]`), so a
 * test can see that every upload finished full before its bar went: read them with `finishedUploads`.
 */
export function watchUploadProgress(page: Page, questionId: string): Promise<void> {
  return page.evaluate(`window.finished = [];
    new MutationObserver((changes) => changes.forEach((change) => change.removedNodes.forEach((node) => {
      const bar = node.querySelector && node.querySelector('progress');
      if (bar) window.finished.push([bar.value, bar.max]);
    }))).observe(document.getElementById(${JSON.stringify(`${questionId}-uploading`)}), { childList: true });`) as Promise<void>;
}

/** The progress bars `watchUploadProgress` saw go, as `[value, max]`. */
/** Every request the page makes from now on, as `METHOD url`: which addresses a walk really reached. */
export function recordRequests(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  return requests;
}

export const finishedUploads = (page: Page): Promise<Array<[number, number]>> => page.evaluate('window.finished') as Promise<Array<[number, number]>>;

