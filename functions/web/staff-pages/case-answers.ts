import type { SubmissionAnswers } from '../../domain/cases/submission-answers.ts';
import { answeredFields, type AnsweredField } from '../../domain/documents/answered-fields.ts';
import { bandLabel, flagTitle, scoreTitle, type PackLabels } from '../../domain/forms/pack-labels.ts';
import type { RaisedFlag, Score } from '../../domain/forms/scoring.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import type { Words } from './staff-words.ts';

type PageWords = Words<'staffCasePage'>;

/** The staff reader's language for answers: the pack's words in it, and the words for yes and no. */
export interface AnswerReading {
  readonly locale: string;
  readonly labels: PackLabels;
  readonly yes: string;
  readonly no: string;
  /** The language typed answers were written in, per submission (the client's for what they sent, else the agency's). */
  readonly writtenIn: (entry: SubmissionAnswers) => string;
}

/**
 * Every submission's answers, readable: one `<details>` per submission (closed, so a long case stays one screen of
 * summaries), holding its scores with their bands, its flags, and its answers under the form's titles in the
 * reader's language, choices by their titles, nested groups and lists as nested lists. The words come from the same
 * walk the documents use (documents/answered-fields.ts), so the page and the PDF never disagree.
 */
export function renderAnswers(entries: readonly SubmissionAnswers[], reading: AnswerReading, formTitle: (formId: unknown) => string, day: (value: unknown) => string, words: PageWords): SafeHtml {
  if (entries.length === 0) return html`<p>${words.t('noneYet')}</p>`;
  return html`${entries.map((entry) => {
    const formId = String(entry.submission.formId);
    const labels = reading.labels(formId);
    const title = formTitle(formId);
    return html`<details class="submission"><summary>${words.t('answers.received', { form: title, date: day(entry.submission.receivedAt) })}</summary>
<div lang="${reading.locale}">
${scoreList(entry.submission.scores, labels)}
${flagList(entry.submission.flags, labels, words)}
${entry.answers && entry.form
    ? answerList(answeredFields(entry.form.schema, entry.answers, { locale: reading.locale, labels, yes: reading.yes, no: reading.no, writtenIn: reading.writtenIn(entry) }), words)
    : html`<p>${words.t('answers.unreadable')}</p>`}
</div></details>`;
  })}`;
}

function answerList(fields: readonly AnsweredField[], words: PageWords): SafeHtml {
  if (fields.length === 0) return html`<p>${words.t('answers.none')}</p>`;
  return html`<dl class="answers">${fields.map((field) => html`<dt>${field.label}</dt><dd>${answerValue(field, words)}</dd>`)}</dl>`;
}

function answerValue(field: AnsweredField, words: PageWords): SafeHtml {
  if (field.fields) return answerList(field.fields, words);
  if (field.entries) return html`<ol>${field.entries.map((entry) => html`<li>${answerList(entry, words)}</li>`)}</ol>`;
  if (field.values) return html`<ul>${field.values.map((value) => html`<li lang="${field.lang ?? ''}" dir="auto">${value}</li>`)}</ul>`;
  // Typed text keeps the language it was written in, and its own direction.
  return field.lang ? html`<span lang="${field.lang}" dir="auto">${field.value ?? ''}</span>` : html`${field.value ?? ''}`;
}

function scoreList(value: unknown, labels: ReturnType<PackLabels>): SafeHtml | undefined {
  const scores = Array.isArray(value) ? (value as Score[]) : [];
  if (scores.length === 0) return undefined;
  return html`<ul class="scores">${scores.map((score) => {
    const band = bandLabel(labels, score.id, score.band);
    return html`<li><strong>${scoreTitle(labels, score.id, score.title)}: ${score.value}</strong>${band ? ` (${band})` : ''}</li>`;
  })}</ul>`;
}

function flagList(value: unknown, labels: ReturnType<PackLabels>, words: PageWords): SafeHtml | undefined {
  const flags = Array.isArray(value) ? (value as RaisedFlag[]) : [];
  if (flags.length === 0) return undefined;
  return html`<ul class="flags">${flags.map((flag) => html`<li class="status-failed">${words.t('answers.riskFlag')} ${flagTitle(labels, flag.id, flag.title)}</li>`)}</ul>`;
}
