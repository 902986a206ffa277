import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfRenderer } from '../../functions/adapters/chromium/pdf-renderer.ts';
import { documentLocale, localizedTitle, renderDocumentHtml } from '../../functions/domain/documents/document-view.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import type { SignatureEvidence } from '../../functions/domain/signatures/evidence.ts';
import { sealDocument, type SealedDocument } from '../../functions/domain/seal/seal-document.ts';
import { localSigningKey } from '../../local/agency-signing-key.ts';
import { writeFontConfig } from '../../local/fonts.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { pdffonts, pdfinfo, pdfsig, pdftotext } from '../support/pdf-tools.ts';
import { pagePng } from './pdf-raster.ts';
import { packDocuments } from './pack-documents.ts';

/**
 * The seal (issue 23): a care plan as the document worker renders it, its signature page appended, and the agency's
 * PAdES signature over the whole file, checked the way anyone else would check it, with poppler's pdfsig; then the
 * signature page read back with pdftotext. The demo in English, Spanish and Arabic, and Harbor (its own name and
 * signers) in French. SEAL_PNG=<dir> writes each sealed PDF's signature page, to look at.
 */

const catalog = loadCatalog(formsDirWithHarbor());
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const plain = (text: string) => text.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let workDir: string;
let renderer: PdfRenderer;
const originals = new Map<string, Buffer>();
const sealed = new Map<string, SealedDocument>();

const CONSENT = {
  en: 'You agree to sign this document electronically. You may ask for a paper copy instead, free of charge, by calling us; you may withdraw this consent at any time before you sign.',
  es: 'Acepta firmar este documento electrónicamente. Puede pedir una copia en papel, sin costo, llamándonos; puede retirar este consentimiento en cualquier momento antes de firmar.',
  fr: 'Vous acceptez de signer ce document électroniquement. Vous pouvez demander une copie papier gratuite en nous appelant, et retirer ce consentement à tout moment avant de signer.',
  ar: 'توافق على توقيع هذا المستند إلكترونيًا. يمكنك طلب نسخة ورقية مجانًا بالاتصال بنا، ويمكنك سحب هذه الموافقة في أي وقت قبل التوقيع.',
} as const;
const INTENT = { en: 'I agree to this care plan', es: 'Acepto este plan de atención', fr: "J'accepte ce plan d'accompagnement", ar: 'أوافق على خطة الرعاية هذه' } as const;

/** The client signs from a link, in their language; then a staff member signs in the staff pages (in English). */
function evidenceFor(language: keyof typeof CONSENT, documentSha256: string, client: string, staff: { role: string; name: string; id: string }): SignatureEvidence[] {
  return [
    {
      signerRole: 'client', signerName: client, method: 'typed', intentText: INTENT[language], consentText: CONSENT[language], locale: language,
      signedAt: '2027-03-03T16:15:30.000Z', identifiedBy: 'link-and-code: m•••@example.org', sourceAddress: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0 Mobile Safari/537.36', documentSha256,
    },
    {
      signerRole: staff.role, signerName: staff.name, method: 'typed', intentText: INTENT.en, locale: 'en',
      signedAt: '2027-03-04T09:02:00.000Z', identifiedBy: `staff-session: ${staff.id}`, sourceAddress: '198.51.100.20',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0', documentSha256,
    },
  ];
}

async function carePlan(agencyId: string, clientLanguage: string) {
  const agency = catalog.agency(agencyId)!;
  const document = packDocuments(catalog, catalog.pack(agencyId)!).find((one) => one.documentType === 'care-plan')!;
  const locale = documentLocale(templates, agency, 'care-plan', clientLanguage);
  const input = document.input(locale);
  const title = localizedTitle(templates, input);
  const pdf = await renderer.render(renderDocumentHtml(templates, input), {
    footer: [agency.name, title, input.caseId], paperSize: 'A4', metadata: { title, author: agency.name, language: locale },
  });
  return { agency, locale, title, pdf };
}

