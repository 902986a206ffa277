/**
 * PDF rendering: the document worker's PdfRenderer (functions/adapters/chromium/pdf-renderer.ts) on the demo intake summary,
 * rendered exactly as the worker renders it, against two baselines measured in the same interleaved rounds:
 *
 * - raw puppeteer-core: one bare browser, launched once with the same executable, args and fonts; per document
 *   newPage -> setContent(load) -> pdf(same options) -> close page. What the renderer's own work costs on top.
 * - launch per document: new PdfRenderer -> render -> close() for every document. What keeping the browser saves.
 *
 * Chromium processes are counted before and after. Every browser this process starts is its direct child (puppeteer
 * spawns the executable itself), so the bench checks, after every close, that no child of its own running the
 * Chromium executable is left. One still alive 2 s after close() returned is killed by pid (its process group) and
 * reported, and sets a non-zero exit code (the results are still written), as does one still running at the end.
 */
import chromium from '@sparticuz/chromium';
import { chromiumProcesses, kill, processInfo, ProcessGuard, type ProcessInfo } from '../local/chromium-processes.ts';
import puppeteer, { type Browser, type PDFOptions } from 'puppeteer-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentTitle, renderDocumentHtml } from '../functions/domain/documents/document-view.ts';
import { footerTemplate, PdfRenderer } from '../functions/adapters/chromium/pdf-renderer.ts';
import type { PdfOptions } from '../functions/domain/documents/html-to-pdf.ts';
import { TemplateLibrary } from '../functions/domain/documents/templates.ts';
import { loadCatalog } from '../functions/domain/forms/catalog.ts';
import { writeFontConfig } from '../local/fonts.ts';
import { compare, figureOf, median, type BenchSuite } from './harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------------------------------------------
// The document, as functions/domain/jobs/render-document-job.ts builds it.

interface Document {
  readonly html: string;
  readonly options: PdfOptions;
}

function intakeSummaryDocument(): Document {
  const catalog = loadCatalog(join(root, 'form-schemas'));
  const agency = catalog.agency('demo');
  // formVersions.form() returns the catalog's form when the submission names the current version.
  const form = catalog.form('demo', 'intake');
  if (!agency || !form) throw new Error('the demo agency or its intake form is missing from form-schemas/');
  const schema = JSON.parse(readFileSync(join(root, 'form-schemas', 'demo', 'forms', 'intake.json'), 'utf8')) as { examples?: unknown[] };
  // The worker reads the submission back from its stored JSON.
  const data = JSON.parse(JSON.stringify(schema.examples?.[0] ?? null)) as Record<string, unknown> | null;
  if (!data) throw new Error('form-schemas/demo/forms/intake.json has no examples[0]');
  const caseId = '6f1c2a9e-4b7d-4e0a-9c3f-2d8b5e7a1c40';
  const html = renderDocumentHtml(new TemplateLibrary(join(root, 'templates')), {
    documentType: 'intake-summary', locale: 'en',
    agency, form, caseId, submissionId: '0b6e4d2f-8a13-4c5e-b7f9-1e2d3c4b5a60', receivedAt: '2026-11-23T17:30:00.000Z', data,
    assessment: { scores: [], flags: [] }, // the intake form declares no scoring: the worker passes empty lists
  });
  return { html, options: { footer: [agency.name, documentTitle(form, 'intake-summary'), caseId], paperSize: agency.branding?.paperSize ?? 'A4', metadata: { title: documentTitle(form, 'intake-summary'), author: agency.name, language: 'en' } } };
}

/** The page.pdf() options PdfRenderer.render uses: kept in step with functions/adapters/chromium/pdf-renderer.ts by hand. */
function rendererPdfOptions(options: PdfOptions): PDFOptions {
  return {
    format: options.paperSize,
    printBackground: true,
    tagged: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: footerTemplate(options),
    margin: { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' },
  };
}

// ---------------------------------------------------------------------------------------------------------------
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the promise's outcome, or with 'timed out' after `ms`; never rejects. */
async function within(promise: Promise<unknown>, ms: number): Promise<'done' | 'failed' | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    promise.then(() => 'done' as const, () => 'failed' as const),
    new Promise<'timed out'>((resolve) => { timer = setTimeout(() => resolve('timed out'), ms); }),
  ]);
  clearTimeout(timer);
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// The candidates.

