import type { StaffMember } from '../../contracts/staff-claims.ts';
import { caseReference } from '../../domain/cases/case-reference.ts';
import { mayActOn } from '../../domain/signatures/staff-signing.ts';
import { turnRefusal, type SignerStep, type SigningRecord } from '../../domain/signatures/signing.ts';
import type { CaseFile } from '../../domain/uploads/upload-record.ts';
import { attr, html, type SafeHtml } from '../public-pages/html.ts';
import { agencyClock } from './local-time.ts';
import { scriptUploadWords } from '../public-pages/intake-page-html.ts';
import { documentsSection, uploadQuestion } from '../public-pages/upload-questions.ts';
import type { UploadField } from '../public-pages/form-model.ts';
import type { PageLanguage } from '../public-pages/intake-page-html.ts';
import type { PageUploads } from '../public-pages/upload-questions.ts';
import { documentLabel, paperRequestLine, stateLine, stepList, type SigningReading } from './signatures-section.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import type { Words } from './staff-words.ts';

type SigningWords = Words<'staffSigning'>;

/** A refused post, shown on the page: which form (by step role and action), the sentence, and what was typed. */
export interface SigningPageRefusal {
  readonly role?: string;
  readonly action?: string;
  /** The field the sentence is about (`signerName`, `reason`, `paperUploadId`), when it is one. */
  readonly field?: string;
  readonly message: string;
  readonly values: Readonly<Record<string, string>>;
}

/** The paper form's own file question (web/staff/paper-scan-request.ts): the scan uploaded on the page itself. */
export interface PaperScanPart {
  readonly field: UploadField;
  readonly uploads: PageUploads;
  /** The page words the upload parts speak (web/public-pages/upload-questions.ts), in the staff member's language. */
  readonly language: PageLanguage;
}

export interface SigningPage {
  readonly chrome: StaffChrome & { readonly staff: StaffMember };
  readonly caseId: string;
  readonly record: SigningRecord;
  readonly reading: SigningReading;
  /** The intent words of each step, in the reader's language ("I agree to this care plan."). */
  readonly intentOf: (step: SignerStep) => string;
  /** The case's files that passed the virus check: a paper signature's scan may be one of them. */
  readonly cleanFiles: readonly CaseFile[];
  /** The paper form's own file question, to upload the scan on this page (none without an uploads bucket). */
  readonly paperScan?: PaperScanPart;
  readonly notice?: string;
  readonly refusal?: SigningPageRefusal;
}

/**
 * A document's signing page: a link to the PDF every signer sees, its signers in order, and the forms this staff
 * member may use now (sign or decline their own step; for the client's step, send a new signing link, record a paper
 * signature or a refusal).
 */
export function renderSigningPage(page: SigningPage): string {
  const { chrome, record, reading } = page;
  const words = reading.language.words('staffSigning');
  const label = documentLabel(record, reading);
  const title = words.t('page.title', label);
  const reference = caseReference(page.caseId);
  const forms = record.steps.filter((step) => step.status === 'pending' && turnRefusal(record, step.role) === undefined && mayActOn(chrome.staff, step.role));
  return staffDocument(title, { ...chrome, current: 'cases' }, html`<p><a href="${reading.caseHref}#signatures">${words.t('page.back', { reference })}</a></p>
<h1>${title}</h1>
${page.notice ? html`<p role="status">${page.notice}</p>` : undefined}
${page.refusal ? html`<div class="error-summary" role="alert" tabindex="-1" id="signing-errors"><h2>${words.t('refused.title')}</h2><p>${page.refusal.message}</p></div>` : undefined}
<p><a href="${reading.caseHref}/documents/${record.documentId}">${words.t('page.openPdf')}</a></p>
<p>${stateLine(record, reading)}${record.state === 'sealed' ? html` <a href="${reading.caseHref}/documents/${record.documentId}-signed">${words.t('finalPdf')}</a>` : undefined}</p>
${paperRequestLine(record, reading)}
<h2>${words.t('page.steps')}</h2>
${stepList(record, reading)}
${forms.length === 0 ? html`<p>${words.t('page.nothing')}</p>` : forms.map((step) => stepForms(page, step, words))}`, { intakeScript: forms.some((step) => step.role === 'client') && page.paperScan !== undefined });
}

