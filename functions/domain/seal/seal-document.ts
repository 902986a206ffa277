import { createHash } from 'node:crypto';
import { PDFDocument, PDFName, ParseSpeeds } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { Agency } from '../forms/agency.ts';
import type { HtmlToPdf } from '../documents/html-to-pdf.ts';
import type { TemplateLibrary } from '../documents/templates.ts';
import type { SignatureEvidence } from '../signatures/evidence.ts';
import type { SignerRole } from '../signatures/signature-plan.ts';
import { CadesSigner } from './cades-signer.ts';
import type { PdfSigningKey } from './pdf-signing-key.ts';
import { renderSignaturePageHtml } from './signature-page.ts';

export interface SealInput {
  /** The document exactly as the signers saw it (its SHA-256 is on each evidence). */
  readonly pdf: Uint8Array;
  readonly evidence: readonly SignatureEvidence[];
  /** Optional signers asked and not heard from before the seal (their steps closed as not signed). */
  readonly notSigned?: readonly SignerRole[];
  readonly agency: Agency;
  /** The document's language and title, for the signature page. */
  readonly locale: string;
  readonly documentTitle: string;
  readonly templates: TemplateLibrary;
  readonly htmlToPdf: HtmlToPdf;
  readonly signingKey: PdfSigningKey;
  readonly clock: () => Date;
}

export interface SealedDocument {
  readonly pdf: Buffer;
  /** Hex SHA-256 of the sealed file, to keep on the case. */
  readonly sha256: string;
}

/**
 * The final PDF of a signed document: the document, its signature page appended, and one PAdES signature by the
 * agency (ETSI.CAdES.detached) over the whole file, so any PDF reader shows whether a byte changed since.
 * Kept from the original: its pages, title, author, language, structure tree and other catalog entries (pdf-lib
 * rewrites the file but keeps its objects). Lost: the signature page's own tags (its pages join the document
 * without a place in its structure tree, so a screen reader reads them as untagged text).
 */
export async function sealDocument(input: SealInput): Promise<SealedDocument> {
  const sealedAt = input.clock();
  const { agency } = input;
  const pageHtml = renderSignaturePageHtml(input.templates, {
    agency, locale: input.locale, documentTitle: input.documentTitle, signers: input.evidence, notSigned: input.notSigned ?? [], sealedAt,
  });
  const pagePdf = await input.htmlToPdf.render(pageHtml, {
    footer: [agency.name, input.documentTitle], pageNumbers: false, paperSize: agency.branding?.paperSize ?? 'A4',
    metadata: { title: input.documentTitle, author: agency.name, language: input.locale },
  });

  const document = await PDFDocument.load(input.pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const page = await PDFDocument.load(pagePdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  for (const copied of await document.copyPages(page, page.getPageIndices())) {
    // Its entries point into the other file's structure tree, which does not come along.
    copied.node.delete(PDFName.of('StructParents'));
    document.addPage(copied);
  }
  const pages = document.getPages();
  pdflibAddPlaceholder({
    // The (invisible) signature field sits on the signature page.
    pdfPage: pages[pages.length - 1]!,
    reason: 'Signatures collected; sealed by the agency',
    contactInfo: agency.contact.email,
    // pdf-lib writes these as byte strings: a name outside Latin-1 would come out garbled, so it is left to the
    // certificate, which carries it in UTF-8.
    name: /^[\x20-\x7e]*$/.test(agency.name) ? agency.name : '',
    location: '',
    signingTime: sealedAt,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  // The placeholder is found by searching the bytes: it must not sit in a compressed object stream.
  const prepared = await document.save({ useObjectStreams: false, objectsPerTick: Infinity });
  const pdf = await new SignPdf().sign(Buffer.from(prepared), new CadesSigner(input.signingKey), sealedAt);
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
}
