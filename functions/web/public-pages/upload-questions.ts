import { attr, fill, html, type SafeHtml } from './html.ts';
import type { UploadField } from './form-model.ts';
import type { UploadType } from '../../domain/uploads/upload-field.ts';
import type { ScanResult } from '../../domain/uploads/upload-record.ts';

/** The page's words; `{name}` placeholders filled by fill(). */
type Strings = Readonly<Record<string, string>>;

/** A file the service has received for this form (its bytes checked), as the page lists it. */
export interface AttachedFile {
  readonly uploadId: string;
  /** The file question's pointer. */
  readonly field: string;
  readonly name: string;
  readonly size: number;
  /** What the malware scan said so far: a file still `pending` is marked "Being checked". */
  readonly scan: ScanResult;
  /** The same page without this file (no JavaScript: removing is following a link). */
  readonly removeHref: string;
}

/** A presigned POST: the form's action and the hidden fields S3 (or the local gate) checks against its policy. */
export interface PresignedForm {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** What a page with file questions knows beside the answers: the files attached so far and where to send more. */
export interface PageUploads {
  /** The files attached so far, in the order attached. */
  readonly attached: readonly AttachedFile[];
  /** Per file question's pointer, the form a page without JavaScript attaches a file with (none: it cannot, now). */
  readonly forms: Readonly<Record<string, PresignedForm>>;
  /** Why the last file was refused, in the page's language (the `refused=` the receive step sent the client back with). */
  readonly refused?: string;
  /** Where the script asks for a presigned POST (`POST /intake/{a}/{f}/uploads`); none: the page has no script upload. */
  readonly presignUrl?: string;
  /** Where the script has a file it sent received, `{uploadId}` standing for its id (`POST /intake/{a}/{f}/uploads/{uploadId}`). */
  readonly receiveUrl?: string;
}

const TYPE_NAMES: Readonly<Record<UploadType, string>> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
const EXTENSIONS: Readonly<Record<UploadType, string>> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg,.jpeg', 'image/png': '.png' };

/** "PDF, JPEG or PNG" in the page's language. */
export function typeNames(accept: readonly UploadType[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(accept.map((type) => TYPE_NAMES[type]));
}

/** A file size as people read it, in the page's language: "820 kB", "4.2 MB" ("4,2 Mo" in French). */
export function fileSize(bytes: number, locale: string): string {
  const megabytes = bytes / (1024 * 1024);
  if (megabytes >= 1) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(megabytes);
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)));
}

/** The file input's `accept`: types and extensions, so a phone's picker offers the right files. */
export const acceptAttribute = (accept: readonly UploadType[]): string => [...accept, ...accept.map((type) => EXTENSIONS[type])].join(',');

/** "PDF, JPEG or PNG, up to 5 MB each, 2 files at most": what a question takes, in the page's language. */
export function limitsText(field: UploadField, strings: Strings, locale: string): string {
  const template = field.maxFiles === 1 ? strings.uploadLimitsOne : strings.uploadLimits;
  return fill(template ?? '{types}, {size}, {count}', { types: typeNames(field.accept, locale), size: fileSize(field.maxBytes, locale), count: field.maxFiles });
}

/** The id of a question's upload form in the Documents section (the question's own id, prefixed). */
export const uploadFormId = (questionId: string): string => `upload-${questionId}`;

/**
 * The Documents section, before the main form: one upload form per file question, each a `multipart/form-data` POST
 * straight to storage (a presigned POST; forms cannot nest, so none sits inside the main form). Storage sends the
 * browser back to the page with the file added to `files=`. The script hides this section: with it, each question
 * takes its files in place.
 */
