import type { Form } from '../forms/catalog.ts';
import { documentTitle, renderDocumentHtml, type DocumentInput } from './document-view.ts';
import type { TemplateLibrary } from './templates.ts';

export type IntakeSummaryInput = Omit<DocumentInput, 'documentType'>;

export function intakeSummaryTitle(form: Form): string {
  return documentTitle(form, 'intake-summary');
}

/** The intake summary: every answered field under its title. */
export function renderIntakeSummaryHtml(templates: TemplateLibrary, input: IntakeSummaryInput): string {
  return renderDocumentHtml(templates, { ...input, documentType: 'intake-summary' });
}
