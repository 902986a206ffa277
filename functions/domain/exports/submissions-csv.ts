import { valueAt } from '../../contracts/json-pointer.ts';
import { VERSION_PATTERN } from '../forms/form-versions.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { csvRecord, type CsvCell } from './csv.ts';
import { humanize } from '../forms/humanize.ts';
import type { Score } from '../forms/scoring.ts';
import { declaredScoring } from '../outcomes/declared-scoring.ts';
import { isScalar, schemaFields, type Labels, type Option, type SchemaField } from '../forms/schema-fields.ts';

/** One submission of the exported form version, as stored: the answers are the submitted JSON body. */
export interface SubmissionRow {
  readonly caseId: string;
  readonly submissionId: string;
  /** ISO 8601 timestamp the service recorded; exported as is (UTC, unambiguous in every locale). */
  readonly receivedAt: string;
  /** `public` (the client) or `staff`. */
  readonly channel: string;
  readonly answers: unknown;
  /** The scores stored with the submission (forms/scoring.ts), when its form is an instrument. */
  readonly scores?: readonly Score[];
}

export interface SubmissionsCsvOptions {
  /** Field titles in the reader's language (see Labels); the fixed columns stay English. */
  readonly labels?: Labels;
}

/** RFC 4180 registers `header` so a client knows the first record names the columns. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/**
 * Excel decodes a CSV file without a byte order mark in the machine's legacy code page (Windows-1252 and the like),
 * which turns Arabic, Chinese or even "Zoë" into mojibake. The UTF-8 BOM makes it read UTF-8; LibreOffice, Numbers
 * and most CSV libraries skip it.
 */
export const UTF8_BOM = '\uFEFF';

const FIXED_HEADERS = ['Case', 'Submission', 'Received', 'Channel'] as const;

interface Column {
  readonly pointer: string;
  readonly header: string;
  /** A choice field's options: its cells are the codes, and a label column beside it has their titles. */
  readonly options?: readonly Option[];
}

/** The suffix of the header of a choice's label column. */
export const LABEL_COLUMN_SUFFIX = ' (label)';

/**
 * The submissions of one form version as a CSV file: the fixed columns, an instrument's scores (scoreColumns), then
 * one column per field in the form's order (`x-caseforms.order` first, as pages and documents show it), headed by its
 * title. Pass the schema of the
 * version the rows were submitted against, so every answer has its column.
 *
 * - A nested object's fields are columns of their own, headed "Object title › Field title".
 * - An array is one cell: scalars joined with "; " (readable, and what a person would type), objects as JSON,
 *   because a repeating group has no fixed number of columns and JSON keeps every entry and field intact.
 * - Booleans stay `true`/`false`, coded answers stay their codes and dates stay ISO: the same in every language
 *   and what the JSON API and the validator use, so a sheet can be joined or filtered against them.
 * - A choice's column is followed by its label column ("… (label)"): the chosen options' titles in the reader's
 *   language, for people reading the sheet; the codes stay in their own column for analysis.
 * - Answers the schema does not declare have no column (validation refuses them anyway).
 */
export function submissionsCsv(schema: Readonly<Record<string, unknown>>, rows: Iterable<SubmissionRow>, options: SubmissionsCsvOptions = {}): string {
  return [...submissionsCsvChunks(schema, rows, options)].join('');
}

/** The same file one record at a time (the first chunk carries the BOM and the header). */
export function* submissionsCsvChunks(schema: Readonly<Record<string, unknown>>, rows: Iterable<SubmissionRow>, options: SubmissionsCsvOptions = {}): Generator<string> {
  const layout = csvLayout(schema, options);
  yield layout.header;
  for (const row of rows) yield layout.record(row);
}

/**
 * The same file from rows that arrive a page at a time (read from storage as the file is written): each row is
 * turned into its record and let go, so the rows never all sit in memory at once.
 */
export async function* submissionsCsvStream(schema: Readonly<Record<string, unknown>>, rows: AsyncIterable<SubmissionRow>, options: SubmissionsCsvOptions = {}): AsyncGenerator<string> {
  const layout = csvLayout(schema, options);
  yield layout.header;
  for await (const row of rows) yield layout.record(row);
}