export function documentsSection(questions: ReadonlyArray<{ readonly field: UploadField; readonly id: string }>, uploads: PageUploads, strings: Strings, locale: string): SafeHtml | undefined {
  if (questions.length === 0) return undefined;
  return html`<section class="documents" id="documents" aria-labelledby="documents-title">
<h2 id="documents-title">${strings.documentsTitle}</h2>
<p>${strings.documentsIntro}</p>
${uploads.refused ? html`<p class="error" id="upload-refused" role="alert"><span class="visually-hidden">${strings.errorPrefix} </span>${uploads.refused}</p>` : undefined}
${questions.map(({ field, id }) => {
    const attached = uploads.attached.filter((file) => file.field === field.pointer);
    const form = uploads.forms[field.pointer];
    const full = attached.length >= field.maxFiles;
    return html`<div class="upload-question" id="${uploadFormId(id)}">
<h3>${field.label}</h3>
<p class="help" id="${uploadFormId(id)}-limits">${limitsText(field, strings, locale)}</p>
${attached.length > 0 ? html`<ul class="files">${attached.map((file) => html`<li><span class="file-name">${file.name}</span> <span class="file-size">(${fileSize(file.size, locale)})</span>${checking(file, strings)} <a href="${file.removeHref}" aria-label="${fill(strings.removeFile ?? '{name}', { name: file.name })}">${strings.remove}</a></li>`)}</ul>` : undefined}
${full ? html`<p>${strings.uploadFull}</p>` : form ? html`<form method="post" enctype="multipart/form-data" action="${form.url}">
${Object.entries(form.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<label for="${uploadFormId(id)}-file">${fill(strings.uploadChoose ?? '{question}', { question: field.label })}</label>
<input type="file" id="${uploadFormId(id)}-file" name="file" accept="${acceptAttribute(field.accept)}" aria-describedby="${uploadFormId(id)}-limits">
<button type="submit" class="secondary">${strings.uploadAttach}</button>
</form>` : html`<p>${strings.uploadUnavailable}</p>`}
</div>`;
  })}
</section>`;
}

/**
 * A file question where the main form asks it: what it takes, the files attached (each carried as a hidden input named
 * by the question's pointer, so the submission names them), and a way to attach: a link to its form in Documents, or,
 * with the script, a file input in place (hidden until the script shows it; it has no name, so it never posts).
 */
export function uploadQuestion(field: UploadField, id: string, ids: readonly string[], uploads: PageUploads, parts: {
  readonly strings: Strings; readonly locale: string; readonly required: SafeHtml | undefined; readonly help: SafeHtml | undefined;
  readonly error: SafeHtml | undefined; readonly invalid: boolean; readonly described: string | undefined;
}): SafeHtml {
  const { strings, locale } = parts;
  const byId = new Map(uploads.attached.map((file) => [file.uploadId, file]));
  const limitsId = `${id}-limits`;
  // What the script checks a chosen file against before sending it, with the words it names the limits in.
  const setting = { pointer: field.pointer, accept: field.accept, maxBytes: field.maxBytes, maxFiles: field.maxFiles, types: typeNames(field.accept, locale), size: fileSize(field.maxBytes, locale) };
  return html`<fieldset class="field upload${parts.invalid ? ' invalid' : ''}" id="${id}" data-upload="${JSON.stringify(setting)}"${attr('aria-describedby', [parts.described, limitsId].filter(Boolean).join(' '))}>
<legend>${field.label}${parts.required}</legend>${parts.help}
<p class="help" id="${limitsId}">${limitsText(field, strings, locale)}</p>${parts.error}
<ul class="files" id="${id}-files">${ids.map((uploadId) => {
    const file = byId.get(uploadId);
    return html`<li data-upload-id="${uploadId}"><span class="file-name">${file?.name ?? strings.uploadUnknownFile}</span>${file ? html` <span class="file-size">(${fileSize(file.size, locale)})</span>${checking(file, strings)}` : undefined}<input type="hidden" name="${field.pointer}" value="${uploadId}"></li>`;
  })}</ul>
<p class="upload-elsewhere"><a href="#${uploadFormId(id)}">${strings.uploadElsewhere}</a></p>
${uploads.presignUrl ? html`<div class="upload-here" hidden>
<label for="${id}-input">${strings.uploadAttach}</label>
<input type="file" id="${id}-input" accept="${acceptAttribute(field.accept)}"${attr('multiple', field.maxFiles > 1)} aria-describedby="${limitsId}">
<ul class="uploading" id="${id}-uploading"></ul>
<p class="error" id="${id}-refusal" aria-live="assertive"></p>
<p class="visually-hidden" id="${id}-status" aria-live="polite"></p>
</div>` : undefined}
</fieldset>`;
}

/** " · Being checked" beside a file the malware scan has not answered for yet (as the script marks one it sent). */
function checking(file: AttachedFile, strings: Strings): SafeHtml | undefined {
  return file.scan === 'pending' ? html`<span class="file-scan"> · ${strings.uploadChecking}</span>` : undefined;
}
