import chromium from '@sparticuz/chromium';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { documentTitle, renderDocumentHtml } from '../../functions/domain/documents/document-view.ts';
import { PdfRenderer, RenderTimeoutError } from '../../functions/adapters/chromium/pdf-renderer.ts';
import type { PdfOptions } from '../../functions/domain/documents/html-to-pdf.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { chromiumOfOurs, isAlive, type ProcessInfo } from '../../local/chromium-processes.ts';
import { writeFontConfig } from '../../local/fonts.ts';
import { projectRoot } from '../../local/stack.ts';
import { demoExample } from '../support/test-stack.ts';

// The renderer's Chromium processes, seen from /proc (local/chromium-processes.ts): PdfRenderer does not expose its
// browser, and other test files may run Chromium from the same executable at the same time; puppeteer spawns the
// executable itself, so this test's browsers are the descendants of this test process that run it.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until none of `processes` is alive; returns those still alive after `timeoutMs`. */
async function waitUntilGone(processes: readonly ProcessInfo[], timeoutMs = 5_000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = processes.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    alive = processes.filter(isAlive);
  }
  return alive;
}

const isPdf = (pdf: Buffer): boolean => pdf.subarray(0, 5).toString('latin1') === '%PDF-';

describe('the PDF renderer and its Chromium processes', () => {
  let executable: string;
  let workDir: string;
  let previousFontConfig: string | undefined;
  let html: string;
  let options: PdfOptions;
  /** Chromium children this process had before each test (another file's, if the worker is reused): never ours to judge. */
  let before = new Set<number>();
  const renderers: PdfRenderer[] = [];

  /** This test's Chromium processes: children of this process started since the test began. */
  const started = () => chromiumOfOurs(executable).filter((p) => !before.has(p.pid));

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'caseforms-renderer-'));
    previousFontConfig = process.env.FONTCONFIG_FILE;
    process.env.FONTCONFIG_FILE = writeFontConfig(workDir); // as the local stack does, before anything launches
    executable = await chromium.executablePath();
    // The demo intake summary, as the document worker renders it.
    const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
    const agency = catalog.agency('demo')!;
    const form = catalog.form('demo', 'intake')!;
    html = renderDocumentHtml(new TemplateLibrary(join(projectRoot, 'templates')), {
      documentType: 'intake-summary', locale: 'en',
      agency, form, caseId: 'case-1', submissionId: 'sub-1', receivedAt: '2026-11-23T17:30:00.000Z', data: demoExample(),
      assessment: { scores: [], flags: [] },
    });
    options = { footer: [agency.name, documentTitle(form, 'intake-summary'), 'case-1'], paperSize: agency.branding?.paperSize ?? 'A4', metadata: { title: documentTitle(form, 'intake-summary'), author: agency.name, language: 'en' } };
  });

  afterEach(async () => {
    // Whatever a failed assertion left: close it, and kill what close() did not end, so nothing outlives the test.
    for (const renderer of renderers.splice(0)) await renderer.close().catch(() => undefined);
    for (const p of started()) {
      try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  });

  afterAll(() => {
    if (previousFontConfig === undefined) delete process.env.FONTCONFIG_FILE;
    else process.env.FONTCONFIG_FILE = previousFontConfig;
    rmSync(workDir, { recursive: true, force: true });
  });

  const newRenderer = (timeoutMs?: number): PdfRenderer => {
    before = new Set(chromiumOfOurs(executable).map((p) => p.pid));
    const renderer = new PdfRenderer(timeoutMs);
    renderers.push(renderer);
    return renderer;
  };

  it('renders two documents in one browser and leaves no Chromium process after close()', async () => {
    // Prepare
    const renderer = newRenderer();

    // Act
    const first = await renderer.render(html, options);
    const afterFirst = started();
    const second = await renderer.render(html, options);
    const afterSecond = started();
    await renderer.close();
    const left = await waitUntilGone(afterSecond);

    // Assess
    expect(isPdf(first) && isPdf(second)).toBe(true);
    expect(afterFirst).toHaveLength(1); // one browser...
    expect(afterSecond.map((p) => p.pid)).toEqual(afterFirst.map((p) => p.pid)); // ...kept for the second document
    expect(left.map((p) => p.pid), 'Chromium processes still running 5 s after PdfRenderer.close()').toEqual([]);
    expect(started(), 'Chromium processes of this test after close()').toEqual([]);
  });

  it('relaunches its browser after the browser process was killed, and the next render succeeds', async () => {
    // Prepare: a warm renderer whose browser then dies from outside (an OOM kill, a crash).
    const renderer = newRenderer();
    expect(isPdf(await renderer.render(html, options))).toBe(true);
    const [crashed, ...others] = started();
    expect(crashed).toBeDefined();
    expect(others).toEqual([]);
    process.kill(crashed!.pid, 'SIGKILL');
    expect(await waitUntilGone([crashed!]), 'the killed browser process').toEqual([]);
    // Let the event loop read the dead browser's closed connection. PdfRenderer learns of the crash only from
    // puppeteer's 'disconnected' event: a render() issued before then still fails (see the test below).
    await sleep(100);

    // Act
    const pdf = await renderer.render(html, options);
    const relaunched = started();
    await renderer.close();
    const left = await waitUntilGone(relaunched);

    // Assess
    expect(isPdf(pdf)).toBe(true);
    expect(relaunched).toHaveLength(1);
    expect(relaunched[0]!.pid).not.toBe(crashed!.pid);
    expect(left.map((p) => p.pid), 'Chromium processes still running 5 s after PdfRenderer.close()').toEqual([]);
    expect(started()).toEqual([]);
  });

  // A render that reaches the browser after it died, before puppeteer's 'disconnected' event: retried once.
  it('renders on a fresh browser even when render() comes right after the kill', async () => {
    const renderer = newRenderer();
    expect(isPdf(await renderer.render(html, options))).toBe(true);
    const [crashed] = started();
    process.kill(crashed!.pid, 'SIGKILL');

    const pdf = await renderer.render(html, options);

    expect(isPdf(pdf)).toBe(true);
  });

  it('gives up on a frozen browser at its deadline, kills it, and renders the next document on a fresh one', async () => {
    // Prepare: a warm renderer whose browser then stops answering (SIGSTOP: alive, but frozen, like a starved process).
    const renderer = newRenderer(3_000);
    expect(isPdf(await renderer.render(html, options))).toBe(true);
    const [frozen] = started();
    process.kill(frozen!.pid, 'SIGSTOP');

    // Act
    const startedAt = Date.now();
    const outcome = await renderer.render(html, options).then(() => 'rendered', (error: unknown) => error);
    const waited = Date.now() - startedAt;
    const goneAfterTimeout = await waitUntilGone([frozen!]);
    const pdf = await renderer.render(html, options);

    // Assess
    expect(outcome).toBeInstanceOf(RenderTimeoutError);
    expect(waited).toBeGreaterThanOrEqual(3_000);
    expect(goneAfterTimeout.map((p) => p.pid), 'the frozen browser, after the timed-out render').toEqual([]);
    expect(isPdf(pdf)).toBe(true);
    expect(started().map((p) => p.pid)).not.toContain(frozen!.pid);
  });
});
