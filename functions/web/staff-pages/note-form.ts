import { randomUUID } from 'node:crypto';
import { CONTACT_TYPES, MAX_CONTACTED_LENGTH, MAX_DURATION_MINUTES, MAX_NARRATIVE_LENGTH } from '../../domain/cases/case-note.ts';
import { attr, html, type SafeHtml } from '../public-pages/html.ts';
import { contactTypeLabel } from './contact-types.ts';
import type { StaffLanguage, Words } from './staff-words.ts';

/** A refused field, worded already in the staff member's language: its pointer (`/narrative`) and the sentence. */
export interface PageFieldError {
  readonly pointer: string;
  readonly message: string;
}

export interface NoteFormState {
  /** What was typed, shown again after a refusal. */
  readonly values: Readonly<Record<string, string>>;
  readonly errors: readonly PageFieldError[];
}

const EMPTY: NoteFormState = { values: {}, errors: [] };

/** The errors at the top of a refused form, each a link to its field. */
export function errorSummary(errors: readonly PageFieldError[], idPrefix: string, words: Words<'staffNotes'>): SafeHtml | undefined {
  if (errors.length === 0) return undefined;
  return html`<div class="error-summary" id="${idPrefix}-errors" role="alert" tabindex="-1" aria-labelledby="${idPrefix}-errors-title">
<h3 id="${idPrefix}-errors-title">${words.t('errors.title')}</h3>
<ul>${errors.map((error) => html`<li><a href="#${idPrefix}-${error.pointer.slice(1) || 'form'}">${error.message}</a></li>`)}</ul></div>`;
}

function field(idPrefix: string, name: string, label: string, errors: readonly PageFieldError[], words: Words<'staffNotes'>, control: (id: string, described: string | undefined, invalid: boolean) => SafeHtml, help?: string): SafeHtml {
  const id = `${idPrefix}-${name}`;
  const messages = errors.filter((error) => error.pointer === `/${name}`).map((error) => error.message);
  const invalid = messages.length > 0;
  const described = [help ? `${id}-help` : undefined, invalid ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return html`<div class="field${invalid ? ' invalid' : ''}"><label for="${id}">${label}</label>${help ? html`<p class="help" id="${id}-help">${help}</p>` : undefined}${invalid ? html`<p class="error" id="${id}-error"><span class="visually-hidden">${words.t('errors.prefix')} </span>${messages.join(' ')}</p>` : undefined}${control(id, described, invalid)}</div>`;
}

const common = (described: string | undefined, invalid: boolean) => html`${attr('aria-describedby', described)}${attr('aria-invalid', invalid && 'true')}`;

/**
 * The form that adds a note: plain HTML, no script. Its hidden `noteId` is made when the form is shown, so sending the
 * same form twice (a double click, a resend after a timeout) is refused instead of saving the note twice.
 */
export function noteForm(action: string, language: StaffLanguage, state: NoteFormState = EMPTY): SafeHtml {
  const { values, errors } = state;
  const words = language.words('staffNotes');
  const value = (name: string) => values[name] ?? '';
  const p = 'note';
  return html`${errorSummary(errors, p, words)}<form method="post" action="${action}" class="note-form" id="${p}-form">
<input type="hidden" name="noteId" value="${value('noteId') || randomUUID()}">
${field(p, 'contactType', words.t('form.contactType'), errors, words, (id, described, invalid) => html`<select id="${id}" name="contactType" aria-required="true"${common(described, invalid)}><option value="">${words.t('form.chooseOne')}</option>${CONTACT_TYPES.map((type) => html`<option value="${type}"${attr('selected', value('contactType') === type)}>${contactTypeLabel(type, language)}</option>`)}</select>`)}
${field(p, 'contactedAt', words.t('form.when'), errors, words, (id, described, invalid) => html`<input id="${id}" name="contactedAt" type="datetime-local" value="${value('contactedAt')}" aria-required="true"${common(described, invalid)}>`, words.t('form.when.help'))}
${field(p, 'durationMinutes', words.t('form.duration'), errors, words, (id, described, invalid) => html`<input id="${id}" name="durationMinutes" type="text" inputmode="numeric" value="${value('durationMinutes')}" maxlength="4"${common(described, invalid)}>`, words.t('form.duration.help', { max: MAX_DURATION_MINUTES }))}
${field(p, 'contactedPerson', words.t('form.contactedPerson'), errors, words, (id, described, invalid) => html`<input id="${id}" name="contactedPerson" type="text" value="${value('contactedPerson')}" maxlength="${MAX_CONTACTED_LENGTH}"${common(described, invalid)}>`)}
${field(p, 'narrative', words.t('form.narrative'), errors, words, (id, described, invalid) => html`<textarea id="${id}" name="narrative" rows="5" maxlength="${MAX_NARRATIVE_LENGTH}" aria-required="true"${common(described, invalid)}>${value('narrative')}</textarea>`)}
${field(p, 'followUpOn', words.t('form.followUpOn'), errors, words, (id, described, invalid) => html`<input id="${id}" name="followUpOn" type="date" value="${value('followUpOn')}"${common(described, invalid)}>`, words.t('form.followUpOn.help'))}
<p class="help">${words.t('form.final')}</p>
<button type="submit" class="primary">${words.t('form.save')}</button>
</form>`;
}

/** The form that adds an addendum under one note. */
export function addendumForm(action: string, noteLabel: string, idPrefix: string, language: StaffLanguage, state: NoteFormState = EMPTY): SafeHtml {
  const { values, errors } = state;
  const words = language.words('staffNotes');
  return html`${errorSummary(errors, idPrefix, words)}<form method="post" action="${action}" class="addendum-form" id="${idPrefix}-form">
<input type="hidden" name="addendumId" value="${values.addendumId || randomUUID()}">
${field(idPrefix, 'text', words.t('form.addendum'), errors, words, (id, described, invalid) => html`<textarea id="${id}" name="text" rows="3" maxlength="${MAX_NARRATIVE_LENGTH}" aria-required="true"${common(described, invalid)}>${values.text ?? ''}</textarea>`)}
<button type="submit">${words.t('form.addAddendum')}<span class="visually-hidden"> ${words.t('addAddendum.to', { note: noteLabel })}</span></button>
</form>`;
}
