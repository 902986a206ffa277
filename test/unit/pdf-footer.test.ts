import { describe, expect, it } from 'vitest';
import { footerTemplate } from '../../functions/adapters/chromium/pdf-renderer.ts';
import type { PdfOptions } from '../../functions/domain/documents/html-to-pdf.ts';

const options = (language: string, footer: readonly string[]): PdfOptions => ({
  footer, paperSize: 'A4', metadata: { title: 't', author: 'a', language },
});

describe('the PDF footer', () => {
  it('isolates each part, so an Arabic title and a Latin case id keep their own order', () => {
    const html = footerTemplate(options('ar', ['Riverside (demo)', 'إشعار بإنهاء الخدمات', 'd1e5a60f']));
    expect(html).toContain('<bdi>Riverside (demo)</bdi> · <bdi>إشعار بإنهاء الخدمات</bdi> · <bdi>d1e5a60f</bdi>');
  });

  it('runs right to left for right-to-left languages, with the page numbers left to right', () => {
    expect(footerTemplate(options('ar', ['x']))).toMatch(/^<div dir="rtl" lang="ar"/);
    expect(footerTemplate(options('he-IL', ['x']))).toMatch(/^<div dir="rtl" lang="he-IL"/);
    expect(footerTemplate(options('es', ['x']))).toMatch(/^<div dir="ltr" lang="es"/);
    expect(footerTemplate(options('ar', ['x']))).toContain('<span dir="ltr"><span class="pageNumber"></span> / <span class="totalPages"></span></span>');
  });

  it('escapes what an agency names itself', () => {
    const html = footerTemplate(options('en', ['<img src=x onerror=alert(1)> & "Co"']));
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;Co&#34;');
  });
});
