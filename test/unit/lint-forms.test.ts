import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintForms, type LintProblem } from '../../functions/domain/forms/lint.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

const templatesDir = join(projectRoot, 'templates');

/** A problem's file, pointer and words (the tests of positions below check lines and columns). */
function described(problem: LintProblem): string {
  return `${problem.file}: ${problem.pointer || '/'}: ${problem.message}`;
}

/** A copy of form-schemas/ with one change, linted: the lines lint:forms would print. */
function lintWith(change: (demo: string) => void): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-lint-'));
  cpSync(join(projectRoot, 'form-schemas'), join(dir, 'form-schemas'), { recursive: true });
  change(join(dir, 'form-schemas', 'demo'));
  return lintForms(join(dir, 'form-schemas'), templatesDir).map(described);
}

function editJson(file: string, edit: (json: Record<string, any>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

describe('lint:forms', () => {
  it('finds nothing wrong with the shipped packs', () => {
    expect(lintForms(join(projectRoot, 'form-schemas'), templatesDir)).toEqual([]);
  });

  it('finds nothing wrong with Harbor, a pack the default templates were not written for', () => {
    expect(lintForms(formsDirWithHarbor(), templatesDir).map(described)).toEqual([]);
  });

  it('reports a syntax error in a schema', () => {
    const lines = lintWith((demo) => writeFileSync(join(demo, 'forms', 'intake.json'), '{ "type": "object",, }'));
    expect(lines).toEqual([expect.stringMatching(/^form-schemas\/demo\/forms\/intake\.json: \/: is not valid JSON/)]);
  });

  it('reports an unknown keyword under x-caseforms, and a root-only one on a field', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'intake.json'), (schema) => {
      schema.properties.situation['x-caseforms'] = { widgit: 'textarea', access: 'public' };
    }));
    // Said once each: the compiler's own words about the broken annotation (at "/") would only repeat them.
    expect(lines).toEqual([
      'form-schemas/demo/forms/intake.json: /properties/situation/x-caseforms/widgit: is not a key known here: did you mean `widget`?',
      'form-schemas/demo/forms/intake.json: /properties/situation/x-caseforms/access: is allowed at the root of a form only',
    ]);
  });

  it('refuses a pattern that can take exponential time, naming the file, the pointer and the pattern', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'intake.json'), (schema) => { schema.properties.contact.properties.phone.pattern = '^(\\d+ ?)+$'; }));
    expect(lines).toContain('form-schemas/demo/forms/intake.json: /properties/contact/properties/phone/pattern: this pattern can take exponential time on some answers: "^(\\d+ ?)+$" (inside "(\\d+ ?)+", "\\d+" can go on or stop at the same "0"); rewrite it so that each character can be matched only one way');
  });

  it('refuses an unknown role and roles on a public form, in plain words with file and pointer', () => {
    const lines = lintWith((demo) => {
      editJson(join(demo, 'forms', 'legal-hold.json'), (schema) => { schema['x-caseforms'].roles = ['janitor']; });
      editJson(join(demo, 'forms', 'intake.json'), (schema) => { schema['x-caseforms'].roles = ['supervisor']; });
    });
    expect(lines).toContain('form-schemas/demo/forms/legal-hold.json: /x-caseforms/roles: "janitor" is not a staff role: use intake-worker, case-manager, supervisor, agency-admin');
    expect(lines).toContain('form-schemas/demo/forms/intake.json: /x-caseforms/roles: a public form is open to anyone, so it cannot name roles: roles are for staff forms (access "staff" or "both")');
    // Said once each (the schema compiler's own words about the broken annotation are not repeated at "/").
    expect(lines.filter((line) => line.includes(': /x-caseforms/roles'))).toHaveLength(2);
  });

  it('refuses identity facts it does not know and pointers to no field, in plain words, once each; identity only at the root', () => {
    const lines = lintWith((demo) => {
      editJson(join(demo, 'forms', 'intake.json'), (schema) => {
        schema['x-caseforms'].identity = { givenName: '/givenName', familyName: '/surname', nickname: '/givenName', dateOfBirth: '/contact/phone' };
        schema.properties.situation['x-caseforms'] = { identity: { name: '/situation' } };
      });
    });
    const identityLines = lines.filter((line) => line.includes('/x-caseforms/identity'));
    expect(identityLines).toEqual([
      'form-schemas/demo/forms/intake.json: /x-caseforms/identity/familyName: "/surname" is not a field of this form',
      'form-schemas/demo/forms/intake.json: /x-caseforms/identity/nickname: "nickname" is not an identity fact caseforms knows: use name, givenName, familyName, preferredName, dateOfBirth, language, phone, email, address',
      'form-schemas/demo/forms/intake.json: /x-caseforms/identity/dateOfBirth: "/contact/phone" is not a date field ("format": "date"): a date of birth must be one',
      'form-schemas/demo/forms/intake.json: /properties/situation/x-caseforms/identity: is allowed at the root of a form only',
    ]);
  });

  it('reports an example that does not validate, at the failing field', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'intake.json'), (schema) => { schema.examples[0].dateOfBirth = 'yesterday'; }));
    expect(lines).toEqual(['form-schemas/demo/forms/intake.json: /examples/0/dateOfBirth: Date of birth: enter a date, such as 2026-03-31']);
  });

  it('refuses a condition the page cannot show, and says why', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'intake.json'), (schema) => {
      // Without `required`, the `if` holds when the question is unanswered too: the page could not say when to ask.
      delete schema.if.required;
    }));
    expect(lines).toEqual([expect.stringMatching(/^form-schemas\/demo\/forms\/intake\.json: \/if: the page can show a section only for `if: \{ properties: \{ <field>: \{ "const": … \} or \{ "enum": \[ … \] \} \}, required: \[<field>\] \}`/)]);
  });

  it('reports a $ref to nowhere', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'phq-9.json'), (schema) => { schema.properties.q4.$ref = '#/$defs/frequencies'; }));
    expect(lines).toContain('form-schemas/demo/forms/phq-9.json: /properties/q4/$ref: "#/$defs/frequencies" does not resolve');
  });

  it('reports a missing translation and a missing locale file', () => {
    const lines = lintWith((demo) => {
      editJson(join(demo, 'locales', 'es.json'), (locale) => { delete locale.forms.intake.fields['/dependents/-/age']; });
      rmSync(join(demo, 'locales', 'ar.json'));
    });
    expect(lines).toContain('form-schemas/demo/locales/es.json: /forms/intake/fields/~1dependents~1-~1age: missing translation of "Age"');
    expect(lines).toContain('form-schemas/demo/locales/ar.json: /: missing: agency.json lists the locale "ar"');
  });

  it('reports a document whose template does not exist', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'intake.json'), (schema) => { schema['x-caseforms'].documents = ['intake-summary', 'welcome-letter']; }));
    expect(lines).toEqual(['form-schemas/demo/forms/intake.json: /x-caseforms/documents/1: no template "welcome-letter.hbs" in templates/demo/ or templates/default/']);
  });

  it('refuses risk-alert as a document name: it is the alert a risk flag raises', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'intake.json'), (schema) => { schema['x-caseforms'].documents = ['risk-alert']; }));
    expect(lines.join('\n')).toMatch(/intake\.json.*\/x-caseforms\/documents\/0/);
  });

  it('refuses "any" as a flag id: the case list\'s riskFlag=any means any flag raised', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'phq-9.json'), (schema) => { schema['x-caseforms'].scoring.flags[1].id = 'any'; }));
    expect(lines).toContain('form-schemas/demo/forms/phq-9.json: /x-caseforms/scoring/flags/1/id: "any" is reserved: the case list\'s riskFlag=any means any flag raised; name the flag for the risk it marks');
    // The locale files still translate the flag by its old id, which is now no flag of the form: said, not ignored.
    expect(lines.filter((line) => line.startsWith('form-schemas/demo/locales/'))).toEqual([
      'form-schemas/demo/locales/es.json: /forms/phq-9/fields/flags~1severe-depression: "severe-depression" is not a risk flag of this form',
      'form-schemas/demo/locales/ar.json: /forms/phq-9/fields/flags~1severe-depression: "severe-depression" is not a risk flag of this form',
    ]);
    expect(lines).toHaveLength(3);
  });

  it('reports scoring that sums a field the form lacks and bands with a gap', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'gad-7.json'), (schema) => {
      schema['x-caseforms'].scoring.scores[0].sum.push('/q8');
      schema['x-caseforms'].scoring.scores[0].bands[2].min = 11;
    }));
    expect(lines).toContain('form-schemas/demo/forms/gad-7.json: /x-caseforms/scoring/scores/0/sum/7: "/q8" is not a field of this form');
    expect(lines).toContain('form-schemas/demo/forms/gad-7.json: /x-caseforms/scoring/scores/0/bands/2: starts at 11; after a band ending at 9 it must start at 10 (no gaps, no overlaps)');
  });

  it('reports an instrument code that is not LOINC under LOINC\'s system, and a code system that is not a URI', () => {
    const lines = lintWith((demo) => {
      editJson(join(demo, 'forms', 'phq-9.json'), (schema) => { schema['x-caseforms'].scoring.scores[0].code.code = '44216-6'; });
      editJson(join(demo, 'forms', 'gad-7.json'), (schema) => { schema['x-caseforms'].scoring.scores[0].code.system = 'loinc'; });
    });
    expect(lines).toContain('form-schemas/demo/forms/phq-9.json: /x-caseforms/scoring/scores/0/code/code: "44216-6" is not a LOINC code (digits, a hyphen and the check digit, e.g. 44261-6)');
    expect(lines.join('\n')).toMatch(/gad-7\.json: \/x-caseforms\/scoring\/scores\/0\/code\/system: /);
  });

  it('reports an agency config that breaks its schema', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'agency.json'), (agency) => { agency.intakeInbox = 'not an address'; }));
    expect(lines).toEqual([expect.stringMatching(/^form-schemas\/demo\/agency\.json: \/intakeInbox: /)]);
  });

  it('refuses a JSON API setting other than open or token, a key that is not a SHA-256 hash, and two keys with one id', () => {
    const hash = 'a'.repeat(64);
    const setting = lintWith((demo) => editJson(join(demo, 'agency.json'), (agency) => { agency.intake = { jsonApi: 'closed' }; }));
    expect(setting).toEqual([expect.stringMatching(/^form-schemas\/demo\/agency\.json: \/intake\/jsonApi: /)]);
    const plainKey = lintWith((demo) => editJson(join(demo, 'agency.json'), (agency) => { agency.intake = { jsonApi: 'token', apiKeys: [{ id: 'crm', sha256: 'cfk_the-key-itself' }] }; }));
    expect(plainKey).toEqual([expect.stringMatching(/^form-schemas\/demo\/agency\.json: \/intake\/apiKeys\/0\/sha256: /)]);
    const twice = lintWith((demo) => editJson(join(demo, 'agency.json'), (agency) => { agency.intake = { jsonApi: 'token', apiKeys: [{ id: 'crm', sha256: hash }, { id: 'crm', sha256: 'b'.repeat(64) }] }; }));
    expect(twice).toEqual([expect.stringMatching(/^form-schemas\/demo\/agency\.json: \/intake\/apiKeys: the id crm is used by more than one key/)]);
    expect(lintWith((demo) => editJson(join(demo, 'agency.json'), (agency) => { agency.intake = { jsonApi: 'token', apiKeys: [{ id: 'crm', sha256: hash, label: 'Case system' }] }; }))).toEqual([]);
  });

  it('refuses a brand colour with less than 4.5:1 contrast against white, and accepts the harbor pack\'s', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'agency.json'), (agency) => { agency.branding.primaryColor = '#ffcc00'; }));
    expect(lines).toEqual([expect.stringMatching(/^form-schemas\/demo\/agency\.json: \/branding\/primaryColor: #ffcc00 has a contrast of 1\.\d\d:1 with white; it needs at least 4\.5:1/)]);
    expect(lintWith((demo) => editJson(join(demo, 'agency.json'), (agency) => { agency.branding.primaryColor = '#6a1b4d'; }))).toEqual([]);
  });

  it('exits non-zero from the command line when a pack is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-lint-cli-'));
    cpSync(join(projectRoot, 'form-schemas'), dir, { recursive: true });
    editJson(join(dir, 'demo', 'forms', 'intake.json'), (schema) => { schema.examples[0].needs = []; });
    let status = 0;
    let output = '';
    try {
      execFileSync(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/lint-forms.ts', dir], { cwd: projectRoot, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
      output = (error as { stdout: string }).stdout;
    }
    expect(status).toBe(1);
    expect(output).toMatch(/demo\/forms\/intake\.json:\d+:\d+ \/examples\/0\/needs /);
  });
});

