import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, lintForms } from '../../functions/domain/forms/lint.ts';
import { lintPack } from '../../functions/domain/forms/lint-pack.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { lifecycleFormFiles } from '../support/lifecycle-forms.ts';

// A template that inserts an answer without escaping lets a client put markup or script into a PDF or an email.
// Linted with Rowan Advocacy's own template folder, written here only, beside a copy of the default templates.
const agencySchema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as object;

const AGENCY = {
  id: 'rowan', name: 'Rowan Advocacy', contact: { phone: '+1 555 0120', email: 'help@rowan.caseforms.test', address: '9 Ash Court' },
  timeZone: 'America/Denver', defaultLocale: 'en', locales: ['en'], intakeInbox: 'intake@rowan.caseforms.test',
  supervisorInbox: 'supervisors@rowan.caseforms.test', sender: { name: 'Rowan Advocacy', email: 'no-reply@rowan.caseforms.test' },
  minimumTerminationNoticeDays: 10, crisisResources: [{ name: 'Rowan line', contact: '+1 555 0121' }],
};

const LETTER = [
  '<h1>{{{agency.name}}}</h1>',
  '<p>{{t "letter.greeting" name=client.name}}</p>',
  '<p>{{{answers.situation}}}</p>',
  '{{#each fields}}<dt>{{label}}</dt><dd>{{& value}}</dd>{{/each}}',
  '<p>{{{t "letter.signed" name=(concat client.name " ")}}}</p>',
  '<p>{{{t "letter.footer"}}} {{{lang}}}</p>',
].join('\n');

/** A templates folder: the default templates and Rowan's own `letter.hbs`. */
function templatesWith(letter: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-templates-'));
  cpSync(join(projectRoot, 'templates'), join(dir, 'templates'), { recursive: true });
  mkdirSync(join(dir, 'templates', 'rowan'), { recursive: true });
  writeFileSync(join(dir, 'templates', 'rowan', 'letter.hbs'), letter);
  return join(dir, 'templates');
}

function lintRowan(letter: string): string[] {
  const files = new Map([...lifecycleFormFiles(), ['agency.json', JSON.stringify(AGENCY, null, 2)]]);
  return lintPack('rowan', files, { templatesDir: templatesWith(letter), agencySchema }).map(formatProblem);
}

describe('templates that could inject HTML from answers', () => {
  it('refuses each unescaped insertion that reads an answer, at its line and column, directly or through a helper', () => {
    expect(lintRowan(LETTER)).toEqual([
      'templates/rowan/letter.hbs:3:4 / inserts "answers.situation" without escaping ({{{…}}} or {{& …}}): an answer could put markup or script into the document; write {{…}} so it is escaped',
      'templates/rowan/letter.hbs:4:39 / inserts "value" without escaping ({{{…}}} or {{& …}}): an answer could put markup or script into the document; write {{…}} so it is escaped',
      'templates/rowan/letter.hbs:5:4 / inserts "client.name" without escaping ({{{…}}} or {{& …}}): an answer could put markup or script into the document; write {{…}} so it is escaped',
    ]);
  });

  it('allows what the agency and the service write (agency.json, the document strings, the language), and every shipped template', () => {
    expect(lintRowan('<h1>{{{agency.name}}}</h1><p>{{{t "letter.footer"}}} {{{lang}}}</p>')).toEqual([]);
  });

  it('reports a template that does not parse at its line, without stopping the rest of lint', () => {
    expect(lintRowan('<p>ok</p>\n<p>{{#if agency.name}}</p>\n')).toEqual([expect.stringMatching(/^templates\/rowan\/letter\.hbs:\d+:1 \/ does not parse: /)]);
  });

  it('reports a problem in the default templates once, not once per pack', () => {
    const templatesDir = templatesWith('');
    writeFileSync(join(templatesDir, 'default', 'partials', 'contact.hbs'), `${readFileSync(join(templatesDir, 'default', 'partials', 'contact.hbs'), 'utf8')}{{{client.name}}}\n`);
    const lines = lintForms(formsDirWithHarbor(), templatesDir).map(formatProblem);
    expect(lines).toEqual([expect.stringMatching(/^templates\/default\/partials\/contact\.hbs:\d+:1 \/ inserts "client\.name" without escaping/)]);
  });
});
