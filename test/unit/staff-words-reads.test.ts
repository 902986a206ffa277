import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import type { CaseRecord } from '../../functions/domain/cases/case-record.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { renderCaseList } from '../../functions/web/staff-pages/case-list-page.ts';
import { staffLanguage } from '../../functions/web/staff-pages/staff-words.ts';

// Every file read the templates make goes through this spy, so the test counts what a page really reads from disk.
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

const projectRoot = join(import.meta.dirname, '..', '..');
const readFileSync = vi.mocked(fs.readFileSync);
const localeReads = () => readFileSync.mock.calls.map(([file]) => String(file)).filter((file) => /[/\\]locales[/\\][\w-]+\.json$/.test(file));

/** A templates folder as an agency's pack has it: the default words, and Harbor's own French case-list title. */
function templatesWithHarbor(title: string): string {
  const dir = fs.mkdtempSync(join(tmpdir(), 'caseforms-templates-'));
  fs.cpSync(join(projectRoot, 'templates', 'default', 'locales'), join(dir, 'default', 'locales'), { recursive: true });
  fs.mkdirSync(join(dir, 'harbor', 'locales'), { recursive: true });
  fs.writeFileSync(join(dir, 'harbor', 'locales', 'fr.json'), JSON.stringify({ staffCaseList: { title } }));
  return dir;
}

const staff: StaffMember = { subject: 'sub-1', agencyId: 'harbor', roles: ['case-manager'], email: 'cm@harbor.test' };
// 25 rows, each with a name the client goes by, a date of birth and a language: every fact asks for words.
const cases: CaseRecord[] = Array.from({ length: 25 }, (_, row) => ({
  agencyId: 'harbor', caseId: `c0000000-0000-4000-8000-${String(row).padStart(12, '0')}`, state: 'active', version: 1,
  createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-02T10:00:00.000Z', caseManager: 'sub-1',
  identity: { name: `Client ${row}`, preferredName: `C${row}`, dateOfBirth: '1990-05-04', language: 'fr' },
}));
const caseList = (templates: TemplateLibrary) => renderCaseList({
  chrome: { agencyName: 'Harbor', staff, language: staffLanguage(templates, 'harbor', 'fr') }, agency: { riskFlags: [], timeZone: 'UTC' },
  filters: {}, problems: [], cases, nextHref: undefined, today: '2026-12-06', csvHref: undefined,
});

afterEach(() => readFileSync.mockClear());

describe('the staff pages read their words from disk once', () => {
  it('a case list of 25 rows reads each locale file at most once, and a second page reads none', () => {
    const templates = new TemplateLibrary(templatesWithHarbor('Dossiers du port'));
    const html = caseList(templates);
    expect(html).toContain('<h1>Dossiers du port</h1>');
    expect(html).toContain('se fait appeler');
    // The files there are: default fr and en, Harbor's fr (Harbor has no English file of its own).
    const first = localeReads();
    expect(first.length).toBeLessThanOrEqual(3);
    expect(new Set(first).size).toBe(first.length);

    readFileSync.mockClear();
    caseList(templates);
    expect(localeReads()).toEqual([]);
  });

  it('a new library reads the files afresh: a new stack sees words changed on disk', () => {
    const dir = templatesWithHarbor('Dossiers du port');
    expect(caseList(new TemplateLibrary(dir))).toContain('<h1>Dossiers du port</h1>');
    fs.writeFileSync(join(dir, 'harbor', 'locales', 'fr.json'), JSON.stringify({ staffCaseList: { title: 'Nos dossiers' } }));
    expect(caseList(new TemplateLibrary(dir))).toContain('<h1>Nos dossiers</h1>');
  });
});