describe('form-schemas/README.md', () => {
  it('its complete example is a form that lints clean and validates its own example', () => {
    const readme = readFileSync(join(projectRoot, 'form-schemas', 'README.md'), 'utf8');
    const section = readme.split('## A complete example')[1]!;
    const schema = JSON.parse(section.slice(section.indexOf('```json') + 7, section.lastIndexOf('```')));
    const lines = lintWith((demo) => {
      writeFileSync(join(demo, 'forms', 'food.json'), JSON.stringify(schema));
      for (const locale of ['es', 'ar']) {
        editJson(join(demo, 'locales', `${locale}.json`), (translations) => {
          // Every word a client reads: titles, choices and help, and the description.
          const keys = Object.entries(schema.properties as Record<string, any>).flatMap(([name, field]) => [
            `/${name}`,
            ...[...(field.oneOf ?? []).map((branch: { const: unknown }) => branch.const), ...(field.enum ?? [])].map((value) => `/${name}#${String(value)}`),
            ...(field['x-caseforms']?.help ? [`/${name}:help`] : []),
          ]);
          translations.forms.food = { title: 'x', description: 'x', fields: Object.fromEntries(keys.map((key) => [key, 'x'])) };
        });
      }
    });
    expect(lines).toEqual([]);
  });
});