const cases = [
  { key: 'demo en', agencyId: 'demo', language: 'en', client: 'Maria Lopez', staff: { role: 'case-manager', name: 'Dana Whitfield', id: 'dev-0a1b2c' } },
  { key: 'demo es', agencyId: 'demo', language: 'es', client: 'María López', staff: { role: 'case-manager', name: 'Dana Whitfield', id: 'dev-0a1b2c' } },
  { key: 'demo ar', agencyId: 'demo', language: 'ar', client: 'مريم حداد', staff: { role: 'case-manager', name: 'Dana Whitfield', id: 'dev-0a1b2c' } },
  { key: 'harbor fr', agencyId: 'harbor', language: 'fr', client: 'Élodie Marchand', staff: { role: 'supervisor', name: 'Paul Okafor', id: 'dev-9f8e7d' } },
] as const;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'caseforms-seal-'));
  process.env.FONTCONFIG_FILE = writeFontConfig(workDir);
  renderer = new PdfRenderer();
  for (const { key, agencyId, language, client, staff } of cases) {
    const { agency, locale, title, pdf } = await carePlan(agencyId, language);
    expect(locale).toBe(language);
    originals.set(key, pdf);
    const one = await sealDocument({
      pdf, evidence: evidenceFor(language, sha256(pdf), client, staff), agency, locale, documentTitle: title, templates,
      htmlToPdf: renderer, signingKey: localSigningKey(join(workDir, 'signing'), agency), clock: () => new Date('2027-03-04T09:05:00.000Z'),
    });
    sealed.set(key, one);
    if (process.env.SEAL_PNG) {
      const pages = (await PDFDocument.load(one.pdf)).getPageCount();
      const lastPage = (await PDFDocument.create());
      const [copied] = await lastPage.copyPages(await PDFDocument.load(one.pdf), [pages - 1]);
      lastPage.addPage(copied);
      writeFileSync(join(process.env.SEAL_PNG, `${key.replace(' ', '-')}.png`), pagePng(Buffer.from(await lastPage.save()), { dpi: 80 }));
    }
  }
}, 180_000);

