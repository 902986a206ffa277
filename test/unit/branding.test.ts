import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeMessage } from '../../functions/domain/delivery/messages.ts';
import { renderDocumentHtml } from '../../functions/domain/documents/document-view.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import type { Agency } from '../../functions/domain/forms/agency.ts';
import { brandColorOf, chosenBrandColor, DEFAULT_BRAND_COLOR } from '../../functions/domain/forms/brand.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { brandStyle, brandStyleSources } from '../../functions/web/public-pages/brand-style.ts';
import { renderMessagePage } from '../../functions/web/public-pages/intake-page-html.ts';
import { pageLanguage } from '../../functions/web/public-pages/page-language.ts';
import { staffMessagePage } from '../../functions/web/staff-pages/staff-layout.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

const catalog = loadCatalog(formsDirWithHarbor());
const harbor = catalog.agency('harbor')!;
const demo = catalog.agency('demo')!;
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const HARBOR = '#6a1b4d';

describe('the agency\'s colour', () => {
  it('is branding.primaryColor when it is #rrggbb, else the default; pages use only a chosen one', () => {
    expect(brandColorOf(harbor)).toBe(HARBOR);
    expect(brandColorOf({ branding: { primaryColor: '#6A1B4D' } })).toBe(HARBOR);
    expect(brandColorOf({})).toBe(DEFAULT_BRAND_COLOR);
    expect(chosenBrandColor({})).toBeUndefined();
    // The schema refuses it; checked again because it is written into CSS.
    const injected = { branding: { primaryColor: 'red}body{display:none' } } as unknown as Agency;
    expect(brandColorOf(injected)).toBe(DEFAULT_BRAND_COLOR);
    expect(chosenBrandColor(injected)).toBeUndefined();
  });

  it('inks the documents\' letterhead (partials/styles.hbs), and the demo keeps its own', () => {
    const render = (agency: Agency, formId: string) => renderDocumentHtml(templates, {
      documentType: 'intake-summary', locale: 'en', agency, form: catalog.form(agency.id, formId)!, caseId: 'case-1', submissionId: 'sub-1',
      receivedAt: '2026-11-23T05:30:00.000Z', data: {}, assessment: { scores: [], flags: [] },
    });
    const harborHtml = render(harbor, 'intake');
    expect(harborHtml).toContain(`.letterhead { border-bottom: 2px solid ${HARBOR};`);
    expect(harborHtml).toContain(`.agency-name { font-size: 15pt; font-weight: 700; color: ${HARBOR}; }`);
    expect(harborHtml).not.toContain('#1f4e79');
    expect(render(demo, 'intake')).toContain('.letterhead { border-bottom: 2px solid #1f4e79;');
  });

  it('marks the emails (a bar and the link), inline as mail clients need', () => {
    const message = composeMessage({
      agency: harbor, strings: { greeting: 'Hello', link: 'Open it here:' }, caseId: '5e1d0c2a-0000-4000-8000-000000000001', replyTo: undefined,
      to: { recipient: 'agency-inbox', kind: 'staff', method: 'link', locale: 'en', status: 'send', address: 'inbox@harbor.example' },
      content: { kind: 'document', documentType: 'intake-summary', title: 'Intake', pdf: Buffer.alloc(0), link: { url: 'https://forms.example/l/abc', expiresAt: new Date('2026-12-01T00:00:00Z') } },
    });
    expect(message.html).toContain(`<body style="border-top:6px solid ${HARBOR};padding-top:8px">`);
    expect(message.html).toContain(`<a href="https://forms.example/l/abc" style="color:${HARBOR}">`);
  });

  it('sets --brand on the agency\'s public and staff pages, in a block the page policy allows by its hash', () => {
    const language = pageLanguage(harbor, templates, undefined, undefined);
    expect(language.brandColor).toBe(HARBOR);
    const block = `<style>${brandStyle(HARBOR)}</style>`;
    expect(renderMessagePage(harbor.name, language, 'Title', 'Message')).toContain(block);
    expect(staffMessagePage({ agencyName: harbor.name, brandColor: HARBOR }, 'Title', 'Message')).toContain(block);
    expect(staffMessagePage({ agencyName: 'caseforms' }, 'Title', 'Message')).not.toContain('--brand:');
    const hash = `'sha256-${createHash('sha256').update(`:root{--brand:${HARBOR}}`).digest('base64')}'`;
    expect(brandStyleSources([HARBOR, HARBOR])).toBe(hash);
  });
});
