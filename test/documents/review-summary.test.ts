import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import type { CaseSubmission } from '../../functions/domain/jobs/job-ports.ts';
import { runWireJob } from '../support/run-wire-job.ts';
import { PdfRenderer } from '../../functions/adapters/chromium/pdf-renderer.ts';
import type { PdfOptions } from '../../functions/domain/documents/html-to-pdf.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { writeFontConfig } from '../../local/fonts.ts';
import { projectRoot } from '../../local/stack.ts';
import { MemoryJobPorts } from '../support/memory-job-ports.ts';
import { pdffonts, pdfinfo, pdftotext } from '../support/pdf-tools.ts';
import { demoExample } from '../support/test-stack.ts';

/**
 * The review summary of a case with three PHQ-9 and two GAD-7 assessments, through the real runner (case context,
 * view, template) and the real renderer: the charts' dates, values and axes must come out of the PDF as text, in
 * the shipped font, and a hostile progress note must stay text.
 */

const catalog = loadCatalog(join(projectRoot, 'form-schemas'));
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const caseId = '7d1e5a60-0000-4000-8000-000000000042';
const HOSTILE = '<script>alert(1)</script></style><b>bold</b> {{caseId}} & "quotes"';

/** Answers to a scored form whose items are `items`, scored as the catalog scores them. */
function scored(formId: 'phq-9' | 'gad-7', items: readonly number[], submissionId: string, receivedAt: string) {
  const answers: Record<string, unknown> = Object.fromEntries(items.map((value, index) => [`q${index + 1}`, value]));
  if (formId === 'phq-9') answers.difficulty = 'somewhat-difficult';
  const assessment = catalog.form('demo', formId)!.score(answers);
  const submission: CaseSubmission = {
    submissionId, formId, formVersion: 'v', receivedAt, rawKey: `${submissionId}-raw`, channel: 'public', scores: assessment.scores, flags: assessment.flags,
  };
  return { submission, answers };
}

// Received mid-afternoon in Chicago (the demo agency's time zone), so the day is the same there and in UTC.
const assessments = [
  scored('phq-9', [3, 3, 2, 2, 2, 2, 2, 2, 0], 'phq-1', '2026-01-05T21:00:00.000Z'),
  scored('gad-7', [2, 2, 2, 2, 2, 2, 2], 'gad-1', '2026-01-05T21:30:00.000Z'),
  scored('phq-9', [2, 2, 1, 1, 1, 1, 1, 2, 0], 'phq-2', '2026-02-02T21:00:00.000Z'),
  scored('phq-9', [1, 1, 1, 1, 1, 0, 1, 0, 0], 'phq-3', '2026-03-01T21:00:00.000Z'),
  scored('gad-7', [1, 1, 1, 1, 2, 1, 1], 'gad-2', '2026-03-01T21:30:00.000Z'),
];
const intake: CaseSubmission = { submissionId: 'intake-1', formId: 'intake', formVersion: 'v', receivedAt: '2025-12-15T16:00:00.000Z', rawKey: 'intake-raw', channel: 'public' };
const review: CaseSubmission = {
  submissionId: 'review-1', formId: 'review', formVersion: 'v', receivedAt: '2026-03-02T16:00:00.000Z', rawKey: 'review-raw', channel: 'staff',
  transition: { from: 'active', to: 'under-review' },
};
const job: DocumentJob = { documentType: 'review-summary', agencyId: 'demo', caseId, submissionId: review.submissionId };

let workDir: string;
let renderer: PdfRenderer;
let html = '';
let pdf: Buffer;
let text: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'caseforms-review-summary-'));
  // The renderer hands process.env to Chromium: only the shipped fonts, as in local runs.
  process.env.FONTCONFIG_FILE = writeFontConfig(workDir);
  renderer = new PdfRenderer();
  const ports = new MemoryJobPorts(
    {
      'intake-raw': { ...demoExample(), givenName: 'Zoë', familyName: 'Núñez' },
      'review-raw': { reviewedOn: '2026-03-02', progress: HOSTILE },
      ...Object.fromEntries(assessments.map(({ submission, answers }) => [submission.rawKey, answers])),
    },
    review,
    { submissions: [intake, ...assessments.map(({ submission }) => submission), review], caseManagerEmail: 'cm.rivera@demo.caseforms.example' },
  );
  let rendered: Buffer | undefined;
  await runWireJob({
    ports, catalog, templates, now: () => new Date('2026-03-02T16:00:05Z'), publicBaseUrl: 'https://api.example.org/', leaseMs: 120_000,
    formVersions: { form: async (agencyId: string, formId: string) => catalog.form(agencyId, formId) },
    renderer: {
      render: async (page: string, options: PdfOptions) => {
        html = page;
        rendered = await renderer.render(page, options);
        return rendered;
      },
    },
  }, job);
  pdf = rendered!;
  text = pdftotext(pdf);
});

afterAll(async () => {
  await renderer?.close();
  delete process.env.FONTCONFIG_FILE;
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('the review summary', () => {
  it('shows the review and, per instrument, a chart and its table: every date and value twice', () => {
    expect(text).toContain('Case review summary');
    expect(text).toContain('Zoë Núñez');
    expect(text).toContain('March 2, 2026');
    expect(text).toContain('Outcomes over time');
    expect(text).toContain('PHQ-9 total (scale 0–27)');
    expect(text).toContain('GAD-7 total (scale 0–21)');
    // Both instruments were taken on Jan 5 and Mar 1: chart axis and table row for each.
    expect(occurrences(text, 'Jan 5, 2026')).toBe(4);
    expect(occurrences(text, 'Mar 1, 2026')).toBe(4);
    expect(occurrences(text, 'Feb 2, 2026')).toBe(2);
    expect(text).toContain('Moderately severe');
    expect(text).toContain('Mild');
  });

  it('draws the charts\' labels as text: point values and the value axes up to each instrument\'s maximum', () => {
    const words = text.split(/\s+/);
    for (const value of ['18', '11', '6', '14', '8']) expect(occurrences(` ${words.join(' ')} `, ` ${value} `), value).toBeGreaterThanOrEqual(2);
    // Axis ticks: PHQ-9 0, 10, 20, 27 and GAD-7 0, 10, 21 (20 would crowd 21). Only the charts print them alone.
    for (const tick of ['0', '10', '20', '27', '21']) expect(words, tick).toContain(tick);
  });

  it('says in the chart what it shows, for a screen reader', () => {
    expect(html).toContain('role="img"');
    expect(html).toContain('<title id="trend-1-title">PHQ-9 total</title>');
    expect(html).toContain('PHQ-9 total: 18 on Jan 5, 2026; 11 on Feb 2, 2026; 6 on Mar 1, 2026</desc>');
    expect(html).toContain('GAD-7 total: 14 on Jan 5, 2026; 8 on Mar 1, 2026</desc>');
  });

  it('keeps a hostile progress note as text', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;');
    expect(text).toContain('<script>alert(1)</script></style><b>bold</b> {{caseId}} & "quotes"');
  });

  it('is tagged, and every glyph, the charts\' too, is drawn with the shipped Noto Sans', () => {
    expect(pdfinfo(pdf)).toMatch(/Tagged:\s+yes/);
    const fonts = pdffonts(pdf).split('\n').slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^NotoSans-/);
  });
});