function csvLayout(schema: Readonly<Record<string, unknown>>, options: SubmissionsCsvOptions): { header: string; record: (row: SubmissionRow) => string } {
  const columns = csvColumns(schemaFields(schema, options.labels));
  const scores = scoreColumns(schema);
  return {
    header: UTF8_BOM + csvRecord([...FIXED_HEADERS, ...scores.map((column) => column.header), ...columns.map((column) => column.header)]),
    record: (row) => csvRecord([row.caseId, row.submissionId, row.receivedAt, row.channel, ...scores.map((column) => column.cell(row.scores ?? [])), ...columns.map((column) => {
      const value = valueAt(row.answers, column.pointer);
      return column.options ? labelCell(column.options, value) : cell(value);
    })]),
  };
}

/**
 * Each score the form version declares, as its value and (when it has bands) its band, before the answers: what a
 * supervisor sorts and filters by. The values are the ones stored with the submission when it was accepted, as the
 * case page shows them, not scored again; a submission that could not be scored (an item unanswered) has blank cells.
 */
function scoreColumns(schema: Readonly<Record<string, unknown>>): Array<{ header: string; cell: (scores: readonly Score[]) => CsvCell }> {
  return (declaredScoring({ schema })?.scores ?? []).flatMap((declared) => {
    const stored = (scores: readonly Score[]) => scores.find((score) => score.id === declared.id);
    return [
      { header: `${declared.title}${SCORE_COLUMN_SUFFIX}`, cell: (scores: readonly Score[]) => stored(scores)?.value ?? '' },
      ...(declared.bands?.length ? [{ header: `${declared.title}${BAND_COLUMN_SUFFIX}`, cell: (scores: readonly Score[]) => stored(scores)?.band ?? '' }] : []),
    ];
  });
}

/** The suffixes of a score's two columns: "PHQ-9 total (score)", "PHQ-9 total (band)". */
export const SCORE_COLUMN_SUFFIX = ' (score)';
export const BAND_COLUMN_SUFFIX = ' (band)';

/** `demo-intake-v3f2a9c0d1e2b4a5c.csv`. Ids and version are checked, since the name goes into a Content-Disposition header. */
export function csvFileName(agencyId: string, formId: string, version: string): string {
  if (!isPlainId(agencyId) || !isPlainId(formId)) throw new RangeError('agency and form ids must be plain ids');
  if (!VERSION_PATTERN.test(version)) throw new RangeError('version must be a form version (16 hex digits)');
  return `${agencyId}-${formId}-v${version}.csv`;
}

function csvColumns(form: SchemaField): Column[] {
  const columns: Array<Column & { titled: boolean; choice?: readonly Option[] }> = [];
  const visit = (field: SchemaField, titles: readonly string[], titled: boolean): void => {
    const path = [...titles, field.title ?? ''];
    const allTitled = titled && field.title !== undefined;
    if (field.properties) {
      for (const child of field.properties) visit(child, path, allTitled);
      return;
    }
    // A title path with a gap would name the column ambiguously; the pointer always names it exactly.
    const choice = field.options ?? field.items?.options;
    columns.push({ pointer: field.pointer, header: allTitled ? path.join(' › ') : field.pointer, titled: allTitled, ...(choice ? { choice } : {}) });
  };
  for (const field of form.properties ?? []) visit(field, [], true);
  return disambiguated(columns).flatMap((column, index) => {
    const choice = columns[index]!.choice;
    return choice ? [column, { pointer: column.pointer, header: `${column.header}${LABEL_COLUMN_SUFFIX}`, options: choice }] : [column];
  });
}

/** Two fields titled "Notes" would be two identical headers: each gets its pointer to tell them apart. */
function disambiguated(columns: ReadonlyArray<Column & { titled: boolean }>): Column[] {
  const counts = new Map<string, number>(FIXED_HEADERS.map((header) => [header, 1]));
  for (const column of columns) counts.set(column.header, (counts.get(column.header) ?? 0) + 1);
  return columns.map((column) => ({
    pointer: column.pointer,
    header: column.titled && counts.get(column.header)! > 1 ? `${column.header} (${column.pointer})` : column.header,
  }));
}

/** The titles of the chosen options (an untitled option humanized, as the intake page shows it); anything else as its cell. */
function labelCell(options: readonly Option[], value: unknown): CsvCell {
  const title = (item: unknown) => {
    const option = options.find((candidate) => candidate.value === item);
    return option ? option.title ?? humanize(String(option.value)) : item === null || item === undefined ? '' : String(item);
  };
  if (Array.isArray(value) && value.every((item) => item === null || isScalar(item))) return value.map(title).join('; ');
  if (value === undefined || value === null || !isScalar(value)) return cell(value);
  return title(value);
}

function cell(value: unknown): CsvCell {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => item === null || isScalar(item))) {
    return value.map((item) => (item === null ? '' : String(item))).join('; ');
  }
  return JSON.stringify(value);
}
