import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import type { CaseFile } from '../../functions/domain/uploads/upload-record.ts';
import { caseFilesSection } from '../../functions/web/staff-pages/case-files-section.ts';
import { ENGLISH, staffLanguage } from '../../functions/web/staff-pages/staff-words.ts';

// The case page's "Files": what each file is, what it was sent for, and what the virus check said, in words; a link
// for a clean file only.
const CASE_ID = '0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f';
const staff: StaffMember = { subject: 'sub-1', agencyId: 'harbor', roles: ['case-manager'], email: 'lea@harbor.example' };
const file = (uploadId: string, scan: CaseFile['scan'], more: Partial<CaseFile> = {}): CaseFile => ({
  uploadId, formId: 'intake', field: '/documents/lease', submissionId: 'b0000000-0000-4000-8000-000000000001', name: 'lease.pdf', size: 1_258_291,
  type: 'application/pdf', scan, receivedAt: '2026-11-01T18:30:00.000Z', ...more,
});
const files = [
  file('10000000-0000-4000-8000-000000000001', 'clean'),
  file('10000000-0000-4000-8000-000000000002', 'pending', { name: 'id.jpg', type: 'image/jpeg', size: 34_816 }),
  file('10000000-0000-4000-8000-000000000003', 'infected', { name: 'eicar.pdf', size: 68 }),
  file('10000000-0000-4000-8000-000000000004', 'not-scanned', { name: 'scan.png', type: 'image/png', size: 2_000_000 }),
];
const section = (language = ENGLISH, list: readonly CaseFile[] = files) => caseFilesSection({
  staff, caseId: CASE_ID, files: list, timeZone: 'America/Los_Angeles', language,
  questionOf: () => ({ question: 'Bail', form: 'Demande d\'aide' }),
}).text;
const rows = (html: string) => [...html.matchAll(/<tr>\n([\s\S]*?)<\/tr>/g)].map((match) => [...match[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]));
const templates = new TemplateLibrary('templates');

describe('the case page\'s Files section', () => {
  it('names each file\'s type, size, question, time and scan result in words, and links only the clean one', () => {
    const html = section();
    const [clean, pending, infected, notScanned] = rows(html);
    expect(clean).toEqual([
      `<a href="/staff/harbor/cases/${CASE_ID}/files/10000000-0000-4000-8000-000000000001"><bdi dir="auto">lease.pdf</bdi></a>`,
      'Checked: no virus found', 'PDF', '1.2 MB', 'Bail (Demande d&#39;aide)', '<time datetime="2026-11-01T18:30:00.000Z">2026-11-01 10:30</time>',
    ]);
    expect(pending!.slice(2, 4)).toEqual(['JPEG photo', '34 KB']);
    expect(pending![1]).toBe('Being checked for viruses');
    expect(infected![0]).toBe('<bdi dir="auto">eicar.pdf</bdi>');
    expect(infected![3]).toBe('68 bytes');
    expect(infected![1]).toBe('<span class="status-failed">Refused: a virus was found. Kept for the security officer; it cannot be opened.</span>');
    expect(notScanned!.slice(2, 4)).toEqual(['PNG image', '1.9 MB']);
    expect(notScanned![1]).toBe('<span class="status-failed">Could not be checked: it cannot be opened</span>');
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  it('escapes a hostile file name', () => {
    const html = section(ENGLISH, [file('10000000-0000-4000-8000-000000000001', 'clean', { name: '<img src=x onerror=alert(1)>.pdf' })]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;.pdf');
  });

  it('says when there are none', () => {
    expect(section(ENGLISH, [])).toContain('<p>No files.</p>');
  });

  it('in French: the words and the number format', () => {
    const [clean, pending, infected] = rows(section(staffLanguage(templates, 'harbor', 'fr')));
    expect(clean!.slice(2, 4)).toEqual(['PDF', '1,2 Mo']);
    expect(clean![1]).toBe('Contrôlé : aucun virus trouvé');
    expect(pending!.slice(2, 4)).toEqual(['Photo JPEG', '34 Ko']);
    expect(pending![1]).toBe('Contrôle antivirus en cours');
    expect(infected![1]).toContain('Refusé : un virus a été trouvé.');
    expect(section(staffLanguage(templates, 'harbor', 'fr'))).toContain('<h2 id="files">Fichiers</h2>');
  });

  it('in Spanish and Arabic', () => {
    const [, pending, infected] = rows(section(staffLanguage(templates, 'demo', 'es')));
    expect(pending![2]).toBe('Foto JPEG');
    expect(pending![1]).toBe('Se está revisando en busca de virus');
    expect(infected![1]).toContain('Rechazado: se encontró un virus.');
    const arabic = section(staffLanguage(templates, 'demo', 'ar'));
    expect(arabic).toContain('<h2 id="files">الملفات</h2>');
    expect(rows(arabic)[1]![1]).toBe('جارٍ فحصه بحثًا عن الفيروسات');
  });
});
