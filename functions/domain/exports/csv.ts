/**
 * RFC 4180 records that are safe to open in a spreadsheet.
 *
 * A cell is either text or a number. Text is what a person typed, so a spreadsheet must never run it: text that
 * starts like a formula gets a leading apostrophe (OWASP, CSV injection). A number is a JSON number the service
 * parsed, never a formula, so `-2` stays `-2` and keeps working in sums.
 */
export type CsvCell = string | number;

/**
 * The characters a spreadsheet reads as the start of a formula (OWASP: = + - @ TAB CR), and their full-width forms,
 * which some spreadsheet locales normalise to ASCII.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Quoted: RFC 4180's comma, quote, CR and LF, plus the semicolon and TAB, because Excel splits a CSV file on the
 * locale's list separator (`;` in much of Europe) and a cell split there could start a formula of its own.
 */
const NEEDS_QUOTES = /[",\r\n;\t]/;

export function csvRecord(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

function csvField(cell: CsvCell): string {
  if (typeof cell === 'number') return String(cell);
  const neutralized = FORMULA_START.test(cell);
  const text = neutralized ? `'${cell}` : cell;
  // OWASP also asks for a neutralized cell to be quoted, whatever it contains.
  return neutralized || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
