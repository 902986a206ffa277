import { createHash } from 'node:crypto';
import type { ConditionalField } from '../../domain/forms/conditions.ts';
import { attr, fill, html, SafeHtml } from './html.ts';
import { documentsSection, uploadQuestion, type PageUploads } from './upload-questions.ts';
import { uploadFieldsOfModel, type Field, type FormModel, type Option } from './form-model.ts';
import { INTAKE_SCRIPT } from './intake-script.ts';
import { PAGE_STYLE } from './page-style.ts';
import { brandStyle } from './brand-style.ts';
import { pageTokenMetaName } from '../../contracts/intake-credentials.ts';
import { unescapeToken } from '../../contracts/json-pointer.ts';

/** The page's words in its language: templates/<folder>/locales/<locale>.json → `page`. */
export type PageStrings = Readonly<Record<string, string>>;

export interface PageLanguage {
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  readonly strings: PageStrings;
  /**
   * The agency's colour (#rrggbb): it travels with the page's words because every page of an agency is rendered from
   * the PageLanguage made for it (page-language.ts). Absent on pages of no agency, which keep the default accent.
   */
  readonly brandColor?: string;
}

export interface LanguageChoice {
  readonly locale: string;
  /** The language's name in itself ("Español"), as a speaker looks for it. */
  readonly name: string;
  readonly href: string;
}

export interface FormPage {
  readonly agencyName: string;
  readonly model: FormModel;
  readonly language: PageLanguage;
  readonly languages: readonly LanguageChoice[];
  /** Where the form posts. */
  readonly action: string;
  /** The idempotency token of this filling-in: a resubmitted page creates one case. */
  readonly token: string;
  /** What the client entered so far (after conversion): values shown again after an error. */
  readonly data: Record<string, unknown>;
  /** Error messages by the pointer of the field they are about, in the page's language. */
  readonly errors: ReadonlyArray<{ readonly pointer: string; readonly message: string }>;
  /** `autocomplete` tokens by field pointer (WCAG 1.3.5): the client's name, email, phone. */
  readonly autocomplete: Readonly<Record<string, string>>;
  /** Where the script checks fields as they are left (POST, form-encoded); none: only sending checks them. */
  readonly checkUrl?: string;
  /** Another page's chrome around the form (the staff pages' bar and style block); the public header by default. */
  readonly chrome?: { readonly header: SafeHtml; readonly style: string };
  /**
   * For an agency whose JSON API asks for one: a page token for this form, in a `<meta>` element, for the agency's own
   * site or app to send with a JSON submission (web/public/intake-credentials.ts). The page's own post never needs it.
   */
  readonly pageToken?: string;
  /** More hidden fields the form sends back, such as the case version a staff form was opened at. */
  readonly hidden?: Readonly<Record<string, string>>;
  /** The files attached so far and where to send more, for a form with file questions (upload-questions.ts). */
  readonly uploads?: PageUploads;
}

const NO_UPLOADS: PageUploads = { attached: [], forms: {} };

export { fill };

/** The Content-Security-Policy hash of the page's one inline style block. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

/** An element id for a field's pointer: letters, digits and hyphens only, distinct for distinct pointers. */
export function fieldId(pointer: string): string {
  return `f${pointer.replace(/[^A-Za-z0-9]/g, (c) => (c === '/' ? '--' : `_${c.charCodeAt(0).toString(16)}_`))}`;
}

/** A page; the intake form's page ends with its script (intake-script.ts), which the page works without. */
function document(language: PageLanguage, title: string, body: SafeHtml, script = false, extraStyle?: string, pageToken?: string): string {
  return html`<!doctype html>
<html lang="${language.locale}" dir="${language.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${pageToken ? html`<meta name="${pageTokenMetaName}" content="${pageToken}">` : undefined}
<style>${new SafeHtml(PAGE_STYLE)}</style>
${extraStyle ? html`<style>${new SafeHtml(extraStyle)}</style>` : undefined}
${language.brandColor ? html`<style>${new SafeHtml(brandStyle(language.brandColor))}</style>` : undefined}
</head>
<body>
${body}
${script ? html`<script>${new SafeHtml(INTAKE_SCRIPT)}</script>` : undefined}
</body>
</html>
`.text;
}