afterAll(async () => {
  await renderer?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const pageCount = async (pdf: Buffer) => (await PDFDocument.load(pdf)).getPageCount();
/**
 * The text of the appended signature page(s), everything after the original's pages, without spaces: pdftotext
 * drops the space after a value set apart in its own direction, and splits Arabic words in narrow cells.
 */
async function signaturePageText(key: string): Promise<string> {
  const first = (await pageCount(originals.get(key)!)) + 1;
  return squeezed(pdftotext(sealed.get(key)!.pdf, ['-f', String(first)]));
}
const squeezed = (text: string) => plain(text).replace(/\s/g, '');
const expectWords = (text: string, expected: readonly string[]) => {
  for (const words of expected) expect(text, words).toContain(squeezed(words));
};

describe('the sealed PDF carries one PAdES signature by the agency over the whole file', () => {
  it.each(cases.map((one) => [one.key, one.agencyId]))('%s: pdfsig says valid, whole document, ETSI.CAdES.detached, signed by the agency', (key, agencyId) => {
    const report = pdfsig(sealed.get(key)!.pdf);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signing Hash Algorithm: SHA-256');
    expect(report).toContain(`Signer Certificate Common Name: ${catalog.agency(agencyId)!.name}`);
    expect(report.match(/Signature #\d+:/g)).toHaveLength(1);
  });

  it('one byte changed inside the signed range: pdfsig reports the signature invalid (digest mismatch)', () => {
    const pdf = Buffer.from(sealed.get('demo es')!.pdf);
    // A byte of the first page's content, well inside the first signed range, so the file still parses.
    const at = pdf.indexOf('stream\n') + 'stream\n'.length + 20;
    const [, firstRangeEnd] = /\/ByteRange \[0 (\d+)/.exec(pdf.toString('latin1'))!;
    expect(at).toBeLessThan(Number(firstRangeEnd));
    pdf[at] = pdf[at]! ^ 0x01;
    const report = pdfsig(pdf);
    expect(report).not.toContain('Signature is Valid.');
    expect(report).toContain('Digest Mismatch');
  });

  it('a byte appended after the signature: no longer the whole document', () => {
    const report = pdfsig(Buffer.concat([sealed.get('demo es')!.pdf, Buffer.from('\n% appended\n')]));
    expect(report).not.toContain('Total document signed');
  });

  it('returns the SHA-256 of the sealed file, to keep on the case', () => {
    for (const { key } of cases) expect(sealed.get(key)!.sha256).toBe(sha256(sealed.get(key)!.pdf));
  });

  it("keeps the original's pages, title, language and tags, and adds the signature page after them", async () => {
    for (const { key } of cases) {
      const original = originals.get(key)!;
      const pdf = sealed.get(key)!.pdf;
      // Two signers with a consent each take one page or two.
      expect(await pageCount(pdf) - await pageCount(original)).toBeOneOf([1, 2]);
      const info = (pdf: Buffer) => Object.fromEntries(pdfinfo(pdf).split('\n').map((line) => line.split(/:\s+/, 2) as [string, string]));
      expect(info(pdf).Title).toBe(info(original).Title);
      expect(info(pdf).Author).toBe(info(original).Author);
      expect(info(pdf).Tagged).toBe('yes');
      expect((await PDFDocument.load(pdf)).catalog.get(PDFName.of('Lang'))?.toString()).toContain(key.split(' ')[1]);
      // The document's own text is untouched.
      expect(plain(pdftotext(pdf, ['-l', String(await pageCount(original))]))).toBe(plain(pdftotext(original)));
    }
  });
});

describe('the signature page, in the language of the document', () => {
  it('English: each signer with role, statement, method, time in the agency time zone, identification, address, browser, consent and the SHA-256 they saw', async () => {
    const text = await signaturePageText('demo en');
    const hash = sha256(originals.get('demo en')!);
    expectWords(text, [
      'Signatures', 'Maria Lopez · Client', 'Dana Whitfield · Case manager', 'Statement signed', 'I agree to this care plan',
      'Typed their name', 'March 3, 2027 at 10:15:30 AM CST', 'March 4, 2027 at 3:02:00 AM CST',
      'A link sent to m•••@example.org and a one-time code sent to the same address',
      "Signed in to the agency's staff pages (staff id dev-0a1b2c)", '203.0.113.7', '198.51.100.20', 'Pixel 7',
      CONSENT.en, 'None: a staff member signing while signed in', 'Riverside Community Care (demo) has digitally signed this whole file',
    ]);
    expect(text.split(hash)).toHaveLength(3);
  });

  it('Spanish: the words in Spanish, dates written the Spanish way, the client consent as they saw it', async () => {
    const text = await signaturePageText('demo es');
    expectWords(text, [
      'Firmas', 'María López · Cliente', 'Dana Whitfield · Gestor/a de casos', 'Declaración firmada', 'Acepto este plan de atención',
      'Escribió su nombre', '3 de marzo de 2027', 'Un enlace enviado a m•••@example.org', 'Consentimiento para firmar electrónicamente',
      CONSENT.es, 'Riverside Community Care (demo) ha firmado digitalmente todo este archivo',
    ]);
    expect(text).toContain(sha256(originals.get('demo es')!));
  });

  it('Arabic: right to left, with an Arabic font embedded, and Latin values kept whole', async () => {
    const key = 'demo ar';
    const text = await signaturePageText(key);
    const reversed = (value: string) => [...value].reverse().join('');
    // poppler gives right-to-left runs back in logical order; another extractor may leave them visual.
    for (const expected of ['التوقيعات', 'مريم حداد', 'العميل', 'مدير الحالة', 'طريقة التوقيع', 'كتب اسمه', 'توافق على توقيع هذا المستند'].map(squeezed)) {
      expect(text.includes(expected) || text.includes(reversed(expected)), expected).toBe(true);
    }
    expectWords(text, ['203.0.113.7', 'Dana Whitfield', 'm•••@example.org', 'Pixel 7']);
    expect(text).toContain(sha256(originals.get(key)!));
    expect(text).not.toMatch(/Signatures|Typedtheirname|Casemanager/);
    expect(pdffonts(sealed.get(key)!.pdf)).toMatch(/NotoSansArabic\S*\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it.each(cases.map((one) => [one.key]))('%s: the closing line shares its page with the last signer, never alone on a page', async (key) => {
    const pdf = sealed.get(key)!.pdf;
    const lastPage = squeezed(pdftotext(pdf, ['-f', String(await pageCount(pdf))]));
    // The staff signer comes last in every case here; their browser is on the closing line's page.
    expect(lastPage).toContain(squeezed('Firefox/140.0'));
  });

  it('a second agency (Harbor, in French): its own name, its own signers (client then supervisor), its own certificate', async () => {
    const text = await signaturePageText('harbor fr');
    expectWords(text, [
      'Harbor Tenant Aid', 'Signatures', 'Élodie Marchand · Client', 'Paul Okafor · Superviseur', 'A saisi son nom', '3 mars 2027',
      CONSENT.fr, 'Harbor Tenant Aid a signé numériquement l’ensemble de ce fichier',
    ]);
    expect(text).not.toContain('Riverside');
  });
});

describe('an optional signer asked and not heard from', () => {
  it("demo, in Spanish: the signature page says the client's optional signature was asked for and not given, and the seal is valid", async () => {
    const { agency, locale, title, pdf } = await carePlan('demo', 'es');
    const [, staffOnly] = evidenceFor('es', sha256(pdf), 'María López', { role: 'case-manager', name: 'Dana Whitfield', id: 'dev-0a1b2c' });
    const one = await sealDocument({
      pdf, evidence: [staffOnly!], notSigned: ['client'], agency, locale, documentTitle: title, templates,
      htmlToPdf: renderer, signingKey: localSigningKey(join(workDir, 'signing'), agency), clock: () => new Date('2027-03-09T09:00:00.000Z'),
    });
    if (process.env.SEAL_PNG) writeFileSync(join(process.env.SEAL_PNG, 'demo-es-not-signed.pdf'), one.pdf);
    expect(pdfsig(one.pdf)).toContain('Signature Validation: Signature is Valid.');
    const text = squeezed(pdftotext(one.pdf, ['-f', String((await pageCount(pdf)) + 1)]));
    expectWords(text, ['Solicitadas y no dadas', 'Cliente: esta firma opcional se solicitó y no se dio antes de sellar el archivo.', 'Dana Whitfield']);
    expect(text).not.toContain(squeezed('María López'));
  });

  it('every signer in: no such section', async () => {
    expect(await signaturePageText('demo es')).not.toContain(squeezed('Solicitadas y no dadas'));
  });
});