function stepForms(page: SigningPage, step: SignerStep, words: SigningWords): SafeHtml {
  const role = page.reading.named.role(step.role);
  const action = `${page.reading.caseHref}/signatures/${page.record.documentId}`;
  const refused = (name: string) => (page.refusal?.role === step.role && page.refusal.field === name ? page.refusal.message : undefined);
  const typed = (name: string, action: string) => (page.refusal?.role === step.role && page.refusal.action === action ? page.refusal.values[name] ?? '' : '');
  const id = (name: string) => `${step.role}-${name}`;
  const hidden = (act: string) => html`<input type="hidden" name="action" value="${act}"><input type="hidden" name="role" value="${step.role}">`;
  const decline = html`<form method="post" action="${action}" class="signing-form" id="${id('decline-form')}">
<h2>${step.role === 'client' ? words.t('decline.clientHeading') : words.t('decline.heading', { role })}</h2>${hidden('decline')}
${field(id('reason'), words.t('decline.reason'), refused('reason'), (described, invalid) => html`<textarea id="${id('reason')}" name="reason" rows="3" maxlength="1000" aria-required="true"${aria(described, invalid)}>${typed('reason', 'decline')}</textarea>`)}
<button type="submit">${words.t('decline.submit')}</button></form>`;
  if (step.role !== 'client') {
    return html`<form method="post" action="${action}" class="signing-form" id="${id('sign-form')}">
<h2>${words.t('sign.heading', { role })}</h2>${hidden('sign')}
<p><strong>${page.intentOf(step)}</strong></p>
${field(id('signerName'), words.t('sign.name'), refused('signerName'), (described, invalid) => html`<input id="${id('signerName')}" name="signerName" type="text" autocomplete="name" maxlength="200" value="${typed('signerName', 'sign')}" aria-required="true"${aria(described, invalid)}>`, words.t('sign.help'))}
<button type="submit" class="primary">${words.t('sign.submit')}</button></form>
${decline}`;
  }
  const files = page.cleanFiles;
  const scan = page.paperScan;
  const scanId = id('paperScan');
  const fileError = refused('paperUploadId');
  // Without JavaScript the scan is sent from its own form before this one (forms cannot nest); the script hides it and
  // takes the file in place, in the paper form.
  const strings = scan && { ...scan.language.strings, documentsIntro: words.t('paper.uploadIntro'), uploadElsewhere: words.t('paper.uploadElsewhere') };
  const uploadHere = scan && strings && uploadQuestion(scan.field, scanId, scan.uploads.attached.map((file) => file.uploadId), scan.uploads, {
    strings, locale: scan.language.locale, required: undefined, help: undefined, invalid: fileError !== undefined,
    error: fileError ? html`<p class="error" id="${scanId}-error">${fileError}</p>` : undefined, described: fileError ? `${scanId}-error` : undefined,
  });
  const chooseHere = files.length === 0
    ? html`<p>${words.t(scan ? 'paper.noFilesUpload' : 'paper.noFiles')}</p>`
    : field(id('paperUploadId'), words.t(scan ? 'paper.fileOr' : 'paper.file'), scan ? undefined : fileError, (described, invalid) => html`<select id="${id('paperUploadId')}" name="paperUploadId"${attr('aria-required', !scan && 'true')}${aria(described, invalid)}><option value="">${words.t('paper.choose')}</option>${files.map((file) => html`<option value="${file.uploadId}"${attr('selected', typed('paperUploadId', 'paper') === file.uploadId)}>${file.name}</option>`)}</select>`, words.t(scan ? 'paper.helpOr' : 'paper.help'));
  const resent = page.record.linkResentAt;
  const resendForm = html`<form method="post" action="${action}" class="signing-form" id="${id('resend-form')}">
<h2>${words.t('resend.heading')}</h2>${hidden('resend')}
<p class="help">${words.t('resend.help')}</p>
${resent ? html`<p>${words.t('resend.last', { date: agencyClock(resent, page.reading.timeZone) })}</p>` : undefined}
<button type="submit">${words.t('resend.submit')}</button></form>`;
  return html`${resendForm}
${scan && strings ? documentsSection([{ field: scan.field, id: scanId }], scan.uploads, strings, scan.language.locale) : undefined}
<form method="post" action="${action}" class="signing-form" id="${id('paper-form')}"${scan ? html`${attr('data-presign', scan.uploads.presignUrl)}${attr('data-receive', scan.uploads.receiveUrl)} data-upload-words="${JSON.stringify(scriptUploadWords(scan.language.strings))}"` : undefined}>
<h2>${words.t('paper.heading')}</h2>${hidden('paper')}
<p>${page.intentOf(step)}</p>
${field(id('signerName'), words.t('paper.name'), refused('signerName'), (described, invalid) => html`<input id="${id('signerName')}" name="signerName" type="text" maxlength="200" value="${typed('signerName', 'paper')}" aria-required="true"${aria(described, invalid)}>`)}
${uploadHere}
${chooseHere}
<button type="submit" class="primary"${attr('disabled', files.length === 0 && !scan)}>${words.t('paper.submit')}</button></form>
${decline}`;
}

const aria = (described: string | undefined, invalid: boolean) => html`${attr('aria-describedby', described)}${attr('aria-invalid', invalid && 'true')}`;

function field(id: string, label: string, error: string | undefined, control: (described: string | undefined, invalid: boolean) => SafeHtml, help?: string): SafeHtml {
  const described = [help ? `${id}-help` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return html`<div class="field${error ? ' invalid' : ''}"><label for="${id}">${label}</label>${help ? html`<p class="help" id="${id}-help">${help}</p>` : undefined}${error ? html`<p class="error" id="${id}-error">${error}</p>` : undefined}${control(described, error !== undefined)}</div>`;
}