async function launchBare(executable: string): Promise<Browser> {
  // What PdfRenderer's launch() passes: same executable, args, headless mode and environment (FONTCONFIG_FILE).
  return puppeteer.launch({ executablePath: executable, args: chromium.args, headless: 'shell', env: { ...process.env } });
}

type Stage = 'newPage' | 'setContent' | 'pdf' | 'close page';

/** The bare sequence; `stages` collects where the time goes (a timestamp between steps costs nothing measurable). */
async function rawRender(browser: Browser, html: string, pdfOptions: PDFOptions, stages: Record<Stage, number[]>): Promise<Buffer> {
  let last = process.hrtime.bigint();
  const lap = (stage: Stage) => {
    const now = process.hrtime.bigint();
    stages[stage].push(Number(now - last) / 1e6);
    last = now;
  };
  const page = await browser.newPage();
  lap('newPage');
  try {
    await page.setContent(html, { waitUntil: 'load' });
    lap('setContent');
    const pdf = Buffer.from(await page.pdf(pdfOptions));
    lap('pdf');
    return pdf;
  } finally {
    await page.close().catch(() => undefined);
    lap('close page');
  }
}

/** Closes a browser we launched; if its process outlives close(), kills it by pid. */
async function closeBrowser(guard: ProcessGuard, browser: Browser, by: string): Promise<void> {
  const pid = browser.process()?.pid;
  const mine = pid === undefined ? [] : [processInfo(pid)].filter((p): p is ProcessInfo => p !== undefined);
  await within(browser.close(), 10_000);
  await guard.settle(by, new Set(), 2_000, mine);
}

/** Closes a PdfRenderer; if a Chromium process of ours other than `keep` outlives close(), kills it by pid. */
async function closeRenderer(guard: ProcessGuard, renderer: PdfRenderer, by: string, keep: ReadonlySet<number>): Promise<void> {
  await within(renderer.close(), 10_000);
  await guard.settle(by, keep);
}

const isPdf = (pdf: Buffer): boolean => pdf.subarray(0, 5).toString('latin1') === '%PDF-' && pdf.length > 1000;

// ---------------------------------------------------------------------------------------------------------------