/** The public pages' bar: the skip link, the agency and its languages (a studio preview puts its banner under it). */
export function header(agencyName: string, language: PageLanguage, languages: readonly LanguageChoice[], skipTo?: string): SafeHtml {
  const { strings } = language;
  return html`<a class="skip" href="#${skipTo ?? 'main'}">${strings.skipLink}</a>
<header class="site">
<p class="agency">${agencyName}</p>
${languages.length > 1 ? html`<nav aria-label="${strings.language}"><ul class="languages">${languages.map((choice) =>
    choice.locale === language.locale
      ? html`<li><span aria-current="true" lang="${choice.locale}">${choice.name}</span></li>`
      : html`<li><a href="${choice.href}" hreflang="${choice.locale}" lang="${choice.locale}">${choice.name}</a></li>`)}</ul></nav>` : undefined}
</header>`;
}

/** The intake form: every field the schema asks for, errors beside their fields and summarized on top. */
export function renderFormPage(page: FormPage): string {
  const { model, language, errors } = page;
  const { strings } = language;
  const messages = new Map<string, string[]>();
  for (const error of errors) messages.set(error.pointer, [...(messages.get(error.pointer) ?? []), error.message]);
  const rendered = new Set<string>();
  const context: RenderContext = { page, messages, rendered, conditional: conditionalNotes(model, language), uploads: page.uploads ?? NO_UPLOADS };
  const fields = model.fields.map((field) => renderField(context, field, field.pointer, valueAt(page.data, field.pointer)));
  // Errors about no single field (the form as a whole) or a field the page does not show still reach the summary.
  const summary = errors.length > 0
    ? html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${strings.errorSummaryTitle}</h2>
<ul>${errors.map((error) => html`<li><a href="#${summaryTarget(model, error.pointer, rendered)}">${error.message}</a></li>`)}</ul>
</div>`
    : undefined;
  const title = `${errors.length > 0 ? strings.errorTitlePrefix : ''}${model.title} · ${page.agencyName}`;
  const skipTo = errors.length > 0 ? 'error-summary' : 'form-start';
  return document(language, title, html`${page.chrome?.header ?? header(page.agencyName, language, page.languages, skipTo)}
<main id="main">
<h1>${model.title}</h1>
${model.description ? html`<p class="lead">${model.description}</p>` : undefined}
${summary}
${documentsSection(uploadFieldsOfModel(model.fields).map((field) => ({ field, id: fieldId(field.pointer) })), context.uploads, strings, language.locale)}
<form method="post" action="${page.action}" novalidate id="form-start" accept-charset="utf-8"${attr('data-check', page.checkUrl)}${attr('data-presign', context.uploads.presignUrl)}${attr('data-receive', context.uploads.presignUrl && context.uploads.receiveUrl)}${attr('data-upload-words', context.uploads.presignUrl && JSON.stringify(scriptUploadWords(strings)))} data-conditions="${JSON.stringify(scriptConditions(model))}"${attr('data-shown', strings.sectionShown)}${attr('data-hidden', strings.sectionHidden)} data-error-prefix="${strings.errorPrefix}" data-error-count="${strings.errorCount}">
<input type="hidden" name="_token" value="${page.token}">
<input type="hidden" name="_lang" value="${language.locale}">
${Object.entries(page.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="hp" aria-hidden="true"><label for="f-hp">${strings.honeypot}</label><input type="text" id="f-hp" name="_hp" tabindex="-1" autocomplete="off"></div>
${fields}
<div class="actions"><button type="submit" class="primary">${strings.submit}</button></div>
</form>
</main>`, true, page.chrome?.style, page.pageToken);
}

interface RenderContext {
  readonly page: FormPage;
  readonly messages: ReadonlyMap<string, readonly string[]>;
  /** Pointers of the fields on the page, with the id their error links go to. */
  readonly rendered: Set<string>;
  /** Field pointer → the note that says when it is asked, for a page without its script. */
  readonly conditional: ReadonlyMap<string, string>;
  readonly uploads: PageUploads;
}

/** The words the script says about files (`data-upload-words`), in the page's language (it has none of its own). */
export function scriptUploadWords(strings: PageStrings): Record<string, string | undefined> {
  return {
    uploading: strings.uploadUploading, checking: strings.uploadChecking, tooLarge: strings.uploadTooLarge, wrongType: strings.uploadWrongType,
    empty: strings.uploadEmpty, tooMany: strings.uploadTooMany, failed: strings.uploadFailed, remove: strings.remove,
    removeFile: strings.removeFile, attached: strings.uploadAttached, removed: strings.uploadRemoved, errorPrefix: strings.errorPrefix,
  };
}

/**
 * "Only if you chose “An eviction or notice to leave” for: What do you need help with?": what a conditional section
 * says on the page, in the page's language with the question's and the options' own (translated) titles. Without
 * the script every section is shown, and this is how the client knows which answers to leave out (the server drops
 * them anyway: forms/conditions.ts).
 */
function conditionalNotes(model: FormModel, language: PageLanguage): Map<string, string> {
  const notes = new Map<string, string>();
  for (const condition of model.conditions) {
    const question = findField(model.fields, condition.when);
    if (question) notes.set(condition.pointer, conditionNote(question, condition, language));
  }
  return notes;
}

function conditionNote(question: Field, condition: ConditionalField, { locale, strings }: PageLanguage): string {
  const values = condition.values;
  if (values === undefined) return fill(strings.conditionalAnswered ?? 'Only if you answered: {question}', { question: question.label });
  if (question.kind === 'checkbox' && values.length === 1) {
    return fill((values[0] === true ? strings.conditional : strings.conditionalNo) ?? '{question}', { question: question.label });
  }
  const options = question.kind === 'choice' ? question.options : [];
  const answers = values.map((value) => fill(strings.quoted ?? '“{text}”', { text: options.find((option) => option.value === value)?.label ?? String(value) }));
  return fill(strings.conditionalChoice ?? 'Only if you chose {answers} for: {question}', { answers: new Intl.ListFormat(locale, { type: 'disjunction' }).format(answers), question: question.label });
}

/** What the script needs to show and hide sections: the conditions, and each section's title to announce. */
function scriptConditions(model: FormModel): Array<ConditionalField & { readonly label: string }> {
  return model.conditions.map((condition) => ({ ...condition, label: findField(model.fields, condition.pointer)?.label ?? '' }));
}

function renderField(context: RenderContext, field: Field, pointer: string, value: unknown): SafeHtml {
  const { page, messages } = context;
  const { strings } = page.language;
  const id = fieldId(pointer);
  context.rendered.add(pointer);
  const fieldErrors = messages.get(pointer) ?? [];
  const invalid = fieldErrors.length > 0;
  const helpId = field.help ? `${id}-help` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const note = context.conditional.get(pointer);
  const required = field.required ? html` <span class="required">(${strings.required})</span>` : undefined;
  const help = field.help || note
    ? html`<p class="help" id="${helpId ?? `${id}-help`}">${field.help}${note ? html`${field.help ? ' ' : ''}<span class="condition">${note}</span>` : undefined}</p>`
    : undefined;
  const described = help && !helpId ? [`${id}-help`, errorId].filter(Boolean).join(' ') : describedBy;
  const error = invalid ? html`<p class="error" id="${errorId}"><span class="visually-hidden">${strings.errorPrefix} </span>${fieldErrors.join(' ')}</p>` : undefined;

  switch (field.kind) {
    case 'input': {
      const text = value === undefined || value === null ? '' : String(value);
      const control = field.control === 'textarea'
        ? html`<textarea id="${id}" name="${pointer}" rows="5"${attr('aria-describedby', described)}${attr('aria-invalid', invalid && 'true')}${attr('aria-required', field.required && 'true')}${attr('maxlength', field.maxLength)}>${text}</textarea>`
        : html`<input id="${id}" name="${pointer}" type="${field.control === 'number' ? 'text' : field.control}"${attr('inputmode', field.control === 'number' ? (field.valueType === 'integer' ? 'numeric' : 'decimal') : undefined)} value="${text}"${attr('aria-describedby', described)}${attr('aria-invalid', invalid && 'true')}${attr('aria-required', field.required && 'true')}${attr('maxlength', field.maxLength)}${attr('autocomplete', page.autocomplete[pointer.replace(/\/\d+(?=\/|$)/g, '/-')])}${attr('dir', field.control === 'email' || field.control === 'tel' ? 'ltr' : undefined)}>`;
      return html`<div class="field${invalid ? ' invalid' : ''}"><label for="${id}">${field.label}${required}</label>${help}${error}${control}</div>`;
    }
    case 'checkbox':
      return html`<div class="field checkbox${invalid ? ' invalid' : ''}">${error}<input type="checkbox" id="${id}" name="${pointer}" value="true"${attr('checked', value === true)}${attr('aria-describedby', described)}${attr('aria-invalid', invalid && 'true')}> <label for="${id}">${field.label}${required}</label>${help}</div>`;
    case 'choice':
      if (field.control === 'select') {
        return html`<div class="field${invalid ? ' invalid' : ''}"><label for="${id}">${field.label}${required}</label>${help}${error}<select id="${id}" name="${pointer}"${attr('aria-describedby', described)}${attr('aria-invalid', invalid && 'true')}${attr('aria-required', field.required && 'true')}><option value="">${strings.chooseOne}</option>${field.options.map((option) =>
          html`<option value="${String(option.value)}"${attr('selected', value !== undefined && String(option.value) === String(value))}>${option.label}</option>`)}</select></div>`;
      }
      return html`<fieldset class="field choice${invalid ? ' invalid' : ''}" role="radiogroup" id="${id}"${attr('aria-describedby', described)}${attr('aria-invalid', invalid && 'true')}${attr('aria-required', field.required && 'true')}><legend>${field.label}${required}</legend>${help}${error}${options(id, pointer, 'radio', field.options, (option) => value !== undefined && String(option.value) === String(value))}</fieldset>`;
    case 'checkboxes': {
      const chosen = new Set((Array.isArray(value) ? value : []).map(String));
      return html`<fieldset class="field choice${invalid ? ' invalid' : ''}" id="${id}"${attr('aria-describedby', described)}><legend>${field.label}${required}</legend>${help}${error}${options(id, pointer, 'checkbox', field.options, (option) => chosen.has(String(option.value)))}</fieldset>`;
    }
    case 'group': {
      const object = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      return html`<fieldset class="group${invalid ? ' invalid' : ''}" id="${id}"${attr('aria-describedby', described)}><legend>${field.label}${required}</legend>${help}${error}${field.children.map((child) => {
        const name = child.pointer.slice(child.pointer.lastIndexOf('/') + 1);
        return renderField(context, child, `${pointer}/${name}`, object[unescapeToken(name)]);
      })}</fieldset>`;
    }
    case 'upload': {
      const ids = (Array.isArray(value) ? value : []).filter((id): id is string => typeof id === 'string');
      return uploadQuestion(field, id, ids, context.uploads, { strings, locale: page.language.locale, required, help, error, invalid, described });
    }
    case 'rows': {
      const rows = Array.isArray(value) ? value : [];
      // Without JavaScript a new row comes from the server: at least one empty row, or as many as the schema requires.
      const shown = rows.length > 0 ? rows : Array.from({ length: Math.max(1, field.minItems) }, () => undefined);
      const itemLabel = field.item.label || field.label;
      return html`<fieldset class="group rows${invalid ? ' invalid' : ''}" id="${id}"${attr('aria-describedby', described)}><legend>${field.label}${required}</legend>${help}${error}${shown.map((row, index) => {
        const rowPointer = `${pointer}/${index}`;
        const rowLabel = fill(page.language.strings.rowLabel!, { label: itemLabel, number: index + 1 });
        const item = field.item.kind === 'group'
          ? html`<fieldset class="group row" id="${fieldId(rowPointer)}"><legend>${rowLabel}</legend>${field.item.children.map((child) => {
            const name = child.pointer.slice(child.pointer.lastIndexOf('/') + 1);
            const object = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
            return renderField(context, child, `${rowPointer}/${name}`, object[name]);
          })}${removeButton(page.language.strings, rowPointer, rowLabel)}</fieldset>`
          : html`<div class="row">${renderField(context, { ...field.item, label: rowLabel }, rowPointer, row)}${removeButton(page.language.strings, rowPointer, rowLabel)}</div>`;
        return item;
      })}${field.maxItems === undefined || shown.length < field.maxItems ? html`<button type="submit" name="_action" value="add:${pointer}" class="secondary">${page.language.strings.addRow}</button>` : undefined}</fieldset>`;
    }
  }
}

/** "Remove", named for its row to a screen reader ("Remove People who depend on you 2"), which starts with what it shows. */
function removeButton(strings: PageStrings, rowPointer: string, rowLabel: string): SafeHtml {
  return html`<button type="submit" name="_action" value="remove:${rowPointer}" class="secondary" aria-label="${fill(strings.removeRow!, { item: rowLabel })}">${strings.remove}</button>`;
}

function options(id: string, pointer: string, type: 'radio' | 'checkbox', list: readonly Option[], checked: (option: Option) => boolean): SafeHtml[] {
  return list.map((option, index) => html`<div class="option"><input type="${type}" id="${id}-${index}" name="${pointer}" value="${String(option.value)}"${attr('checked', checked(option))}> <label for="${id}-${index}">${option.label}</label></div>`);
}

/** Where an error's summary link goes: its field, else the nearest field around it, else the form. */
function summaryTarget(model: FormModel, pointer: string, rendered: ReadonlySet<string>): string {
  for (let current = pointer; current !== ''; current = current.slice(0, current.lastIndexOf('/'))) {
    if (rendered.has(current)) return firstControlId(model, current);
  }
  return 'form-start';
}

/** A single control's id, or for a group of options the first option's: a link moves focus into the field. */
function firstControlId(model: FormModel, pointer: string): string {
  const field = findField(model.fields, pointer.replace(/\/\d+(?=\/|$)/g, '/-'));
  if (field && (field.kind === 'checkboxes' || (field.kind === 'choice' && field.control === 'radio'))) return `${fieldId(pointer)}-0`;
  return fieldId(pointer);
}

function findField(fields: readonly Field[], pattern: string): Field | undefined {
  for (const field of fields) {
    if (field.pointer === pattern) return field;
    if (field.kind === 'group') {
      const found = findField(field.children, pattern);
      if (found) return found;
    }
    if (field.kind === 'rows') {
      if (field.item.pointer === pattern) return field.item;
      if (field.item.kind === 'group') {
        const found = findField(field.item.children, pattern);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const token = unescapeToken(raw);
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

export interface ConfirmationPage {
  readonly agencyName: string;
  readonly formTitle: string;
  readonly language: PageLanguage;
  readonly reference: string;
  readonly newRequestHref: string;
  readonly crisisResources?: ReadonlyArray<{ readonly name: string; readonly contact: string; readonly url?: string; readonly available?: string }>;
}

/** What the client sees once the request is stored: the reference, what happens next, and help now when a risk rule fired. */
export function renderConfirmation(page: ConfirmationPage): string {
  const { strings } = page.language;
  const crisis = page.crisisResources && page.crisisResources.length > 0
    ? html`<section class="crisis" aria-labelledby="crisis-title"><h2 id="crisis-title">${strings.crisisTitle}</h2><ul>${page.crisisResources.map((resource) =>
      html`<li><strong>${resource.name}</strong>: <span dir="ltr">${resource.contact}</span>${resource.available ? html` (${resource.available})` : undefined}${resource.url && /^https:\/\//.test(resource.url) ? html` · <a href="${resource.url}">${resource.url}</a>` : undefined}</li>`)}</ul></section>`
    : undefined;
  return document(page.language, `${strings.confirmationTitle} · ${page.agencyName}`, html`${header(page.agencyName, page.language, [])}
<main id="main">
<h1>${strings.confirmationTitle}</h1>
${crisis}
<p class="reference">${strings.reference}: <strong dir="ltr">${page.reference}</strong></p>
<p>${strings.nextSteps}</p>
<p><a href="${page.newRequestHref}">${strings.newRequest}</a></p>
</main>`);
}

/** A page for an address that names no public form, or a refused request: a title and one sentence. */
export function renderMessagePage(agencyName: string, language: PageLanguage, title: string, message: string): string {
  return document(language, `${title} · ${agencyName}`, html`${header(agencyName, language, [])}
<main id="main">
<h1>${title}</h1>
<p>${message}</p>
</main>`);
}
