import { randomUUID } from 'node:crypto';
import type { Agency } from '../../domain/forms/agency.ts';
import type { Form, FormCatalog } from '../../domain/forms/catalog.ts';
import { localizedTitle } from '../../domain/documents/document-view.ts';
import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import { packLabels } from '../../domain/forms/pack-labels.ts';
import type { FormModel } from '../public-pages/form-model.ts';
import { html, SafeHtml } from '../public-pages/html.ts';
import { autocompleteTokens } from '../public-pages/intake-form.ts';
import { header, renderFormPage, type PageLanguage } from '../public-pages/intake-page-html.ts';
import { languageChoices, nativeName } from '../public-pages/page-language.ts';
import { STAFF_STYLE } from './staff-style.ts';
import type { StaffLanguage } from './staff-words.ts';

/** The catalog of one agency's studio workspace: its draft, or the live pack when it has no draft. */
export interface PreviewCatalog {
  readonly catalog: FormCatalog;
  /** The pack version previewed (its content hash). */
  readonly version: string;
  /** False when there is no draft and the live pack is shown. */
  readonly isDraft: boolean;
}

/** A draft's form, resolved for one preview request (web/staff/studio-preview-request.ts). */
export interface PreviewPage {
  readonly agency: Agency;
  readonly form: Form;
  readonly catalog: PreviewCatalog;
  readonly language: PageLanguage;
  readonly model: FormModel;
  /** The preview's own path: where its form posts (the preview check), and what its language links point at. */
  readonly path: string;
  /** The staff member's language, for the banner: the page itself is in the language being previewed. */
  readonly staffLanguage: StaffLanguage;
  readonly templates: TemplateLibrary;
}

export const previewPath = (agencyId: string, formId: string): string => `/staff/${agencyId}/studio/preview/${formId}`;

export interface PreviewState {
  readonly data: Record<string, unknown>;
  readonly errors: ReadonlyArray<{ readonly pointer: string; readonly message: string }>;
  /** After a check: whether the answers would be accepted. */
  readonly accepted?: boolean;
}

/**
 * The intake page as clients get it (the same renderer, in the language previewed), under a staff-only banner: what
 * this is, the result of a check, the other languages, and the draft's documents and emails. Its form posts to the
 * preview check, never to the intake: nothing sent from here is stored.
 */
export function renderPreviewPage(page: PreviewPage, state: PreviewState): string {
  const languages = languageChoices(page.agency, page.path);
  const skipTo = state.errors.length > 0 ? 'error-summary' : 'form-start';
  return renderFormPage({
    agencyName: page.agency.name,
    model: page.model,
    language: page.language,
    languages,
    action: page.path,
    token: randomUUID(),
    data: state.data,
    errors: state.errors,
    autocomplete: autocompleteTokens(page.form, page.model),
    chrome: { header: html`${header(page.agency.name, page.language, languages, skipTo)}${banner(page, state)}`, style: STAFF_STYLE },
  });
}

function banner(page: PreviewPage, state: PreviewState): SafeHtml {
  const language = page.staffLanguage;
  const words = language.words('staffStudioPreview');
  const locale = page.language.locale;
  const labels = packLabels((one) => page.catalog.catalog.translations(page.agency.id, one), locale);
  const documentLink = (documentType: string) => html`<li><a href="${page.path}/documents/${documentType}?lang=${locale}">${localizedTitle(page.templates, {
    agency: page.agency, form: page.form, documentType, locale, labels,
  })}</a> (PDF)</li>`;
  const outcome = state.accepted === undefined
    ? undefined
    : html`<p role="status"><strong>${state.accepted ? words.t('check.accepted') : words.t('check.refused')}</strong></p>`;
  return html`<aside class="notice" aria-label="${words.t('banner.label')}" lang="${language.locale}" dir="${language.dir}">
<p><strong>${words.t('banner.title')}</strong></p>
<p>${page.catalog.isDraft ? words.t('banner.draft', { version: page.catalog.version }) : words.t('banner.noDraft')}</p>
${outcome}
<p>${words.t('banner.languages')}</p>
<ul>${page.agency.locales.map((one) => html`<li><a href="${page.path}?lang=${one}" hreflang="${one}" lang="${one}"${one === locale ? new SafeHtml(' aria-current="page"') : undefined}>${nativeName(one)}</a></li>`)}</ul>
${page.form.documents.length > 0 ? html`<p>${words.t('banner.documents')}</p><ul>${page.form.documents.map(documentLink)}</ul>
<p><a href="${page.path}/emails?lang=${locale}">${words.t('banner.emails')}</a></p>` : undefined}
</aside>`;
}