describe('lint:forms and the case lifecycle', () => {
  it('reports a transition the lifecycle does not have, and transitions on a public form', () => {
    const lines = lintWith((demo) => {
      editJson(join(demo, 'forms', 'care-plan.json'), (schema) => { schema['x-caseforms'].transitions[0].from = ['intake']; });
      editJson(join(demo, 'forms', 'intake.json'), (schema) => { schema['x-caseforms'].transitions = [{ from: ['intake'], to: 'assessed' }]; });
    });
    expect(lines).toContain('form-schemas/demo/forms/care-plan.json: /x-caseforms/transitions/0/from/0: the lifecycle has no move from "intake" to "planned"');
    expect(lines).toContain('form-schemas/demo/forms/intake.json: /x-caseforms/transitions: public forms open cases; only staff forms move them');
  });
});

describe('lint:forms and document templates', () => {
  function lintTemplatesWith(change: (templates: string) => void): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-lint-templates-'));
    cpSync(join(projectRoot, 'templates'), join(dir, 'templates'), { recursive: true });
    change(join(dir, 'templates'));
    return lintForms(join(projectRoot, 'form-schemas'), join(dir, 'templates')).map(described);
  }

  it('reports a template that reads a field the form does not define, top level and inside a list', () => {
    const lines = lintTemplatesWith((templates) => {
      const file = join(templates, 'default', 'care-plan.hbs');
      // The default template reads no answer by name (it lists the answered fields): an agency's edit that does.
      writeFileSync(file, readFileSync(file, 'utf8').replace('</main>',
        '<p>{{date answers.nextReview}}</p><table>{{#each answers.goals}}<tr><td>{{measure}}</td><td>{{measurement}}</td></tr>{{/each}}</table></main>'));
    });
    expect(lines).toContain('form-schemas/demo/forms/care-plan.json: /x-caseforms/documents/0: templates/default/care-plan.hbs reads {{answers.nextReview}}: "nextReview" is not a field of the form');
    expect(lines).toContain('form-schemas/demo/forms/care-plan.json: /x-caseforms/documents/0: templates/default/care-plan.hbs reads {{measurement}}: "measurement" is not a field of the items being listed');
    expect(lines).toHaveLength(2);
  });

  it('checks an agency\'s own template in place of the default', () => {
    const lines = lintTemplatesWith((templates) => {
      mkdirSync(join(templates, 'demo'), { recursive: true });
      writeFileSync(join(templates, 'demo', 'termination-notice.hbs'), '<p>{{answers.effectiveDate}} {{answers.reason}} {{answers.apealRights}}</p>');
    });
    expect(lines).toEqual(['form-schemas/demo/forms/termination.json: /x-caseforms/documents/0: templates/demo/termination-notice.hbs reads {{answers.apealRights}}: "apealRights" is not a field of the form']);
  });
});

