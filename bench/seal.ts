/**
 * The seal of a signed care plan (issue 23): sealDocument (the signature page rendered by the warm PdfRenderer,
 * appended with pdf-lib, then the PAdES signature by the pkijs CMS around the local key) against the bare library on
 * the same care plan and the same key: @signpdf's pdf-lib placeholder and P12Signer (node-forge), no signature
 * page. Measured in interleaved rounds; both outputs must be PDFs with a signature. What the ratio shows is the
 * price of the signature page (a Chromium render), not of the signing.
 */
import { P12Signer } from '@signpdf/signer-p12';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { PdfRenderer } from '../functions/adapters/chromium/pdf-renderer.ts';
import { localizedTitle, renderDocumentHtml } from '../functions/domain/documents/document-view.ts';
import { TemplateLibrary } from '../functions/domain/documents/templates.ts';
import { loadCatalog } from '../functions/domain/forms/catalog.ts';
import type { SignatureEvidence } from '../functions/domain/signatures/evidence.ts';
import { sealDocument } from '../functions/domain/seal/seal-document.ts';
import { localSigningKey, localSigningKeyFiles } from '../local/agency-signing-key.ts';
import { writeFontConfig } from '../local/fonts.ts';
import { compare, figureOf, median, type BenchSuite } from './harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const elapsed = async (task: () => Promise<Buffer>): Promise<{ ms: number; pdf: Buffer }> => {
  const start = process.hrtime.bigint();
  const pdf = await task();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, pdf };
};
const isSignedPdf = (pdf: Buffer) => pdf.subarray(0, 5).toString('latin1') === '%PDF-' && pdf.includes('/ByteRange [0 ');

export const suite: BenchSuite = {
  name: 'seal',
  description: 'Sealing a signed care plan (signature page render + append + PAdES signature, local key) vs signing the same PDF with the bare @signpdf + signer-p12, same key.',
  async run(context) {
    const rounds = context.quick ? 3 : 15;
    const workDir = mkdtempSync(join(tmpdir(), 'caseforms-bench-seal-'));
    const previousFontConfig = process.env.FONTCONFIG_FILE;
    process.env.FONTCONFIG_FILE = writeFontConfig(workDir);
    const renderer = new PdfRenderer();
    try {
      const catalog = loadCatalog(join(root, 'form-schemas'));
      const agency = catalog.agency('demo')!;
      const form = catalog.form('demo', 'care-plan')!;
      const templates = new TemplateLibrary(join(root, 'templates'));
      const answers = (JSON.parse(readFileSync(join(root, 'form-schemas', 'demo', 'forms', 'care-plan.json'), 'utf8')) as { examples: Record<string, unknown>[] }).examples[0]!;
      const input = {
        documentType: 'care-plan', locale: 'en', agency, form, caseId: '6f1c2a9e-4b7d-4e0a-9c3f-2d8b5e7a1c40', submissionId: '0b6e4d2f-8a13-4c5e-b7f9-1e2d3c4b5a60',
        receivedAt: '2026-11-23T17:30:00.000Z', data: answers, assessment: form.score(answers),
      };
      const title = localizedTitle(templates, input);
      const carePlan = await renderer.render(renderDocumentHtml(templates, input), {
        footer: [agency.name, title, input.caseId], paperSize: agency.branding?.paperSize ?? 'A4', metadata: { title, author: agency.name, language: 'en' },
      });
      const documentSha256 = createHash('sha256').update(carePlan).digest('hex');
      const evidence: SignatureEvidence[] = [
        { signerRole: 'client', signerName: 'Maria Lopez', method: 'typed', intentText: 'I agree to this care plan', consentText: 'I agree to sign electronically; I may ask for paper instead, and withdraw before I sign.', locale: 'en', signedAt: '2027-03-03T16:15:30.000Z', identifiedBy: 'link-and-code: m•••@example.org', sourceAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 (Linux; Android 14)', documentSha256 },
        { signerRole: 'case-manager', signerName: 'Dana Whitfield', method: 'typed', intentText: 'I agree to this care plan', locale: 'en', signedAt: '2027-03-04T09:02:00.000Z', identifiedBy: 'staff-session: dev-0a1b2c', sourceAddress: '198.51.100.20', userAgent: 'Mozilla/5.0 (Windows NT 10.0)', documentSha256 },
      ];
      const keyDir = join(workDir, 'signing');
      const signingKey = localSigningKey(keyDir, agency);
      const files = localSigningKeyFiles(keyDir, agency);
      const p12 = Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(
        forge.pki.privateKeyFromPem(files.keyPem), [forge.pki.certificateFromPem(files.certificatePem)], '', { algorithm: '3des' },
      )).getBytes(), 'binary');

      const tasks = {
        seal: () => elapsed(async () => (await sealDocument({
          pdf: carePlan, evidence, agency, locale: 'en', documentTitle: title, templates, htmlToPdf: renderer, signingKey, clock: () => new Date(),
        })).pdf),
        bare: () => elapsed(async () => {
          const document = await PDFDocument.load(carePlan);
          pdflibAddPlaceholder({ pdfDoc: document, reason: 'Sealed', contactInfo: agency.contact.email, name: agency.name, location: '', subFilter: SUBFILTER_ETSI_CADES_DETACHED });
          return new SignPdf().sign(Buffer.from(await document.save({ useObjectStreams: false })), new P12Signer(p12));
        }),
      };
      for (let i = 0; i < 2; i++) { await tasks.seal(); await tasks.bare(); }
      const times = { seal: [] as number[], bare: [] as number[] };
      const sizes = { seal: [] as number[], bare: [] as number[] };
      context.log(`${rounds} interleaved rounds: seal (signature page + PAdES) and bare @signpdf + signer-p12`);
      for (let round = 0; round < rounds; round++) {
        for (const name of round % 2 === 0 ? ['seal', 'bare'] as const : ['bare', 'seal'] as const) {
          const { ms, pdf } = await tasks[name]();
          if (!isSignedPdf(pdf)) throw new Error(`${name} returned no signed PDF`);
          times[name].push(ms);
          sizes[name].push(pdf.length);
        }
      }
      const sealFigure = figureOf('sealDocument: signature page render + append + PAdES (pkijs CMS, local RSA 3072 key)', 'ms', times.seal);
      const bareFigure = figureOf('bare @signpdf: pdf-lib placeholder + P12Signer, same PDF and key, no signature page', 'ms', times.bare);
      context.log(`seal ${sealFigure.value.toFixed(1)} ms, bare ${bareFigure.value.toFixed(1)} ms (${(sealFigure.value / bareFigure.value).toFixed(2)}×)`);
      return {
        comparisons: [compare(`sealing a signed care plan (demo, two signers; median of ${rounds})`, bareFigure, [sealFigure])],
        facts: {
          'care plan bytes': carePlan.length,
          'sealed bytes (median)': Math.round(median(sizes.seal)),
          'bare-signed bytes (median)': Math.round(median(sizes.bare)),
        },
      };
    } finally {
      await renderer.close();
      if (previousFontConfig === undefined) delete process.env.FONTCONFIG_FILE;
      else process.env.FONTCONFIG_FILE = previousFontConfig;
      rmSync(workDir, { recursive: true, force: true });
    }
  },
};