export const suite: BenchSuite = {
  name: 'pdf',
  description: 'PDF rendering of the demo intake summary: the warm PdfRenderer vs a bare puppeteer-core browser (same executable, args, fonts, pdf options) and vs launching a browser per document. Chromium processes counted before and after.',
  async run(context) {
    const rounds = context.quick ? 5 : 21;
    const perRound = context.quick ? 2 : 3;
    const warmups = context.quick ? 2 : 4;
    const workDir = mkdtempSync(join(tmpdir(), 'caseforms-bench-pdf-'));
    const previousFontConfig = process.env.FONTCONFIG_FILE;
    // As local/stack.ts does before anything launches: the fonts shipped in node_modules, nothing else.
    process.env.FONTCONFIG_FILE = writeFontConfig(workDir);

    const executable = await chromium.executablePath();
    const guard = new ProcessGuard(executable);
    const globalBefore = chromiumProcesses(executable).length;
    const oursBefore = guard.ours().length;
    const document = intakeSummaryDocument();
    const pdfOptions = rendererPdfOptions(document.options);
    context.log(`chromium ${executable}: ${globalBefore} process(es) running before (any user), ${oursBefore} of ours; document ${document.html.length} chars of HTML`);

    const service = new PdfRenderer();
    let raw: Browser | undefined;
    const sizes = { service: [] as number[], raw: [] as number[], launch: [] as number[] };
    const times = { service: [] as number[], raw: [] as number[], launch: [] as number[] };
    let launchPerDocumentCloses = 0;
    const stages: Record<Stage, number[]> = { newPage: [], setContent: [], pdf: [], 'close page': [] };
    try {
      // The two long-lived browsers, started (and warmed) outside the timing.
      const launchStart = process.hrtime.bigint();
      raw = await launchBare(executable);
      const rawLaunchMs = Number(process.hrtime.bigint() - launchStart) / 1e6;
      const rawBrowser = raw;
      const firstServiceStart = process.hrtime.bigint();
      sizes.service.push((await service.render(document.html, document.options)).length);
      const firstServiceMs = Number(process.hrtime.bigint() - firstServiceStart) / 1e6;
      const longLived = new Set(guard.ours().map((p) => p.pid));
      if (longLived.size !== 2) context.log(`WARNING: expected 2 Chromium processes of ours (service + raw), found ${longLived.size}`);

      const tasks = {
        service: async () => {
          const start = process.hrtime.bigint();
          const pdf = await service.render(document.html, document.options);
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          if (!isPdf(pdf)) throw new Error('PdfRenderer.render returned no PDF');
          sizes.service.push(pdf.length);
          return ms;
        },
        raw: async () => {
          const start = process.hrtime.bigint();
          const pdf = await rawRender(rawBrowser, document.html, pdfOptions, stages);
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          if (!isPdf(pdf)) throw new Error('raw puppeteer returned no PDF');
          sizes.raw.push(pdf.length);
          return ms;
        },
        launch: async () => {
          const start = process.hrtime.bigint();
          const renderer = new PdfRenderer();
          const pdf = await renderer.render(document.html, document.options);
          // The close itself is part of a per-document browser's cost; the leftover check after it is not.
          const closed = await within(renderer.close(), 10_000);
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          if (closed === 'timed out') context.log('WARNING: PdfRenderer.close() did not return within 10 s');
          launchPerDocumentCloses++;
          await guard.settle('PdfRenderer.close() (launch per document)', longLived);
          if (!isPdf(pdf)) throw new Error('a fresh PdfRenderer returned no PDF');
          sizes.launch.push(pdf.length);
          return ms;
        },
      };
      const order = ['service', 'raw', 'launch'] as const;

      context.log(`warm-up: ${warmups} documents each`);
      for (let i = 0; i < warmups; i++) for (const name of order) if (name !== 'launch' || i < 2) await tasks[name]();
      for (const key of order) sizes[key].length = 0;
      for (const values of Object.values(stages)) values.length = 0;

      // A round: `perRound` documents on each warm browser, alternating which goes first, and one launch per
      // document at a rotating place among them; a warm figure's round value is the mean of its documents.
      context.log(`${rounds} interleaved rounds of ${perRound} warm PdfRenderer + ${perRound} raw puppeteer documents + 1 launch per document`);
      for (let round = 0; round < rounds; round++) {
        const sums = { service: 0, raw: 0 };
        const launchAt = round % (2 * perRound + 1);
        const slots: ('service' | 'raw' | 'launch')[] = [];
        for (let k = 0; k < perRound; k++) slots.push(...((k + round) % 2 === 0 ? ['service', 'raw'] as const : ['raw', 'service'] as const));
        slots.splice(launchAt, 0, 'launch');
        for (const name of slots) {
          const ms = await tasks[name]();
          if (name === 'launch') times.launch.push(ms);
          else sums[name] += ms;
        }
        times.service.push(sums.service / perRound);
        times.raw.push(sums.raw / perRound);
      }

      const serviceFigure = figureOf(`PdfRenderer.render, browser warm (the service; mean of ${perRound} per round)`, 'ms', times.service);
      const rawFigure = figureOf(`raw puppeteer-core, browser warm: newPage, setContent, pdf, close page (mean of ${perRound} per round)`, 'ms', times.raw);
      const launchFigure = figureOf('launch per document: new PdfRenderer -> render -> close()', 'ms', times.launch);
      const overhead = serviceFigure.value / rawFigure.value;
      const speedup = launchFigure.value / serviceFigure.value;
      context.log(`service ${serviceFigure.value.toFixed(1)} ms, raw ${rawFigure.value.toFixed(1)} ms (${overhead.toFixed(2)}×, target ≤ 1.2×), launch per document ${launchFigure.value.toFixed(1)} ms (service ${speedup.toFixed(1)}× faster, target ≥ 3×)`);

      // The service's browser must still be the one it started with: a relaunch mid-run would hide in the figures.
      const stillLongLived = guard.ours().filter((p) => longLived.has(p.pid)).length;

      // Close the long-lived browsers and check they are gone.
      await closeRenderer(guard, service, 'PdfRenderer.close() (warm service)', new Set([rawBrowser.process()?.pid ?? -1]));
      await closeBrowser(guard, rawBrowser, 'Browser.close() (raw puppeteer)');
      raw = undefined;

      const sizeOf = (values: number[]) => Math.round(median(values));
      const servicePdf = sizeOf(sizes.service);
      const rawPdf = sizeOf(sizes.raw);
      if (Math.abs(servicePdf - rawPdf) > 0.02 * servicePdf) {
        context.log(`WARNING: the raw baseline's PDF (${rawPdf} B) differs from the service's (${servicePdf} B) by more than 2%: are its pdf options still the renderer's?`);
      }

      const oursAfter = guard.ours();
      const globalAfter = chromiumProcesses(executable).length;
      const leftBehind = guard.leftBehind;
      const facts: Record<string, string | number> = {
        'PDF bytes (service, median)': servicePdf,
        'PDF bytes (raw puppeteer, median)': rawPdf,
        'HTML chars': document.html.length,
        'paper size': document.options.paperSize,
        'service / raw puppeteer (target ≤ 1.2×)': `${overhead.toFixed(2)}× ${overhead <= 1.2 ? 'met' : 'NOT MET'}`,
        'warm service vs launch per document (target ≥ 3×)': `${speedup.toFixed(1)}× faster ${speedup >= 3 ? 'met' : 'NOT MET'}`,
        ...Object.fromEntries(Object.entries(stages).map(([stage, values]) => [`raw puppeteer: ${stage} (ms, median)`, Number(median(values).toFixed(1))])),
        'first render incl. launch (service, ms)': Math.round(firstServiceMs),
        'bare launch (raw puppeteer, ms)': Math.round(rawLaunchMs),
        'service browser kept through the run': stillLongLived === longLived.size ? 'yes' : 'NO: relaunched',
        'browser closes checked': launchPerDocumentCloses + 2,
        'chromium processes before (any user)': globalBefore,
        'chromium processes after (any user)': globalAfter,
        'chromium processes of this bench before': oursBefore,
        'chromium processes of this bench after': oursAfter.length,
        'left alive after close() (killed by the bench)': leftBehind.length === 0 ? 0 : leftBehind.map((l) => `${l.pid} by ${l.by}`).join('; '),
      };
      if (leftBehind.length > 0) {
        process.exitCode = 1; // a close() that leaves Chromium running is a regression even though the bench cleaned up
        context.log(`!!! ERROR: ${leftBehind.length} Chromium process(es) were still alive 2 s after close() returned: ${leftBehind.map((l) => `${l.pid} (${l.by})`).join(', ')}; the bench killed them by pid`);
      }
      if (oursAfter.length > 0) {
        process.exitCode = 1;
        context.log(`!!! ERROR: ${oursAfter.length} Chromium process(es) of this bench are STILL RUNNING: ${oursAfter.map((p) => p.pid).join(', ')}`);
      }
      if (globalAfter > globalBefore) {
        context.log(`!!! WARNING: ${globalAfter} Chromium processes after vs ${globalBefore} before (none of them this bench's: other sessions may be rendering)`);
      }
      return {
        comparisons: [
          compare(`intake summary PDF (demo, ${document.options.paperSize}), browser warm (median of ${rounds})`, rawFigure, [serviceFigure], { atMost: 1.2 }),
          compare(`intake summary PDF: launch per document vs the warm service (median of ${rounds})`, launchFigure, [serviceFigure], { atLeast: 3 }),
        ],
        facts,
      };
    } finally {
      // On an error: nothing of ours may outlive the bench.
      await within(service.close(), 10_000);
      if (raw) await within(raw.close(), 10_000);
      for (const p of guard.ours()) kill(p);
      if (previousFontConfig === undefined) delete process.env.FONTCONFIG_FILE;
      else process.env.FONTCONFIG_FILE = previousFontConfig;
      rmSync(workDir, { recursive: true, force: true });
    }
  },
};