describe('lint:forms on a pack\'s own field messages (x-caseforms errors)', () => {
  it('refuses a message for a keyword the field does not have, and one for a field nothing requires', () => {
    const lines = lintWith((demo) => editJson(join(demo, 'forms', 'intake.json'), (schema) => {
      schema.properties.givenName['x-caseforms'] = { errors: { pattern: 'use letters only' } };
      schema.properties.contact.properties.address['x-caseforms'] = { errors: { required: 'tell us where you live' } };
    }));
    expect(lines).toContain('form-schemas/demo/forms/intake.json: /properties/givenName/x-caseforms/errors/pattern: the field has no "pattern" keyword, so this message would never show');
    expect(lines).toContain('form-schemas/demo/forms/intake.json: /properties/contact/properties/address/x-caseforms/errors/required: the field has no "required" keyword, so this message would never show');
  });

  it('accepts a required message on a field only a condition (then) requires, translated', () => {
    const lines = lintWith((demo) => {
      editJson(join(demo, 'forms', 'intake.json'), (schema) => {
        schema.properties.dependents['x-caseforms'] = { errors: { required: 'tell us who depends on you' } };
      });
      for (const locale of ['es', 'ar']) editJson(join(demo, 'locales', `${locale}.json`), (json) => { json.forms.intake.fields['/dependents:required'] = `${locale}: x`; });
    });
    expect(lines).toEqual([]);
  });

  it('reports a locale that does not translate a message, and one translating a message the form does not have', () => {
    const lines = lintWith((demo) => {
      editJson(join(demo, 'locales', 'es.json'), (json) => {
        delete json.forms.intake.fields['/contact/phone:pattern'];
        json.forms.intake.fields['/contact/email:format'] = 'escriba un correo';
      });
    });
    expect(lines).toEqual([
      'form-schemas/demo/locales/es.json: /forms/intake/fields/~1contact~1phone:pattern: missing translation of the message "enter the number we can call you on, using digits, spaces and + ( ) - only"',
      'form-schemas/demo/locales/es.json: /forms/intake/fields/~1contact~1email:format: translates a field message the form does not have (x-caseforms errors)',
    ]);
  });

  it('checks the second pack (Harbor, French) the same way', () => {
    const formsDir = formsDirWithHarbor();
    try {
      editJson(join(formsDir, 'harbor', 'locales', 'fr.json'), (json) => { delete json.forms.intake.fields['/householdSize:maximum']; });
      editJson(join(formsDir, 'harbor', 'forms', 'intake.json'), (schema) => { schema.properties.fullName['x-caseforms'] = { errors: { format: 'x' } }; });
      const lines = lintForms(formsDir, templatesDir).map(described).filter((line) => line.includes('harbor/forms/intake.json') || line.includes('harbor/locales'));
      expect(lines.map((line) => line.replace(/^.*?harbor\//, 'harbor/'))).toEqual([
        'harbor/forms/intake.json: /properties/fullName/x-caseforms/errors/format: the field has no "format" keyword, so this message would never show',
        'harbor/locales/fr.json: /forms/intake/fields/~1fullName:format: missing translation of the message "x"',
        'harbor/locales/fr.json: /forms/intake/fields/~1householdSize:maximum: missing translation of the message "for more than 20 people, call us instead"',
      ]);
    } finally {
      rmSync(formsDir, { recursive: true, force: true });
    }
  });
});
