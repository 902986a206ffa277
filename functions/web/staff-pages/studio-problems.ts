import type { LintProblem } from '../../domain/forms/lint-pack.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import type { Words } from './staff-words.ts';

/**
 * Lint problems as the studio lists them: each names its file, line and column (a link to the file in the editor),
 * its JSON pointer and the linter's words. The linter speaks to pack authors, in English, like `npm run lint:forms`.
 */
export function problemList(agencyId: string, problems: readonly LintProblem[], words: Words<'staffStudio'>, id: string): SafeHtml {
  return html`<ol class="problems" id="${id}">${problems.map((problem) => html`<li${problem.severity === 'warning' ? html` class="warning"` : undefined}><a href="${editorHref(agencyId, problem.file)}">${problem.line === undefined ? problem.file : words.t('problem.place', { file: problem.file, line: problem.line, column: problem.column ?? 1 })}</a> <code>${problem.pointer || '/'}</code> ${problem.severity === 'warning' ? html`<strong>${words.t('problem.warning')}</strong> ` : undefined}<span lang="en">${problem.message}</span></li>`)}</ol>`;
}

export const studioHref = (agencyId: string) => `/staff/${agencyId}/studio`;
export const editorHref = (agencyId: string, file: string) => `/staff/${agencyId}/studio/file?path=${encodeURIComponent(file)}`;
export const diffHref = (agencyId: string, from: string, to: string) => `/staff/${agencyId}/studio/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
