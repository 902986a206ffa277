import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, lintForms } from '../../functions/domain/forms/lint.ts';
import { projectRoot } from '../../local/stack.ts';
import { harborPackDir } from '../support/harbor-pack.ts';
import { LIFECYCLE_FORMS } from '../support/lifecycle-forms.ts';

/**
 * Quay Family Services, an agency written here and nowhere else: its own staff form, laid out one key a line so
 * each test can say the line and column an author's editor would jump to.
 */
const VISIT = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Home visit",
  "x-caseforms": {
    "access": "staff"
  },
  "type": "object",
  "additionalProperties": false,
  "required": ["visitedOn", "outcome"],
  "properties": {
    "visitedOn": {
      "title": "Visit date",
      "type": "string",
      "format": "date"
    },
    "outcome": {
      "title": "Outcome",
      "type": "string",
      "oneOf": [
        { "const": "met", "title": "Met the family" },
        { "const": "no-answer", "title": "No one answered" },
        { "const": "moved", "title": "The family has moved" }
      ]
    },
    "notes": {
      "title": "Notes",
      "type": "string",
      "maxLength": 2000
    }
  },
  "examples": [
    {
      "visitedOn": "2026-03-02",
      "outcome": "met",
      "notes": "Kitchen repaired."
    }
  ]
}
`;

/** Quay's pack with its visit form as given (agency.json is Harbor's, renamed and English only), linted. */
function lintQuay(visit: string): { lines: string[]; formsDir: string } {
  const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-lint-quay-'));
  copyFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), join(formsDir, 'agency.schema.json'));
  mkdirSync(join(formsDir, 'quay', 'forms'), { recursive: true });
  for (const [formId, schema] of Object.entries(LIFECYCLE_FORMS)) writeFileSync(join(formsDir, 'quay', 'forms', `${formId}.json`), JSON.stringify(schema, null, 2));
  const agency = JSON.parse(readFileSync(join(harborPackDir, 'agency.json'), 'utf8'));
  // Harbor's routes name its provider, and Quay records no consent: that warning is not what these tests are about.
  writeFileSync(join(formsDir, 'quay', 'agency.json'), JSON.stringify({ ...agency, id: 'quay', name: 'Quay Family Services', locales: ['en'], delivery: undefined }, null, 2));
  writeFileSync(join(formsDir, 'quay', 'forms', 'visit.json'), visit);
  const lines = lintForms(formsDir, join(projectRoot, 'templates')).map(formatProblem).map((line) => line.slice(line.indexOf('/') + 1));
  return { lines, formsDir };
}

describe('lint:forms says where, on a second agency\'s own form', () => {
  it('finds nothing wrong with the form as written', () => {
    expect(lintQuay(VISIT).lines).toEqual([]);
  });

  it('reports three unknown keywords in one run, each at its own line and column, with the keyword meant', () => {
    const visit = VISIT
      .replace('"title": "Visit date"', '"titel": "Visit date"')
      .replace('"required": ["visitedOn", "outcome"]', '"requried": ["visitedOn", "outcome"]')
      .replace('"maxLength": 2000', '"maxLenght": 2000,\n      "colour": "blue"');
    expect(lintQuay(visit).lines).toEqual([
      'quay/forms/visit.json:9:3 /requried unknown keyword `requried`: did you mean `required`?',
      'quay/forms/visit.json:12:7 /properties/visitedOn/titel unknown keyword `titel`: did you mean `title`?',
      'quay/forms/visit.json:28:7 /properties/notes/maxLenght unknown keyword `maxLenght`: did you mean `maxLength`?',
      'quay/forms/visit.json:29:7 /properties/notes/colour unknown keyword `colour`: JSON Schema 2020-12 and caseforms do not know it (notes for authors go in "$comment")',
    ]);
  });

  it('keeps checking the rest: an example and another compile error are reported beside an unknown keyword', () => {
    const visit = VISIT
      .replace('"title": "Visit date"', '"titel": "Visit date"')
      .replace('"notes": "Kitchen repaired."', '"notes": 12');
    expect(lintQuay(visit).lines).toEqual([
      'quay/forms/visit.json:12:7 /properties/visitedOn/titel unknown keyword `titel`: did you mean `title`?',
      'quay/forms/visit.json:35:7 /examples/0/notes Notes: enter text here',
    ]);
    const unknownFormat = VISIT.replace('"title": "Visit date"', '"titel": "Visit date"').replace('"format": "date"', '"format": "dat"');
    const lines = lintQuay(unknownFormat).lines;
    expect(lines[0]).toBe('quay/forms/visit.json:12:7 /properties/visitedOn/titel unknown keyword `titel`: did you mean `title`?');
    expect(lines[1]).toMatch(/^quay\/forms\/visit\.json:1:1 \/ does not compile: unknown format "dat"/);
    expect(lines).toHaveLength(2);
  });

  it('reports a misspelt x-caseforms key at its line with the key meant, and no compiler echo of it', () => {
    const visit = VISIT.replace('"access": "staff"', '"access": "staff",\n    "reviewdue": "/visitedOn"');
    expect(lintQuay(visit).lines).toEqual(['quay/forms/visit.json:6:5 /x-caseforms/reviewdue is not a key known here: did you mean `reviewDue`?']);
  });

  it('reports a bad example choice once, in plain words, at the example field', () => {
    const visit = VISIT.replace('"outcome": "met"', '"outcome": "met-family"');
    expect(lintQuay(visit).lines).toEqual(['quay/forms/visit.json:34:7 /examples/0/outcome Outcome: choose one of the options given']);
  });

  it('reports an example answer of the wrong type to a choice once, as a choice, not once per keyword it fails', () => {
    const visit = VISIT.replace('"outcome": "met"', '"outcome": 7');
    expect(lintQuay(visit).lines).toEqual(['quay/forms/visit.json:34:7 /examples/0/outcome Outcome: choose one of the options given']);
  });

  it('says where a file stops being JSON, and names a missing file without a position', () => {
    const broken = lintQuay(VISIT.replace('"type": "object",', '"type": "object",,'));
    expect(broken.lines).toEqual([expect.stringMatching(/^quay\/forms\/visit\.json:7:20 \/ is not valid JSON: /)]);
    const { formsDir } = lintQuay(VISIT);
    const agencyFile = join(formsDir, 'quay', 'agency.json');
    writeFileSync(agencyFile, JSON.stringify({ ...JSON.parse(readFileSync(agencyFile, 'utf8')), locales: ['en', 'fr'] }, null, 2));
    const lines = lintForms(formsDir, join(projectRoot, 'templates')).map(formatProblem).map((line) => line.slice(line.indexOf('/') + 1));
    expect(lines).toEqual(['quay/locales/fr.json / missing: agency.json lists the locale "fr"']);
  });

  it('prints file:line:column pointer message from the command line', () => {
    const { formsDir } = lintQuay(VISIT.replace('"title": "Visit date"', '"titel": "Visit date"'));
    let output = '';
    try {
      execFileSync(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/lint-forms.ts', formsDir], { cwd: projectRoot, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    expect(output).toContain('quay/forms/visit.json:12:7 /properties/visitedOn/titel unknown keyword `titel`: did you mean `title`?\n');
  });
});
