import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentLocale, localizedTitle, renderDocumentHtml } from '../../functions/domain/documents/document-view.ts';
import { PdfRenderer } from '../../functions/adapters/chromium/pdf-renderer.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { writeFontConfig } from '../../local/fonts.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { pdfinfo, pdftotext } from '../support/pdf-tools.ts';
import { pagePng } from './pdf-raster.ts';
import { packDocuments } from './pack-documents.ts';

/**
 * The end-to-end proof of the every-locale test (every-locale.test.ts renders HTML): real PDFs of a care plan and a
 * discharge summary for clients who chose Spanish or Arabic (the demo) or French (Harbor), read back with poppler.
 * Headings, labels, choices, score bands and dates come out in the client's language; Arabic runs right to left.
 */

const catalog = loadCatalog(formsDirWithHarbor());
const templates = new TemplateLibrary(join(projectRoot, 'templates'));

/** Bidi controls pdftotext may wrap around a right-to-left run. */
const plain = (text: string) => text.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');

let workDir: string;
let renderer: PdfRenderer;
const pdfs = new Map<string, Buffer>();

async function render(agencyId: string, documentType: string, clientLanguage: string): Promise<Buffer> {
  const agency = catalog.agency(agencyId)!;
  const document = packDocuments(catalog, catalog.pack(agencyId)!).find((one) => one.documentType === documentType)!;
  // The language the document worker would choose for this client.
  const locale = documentLocale(templates, agency, documentType, clientLanguage);
  const input = document.input(locale);
  const title = localizedTitle(templates, input);
  return renderer.render(renderDocumentHtml(templates, input), {
    footer: [agency.name, title, input.caseId], paperSize: 'A4', metadata: { title, author: agency.name, language: locale },
  });
}

const cases = [
  ['demo', 'care-plan', 'es'], ['demo', 'care-plan', 'ar'], ['demo', 'discharge-summary', 'ar'],
  ['harbor', 'care-plan', 'fr'], ['harbor', 'discharge-summary', 'fr'],
] as const;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'caseforms-client-language-'));
  process.env.FONTCONFIG_FILE = writeFontConfig(workDir);
  renderer = new PdfRenderer();
  for (const [agencyId, documentType, language] of cases) {
    const pdf = await render(agencyId, documentType, language);
    pdfs.set(`${agencyId} ${documentType} ${language}`, pdf);
    if (process.env.CLIENT_LANGUAGE_PNG) writeFileSync(join(process.env.CLIENT_LANGUAGE_PNG, `${agencyId}-${documentType}-${language}.pdf`), pdf);
    // CLIENT_LANGUAGE_PNG=<dir> writes page 1 of each, to look at.
    if (process.env.CLIENT_LANGUAGE_PNG) writeFileSync(join(process.env.CLIENT_LANGUAGE_PNG, `${agencyId}-${documentType}-${language}.png`), pagePng(pdf, { dpi: 80 }));
  }
}, 120_000);

afterAll(async () => {
  await renderer?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const text = (key: string) => plain(pdftotext(pdfs.get(key)!));

describe("care plans and discharge summaries in the client's language, as PDFs", () => {
  it('a Spanish-speaking client of the demo gets a Spanish care plan: headings, labels, choices, bands, dates', () => {
    const pdf = pdfs.get('demo care-plan es')!;
    const words = text('demo care-plan es');
    for (const expected of [
      'Plan de atención', 'Resultados de la evaluación (Evaluación de necesidades, 1 de diciembre de 2026)', 'Área Vivienda', 'Apoyo social',
      'Puntuaciones', 'Total del PHQ-9', 'Leve', 'Objetivos', 'Resultado medible', 'Fecha prevista',
      'Revisaremos este plan con usted a más tardar el 15 de enero de 2030', 'Firma del cliente y fecha',
    ]) expect(words, expected).toContain(expected);
    // Typed text stays as staff wrote it; codes never show.
    expect(words).toContain('Motivated; close to her sister.');
    expect(words).not.toMatch(/social-support|Care plan|Goals|Target date|Mild\b/);
    expect(pdfinfo(pdf)).toMatch(/Title:\s+Plan de atención/);
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(es\)/);
  });

  it('an Arabic-speaking client gets Arabic documents, laid out right to left', () => {
    // pdftotext may split an Arabic word in a narrow table cell into spaced letters: compare without spaces.
    const words = text('demo care-plan ar').replace(/ /g, '');
    const reversed = (value: string) => [...value].reverse().join('');
    // poppler gives right-to-left runs back in logical order; another extractor may leave them visual.
    for (const expected of ['خطة الرعاية', 'الأهداف', 'السكن', 'خفيفة', 'توقيع العميل والتاريخ'].map((phrase) => phrase.replace(/ /g, ''))) {
      expect(words.includes(expected) || words.includes(reversed(expected)), expected).toBe(true);
    }
    expect(text('demo care-plan ar')).not.toMatch(/Care plan|Goals|Target date|Mild\b/);
    expect(pdfs.get('demo care-plan ar')!.toString('latin1')).toMatch(/\/Lang \(ar\)/);
    // The heading starts at the right margin: its words' boxes sit in the right half of the page.
    const boxes = wordBoxes(pdfs.get('demo care-plan ar')!);
    const heading = boxes.find((box) => box.word.includes('الرعاية') || box.word.includes(reversed('الرعاية')))!;
    expect(heading.xMin).toBeGreaterThan(boxes.pageWidth / 2);
    const discharge = text('demo discharge-summary ar');
    const title = 'ملخصالخروجوالانتقال';
    expect(discharge.replace(/ /g, '').includes(title) || discharge.replace(/ /g, '').includes(reversed(title))).toBe(true);
    expect(discharge).not.toMatch(/Discharge|Services received/);
  });

  it('a French-speaking client of Harbor gets French documents from the default templates, with the choices in French', () => {
    const carePlan = text('harbor care-plan fr');
    for (const expected of [
      "Plan d'accompagnement", 'Objectifs', "Type d'objectif Rester dans le logement", 'Représentation juridique prévue Oui',
      'Score de stabilité du logement', 'À risque', "Type de location Au mois", 'au plus tard le 1 février 2030',
    ]) expect(carePlan, expected).toContain(expected);
    expect(carePlan).not.toMatch(/stay-housed|month-to-month|Stay in the home|Goals|Yes\b/);
    const discharge = text('harbor discharge-summary fr');
    expect(discharge).toContain('Résultat Resté dans le logement');
    expect(discharge).toContain('Clôturé le 20 mars 2027');
    expect(discharge).not.toMatch(/stayed-housed|Stayed in the home|Closed on/);
  });
});

/** Word boxes from `pdftotext -bbox` (page 1), in points. */
function wordBoxes(pdf: Buffer): Array<{ word: string; xMin: number }> & { pageWidth: number } {
  const dir = mkdtempSync(join(workDir, 'bbox-'));
  const file = join(dir, 'page.pdf');
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  const pageWidth = Number(/<page width="([\d.]+)"/.exec(html)![1]);
  const boxes = [...html.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((match) => ({ word: plain(match[2]!), xMin: Number(match[1]) }));
  return Object.assign(boxes, { pageWidth });
}
