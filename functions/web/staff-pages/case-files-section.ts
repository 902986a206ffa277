import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { CaseFile } from '../../domain/uploads/upload-record.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { agencyClock } from './local-time.ts';
import type { StaffLanguage, Words } from './staff-words.ts';

export interface FilesSection {
  readonly staff: StaffMember;
  readonly caseId: string;
  readonly files: readonly CaseFile[];
  readonly timeZone: string;
  readonly language: StaffLanguage;
  /** The question a file was sent for, in the reader's language where the pack translates it, and its form's title. */
  readonly questionOf: (file: CaseFile) => { readonly question: string; readonly form: string };
}

type FileWords = Words<'staffCaseFiles'>;

/**
 * "Files" on the case page: each file the client sent, what it is, for which question, and what the virus check said.
 * Only a clean file is a link (the file route refuses the others too); an infected one says it was refused and kept.
 */
export function caseFilesSection(section: FilesSection): SafeHtml {
  const { files, language } = section;
  const words = language.words('staffCaseFiles');
  const base = `/staff/${section.staff.agencyId}/cases/${section.caseId}/files`;
  const heading = html`<h2 id="files">${words.t('heading')}</h2>`;
  if (files.length === 0) return html`<section aria-labelledby="files">${heading}<p>${words.t('none')}</p></section>`;
  const caption = words.t('caption');
  // As the case page's other tables: a table wider than a phone scrolls in its own focusable box (WCAG 2.1.1). What the
  // virus check said comes right after the name, where a phone shows it without scrolling.
  return html`<section aria-labelledby="files">${heading}
${files.some((file) => file.scan === 'clean') ? html`<p class="help">${words.t('openNote')}</p>` : undefined}
<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table><caption>${caption}</caption>
<thead><tr>${(['col.file', 'col.scan', 'col.type', 'col.size', 'col.question', 'col.received'] as const).map((key) => html`<th scope="col">${words.t(key)}</th>`)}</tr></thead>
<tbody>${files.map((file) => html`<tr>
<td>${file.scan === 'clean' ? html`<a href="${base}/${file.uploadId}"><bdi dir="auto">${file.name}</bdi></a>` : html`<bdi dir="auto">${file.name}</bdi>`}</td>
<td>${REFUSED.includes(file.scan) ? html`<span class="status-failed">${scanWords(file.scan, words)}</span>` : scanWords(file.scan, words)}</td>
<td>${words.maybe(`type.${file.type}`) ?? file.type}</td>
<td>${fileSize(file.size, words)}</td>
<td>${words.t('question', section.questionOf(file))}</td>
<td><time datetime="${file.receivedAt}">${agencyClock(file.receivedAt, section.timeZone)}</time></td>
</tr>`)}</tbody></table></div>
</section>`;
}

/** Files that will never open read as the case page's failures do. */
const REFUSED: ReadonlyArray<CaseFile['scan']> = ['infected', 'not-scanned'];

export const scanWords = (scan: CaseFile['scan'], words: FileWords): string => words.t(`scan.${scan}`);

/** A size as people read it, in the reader's number format: "812 bytes", "34 KB", "1.2 MB". */
export function fileSize(bytes: number, words: FileWords): string {
  const number = (value: number) => new Intl.NumberFormat(words.locale, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
  if (bytes < 1024) return words.t('size.bytes', { size: number(bytes) });
  if (bytes < 1024 * 1024) return words.t('size.kb', { size: number(bytes / 1024) });
  return words.t('size.mb', { size: number(bytes / (1024 * 1024)) });
}
