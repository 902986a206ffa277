import { chosenOption, isObject, schemaFields, type SchemaField } from '../forms/schema-fields.ts';
import { untranslated, type Labels } from '../forms/pack-labels.ts';
import { humanize } from '../forms/humanize.ts';
import { calendarDate } from '../forms/calendar-date.ts';

/**
 * Turns a submission into the answered fields of a document, in the form's order and under the form's titles in
 * the reader's language. Nested objects become sections, arrays of objects become numbered entries, unanswered
 * fields are left out. Answers are shown in words: a choice by its option's title (never its code), yes/no as
 * words, dates written out in the reader's language. Text someone typed stays as written, marked with the language
 * it was written in, so a screen reader and the PDF's shaping read it right inside a document in another language.
 */
export interface AnsweredField {
  readonly label: string;
  readonly value?: string;
  /** A list of typed entries (each as written), shown as a list rather than joined in the reader's language. */
  readonly values?: readonly string[];
  /** Free text: the language it was written in (the value is as typed, not translated). */
  readonly lang?: string;
  readonly fields?: readonly AnsweredField[];
  readonly entries?: ReadonlyArray<readonly AnsweredField[]>;
}

export interface AnswerLanguage {
  /** The reader's language: dates and lists are written in it. */
  readonly locale: string;
  /** The form's words in the reader's language (pack-labels.ts). */
  readonly labels?: Labels;
  readonly yes: string;
  readonly no: string;
  /** The language the answers' free text was written in. */
  readonly writtenIn: string;
  /** Pointers of fields the document shows elsewhere (a termination's effective date, say). */
  readonly omit?: readonly string[];
}

export function answeredFields(schema: Readonly<Record<string, unknown>>, data: Readonly<Record<string, unknown>>, language: AnswerLanguage): AnsweredField[] {
  const form = schemaFields(schema, language.labels ?? untranslated);
  return objectFields(form, data, language);
}

function objectFields(field: SchemaField | undefined, data: Readonly<Record<string, unknown>>, language: AnswerLanguage): AnsweredField[] {
  const declared = field?.properties ?? [];
  // Keys the schema does not declare (validation refuses them, but an old form version might have allowed them)
  // come last, under their own names, rather than vanishing.
  const undeclared = Object.keys(data).filter((key) => !declared.some((child) => child.name === key));
  const fields: AnsweredField[] = [];
  for (const child of declared) {
    if (!Object.hasOwn(data, child.name) || language.omit?.includes(child.pointer)) continue;
    const answered = answeredField(child, child.title ?? child.name, data[child.name], language);
    if (answered) fields.push(answered);
  }
  for (const key of undeclared) {
    const answered = answeredField(undefined, key, data[key], language);
    if (answered) fields.push(answered);
  }
  return fields;
}

function answeredField(field: SchemaField | undefined, label: string, value: unknown, language: AnswerLanguage): AnsweredField | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.every((item) => !isObject(item))) {
      const words = value.map((item) => scalar(field?.items, item, language));
      // Typed entries are a list of their own: joining them with the reader's "and" would put a word of one
      // language between runs of another.
      if (words.some((word) => word.free)) return { label, values: words.map((word) => word.text), lang: language.writtenIn };
      return { label, value: new Intl.ListFormat(language.locale, { type: 'conjunction', style: 'long' }).format(words.map((word) => word.text)) };
    }
    return { label, entries: value.map((item) => objectFields(field?.items, isObject(item) ? item : { value: item }, language)) };
  }
  if (isObject(value)) {
    const fields = objectFields(field, value, language);
    return fields.length > 0 ? { label, fields } : undefined;
  }
  const word = scalar(field, value, language);
  return { label, value: word.text, ...(word.free ? { lang: language.writtenIn } : {}) };
}

/** One answer in words; `free` when it is text someone typed rather than something the form defines. */
function scalar(field: SchemaField | undefined, value: unknown, language: AnswerLanguage): { text: string; free: boolean } {
  const option = chosenOption(field, value);
  if (option) {
    const title = option.title ?? humanize(String(option.value));
    // A numbered answer (a questionnaire item's score) keeps its number beside the words: staff add them up.
    return { text: typeof option.value === 'number' ? `${title} (${option.value})` : title, free: false };
  }
  if (typeof value === 'boolean') return { text: value ? language.yes : language.no, free: false };
  if (typeof value === 'string' && field?.format === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { text: calendarDate(value, language.locale), free: false };
  if (typeof value === 'string') return { text: value, free: field?.format === undefined || !NOT_PROSE.has(field.format) };
  return { text: String(value), free: false };
}

/** Formats whose values are identifiers, not words anyone wrote in a language. */
const NOT_PROSE = new Set(['email', 'uri', 'uuid', 'date-time', 'time', 'ipv4', 'ipv6', 'hostname']);
