import type { PdfMetadata } from './pdf-metadata.ts';

export interface PdfOptions {
  /**
   * Shown in the footer beside the page numbers, in order (agency, title, case). Each part keeps its own direction,
   * so an Arabic title beside a Latin case id neither reorders nor runs into it.
   */
  readonly footer: readonly string[];
  /**
   * Page numbers in the footer (default true). Off for pages appended to another PDF (the signature page), whose
   * numbers would count from one again.
   */
  readonly pageNumbers?: boolean;
  readonly paperSize: 'A4' | 'Letter';
  /** Title, author and language in the PDF's metadata. */
  readonly metadata: PdfMetadata;
}

/** What documents need from a renderer; tests of the job logic substitute their own. */
export interface HtmlToPdf {
  render(html: string, options: PdfOptions): Promise<Buffer>;
}
