import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, lintForms } from '../../functions/domain/forms/lint.ts';
import { projectRoot } from '../../local/stack.ts';
import { harborPackDir } from '../support/harbor-pack.ts';
import { LIFECYCLE_FORMS } from '../support/lifecycle-forms.ts';

// Issue 21 part 2: lint catches a misspelt key in a locale file, which would otherwise leave its words untranslated
// without a word of warning. Tested on an agency written here only (Tideway, English and Portuguese, a scored check).
const CHECK = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Wellbeing check',
  'x-caseforms': {
    access: 'staff',
    scoring: {
      scores: [{ id: 'total', title: 'Wellbeing total', sum: ['/sleep', '/meals'], bands: [{ min: 0, max: 2, label: 'Low' }, { min: 3, max: 6, label: 'High' }] }],
      flags: [{ id: 'no-meals', title: 'Not eating', when: { properties: { meals: { const: 0 } }, required: ['meals'] } }],
    },
  },
  type: 'object',
  additionalProperties: false,
  required: ['sleep', 'meals'],
  properties: {
    sleep: { title: 'Sleep', type: 'integer', oneOf: [{ const: 0, title: 'Poor' }, { const: 3, title: 'Good' }] },
    meals: { title: 'Meals', type: 'integer', minimum: 0, maximum: 3 },
    supports: { title: 'Supports', type: 'array', items: { type: 'string', enum: ['family', 'friends'] } },
  },
  examples: [{ sleep: 3, meals: 2 }],
};

function lintTideway(portuguese: Record<string, unknown>): string[] {
  const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-lint-tideway-'));
  copyFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), join(formsDir, 'agency.schema.json'));
  mkdirSync(join(formsDir, 'tideway', 'forms'), { recursive: true });
  for (const [formId, schema] of Object.entries(LIFECYCLE_FORMS)) writeFileSync(join(formsDir, 'tideway', 'forms', `${formId}.json`), JSON.stringify(schema, null, 2));
  mkdirSync(join(formsDir, 'tideway', 'locales'), { recursive: true });
  const agency = JSON.parse(readFileSync(join(harborPackDir, 'agency.json'), 'utf8'));
  // Harbor's routes name its provider, and Tideway records no consent: that warning is not what these tests are about.
  writeFileSync(join(formsDir, 'tideway', 'agency.json'), JSON.stringify({ ...agency, id: 'tideway', name: 'Tideway', locales: ['en', 'pt'], defaultLocale: 'en', delivery: undefined }, null, 2));
  writeFileSync(join(formsDir, 'tideway', 'forms', 'check.json'), JSON.stringify(CHECK, null, 2));
  writeFileSync(join(formsDir, 'tideway', 'locales', 'pt.json'), JSON.stringify(portuguese, null, 2));
  return lintForms(formsDir, join(projectRoot, 'templates')).map(formatProblem).map((line) => line.slice(line.indexOf('tideway/')));
}

const fields = {
  '/sleep': 'Sono', '/sleep#0': 'Ruim', '/sleep#3': 'Bom', '/meals': 'Refeições', '/supports': 'Apoios', '/supports/-#family': 'Família',
  'scores/total': 'Total de bem-estar', 'scores/total#Low': 'Baixo', 'flags/no-meals': 'Sem comer',
};

describe('lint reads a locale file\'s keys against the form they translate', () => {
  it('finds nothing wrong when every key names a field, a choice, a score, a band or a flag', () => {
    expect(lintTideway({ forms: { check: { title: 'Verificação de bem-estar', fields } } })).toEqual([]);
  });

  it('names each misspelt key where it is, with the key meant, all in one run', () => {
    const misspelt = {
      ...Object.fromEntries(Object.entries(fields).filter(([key]) => !['/sleep', '/sleep#3', 'scores/total#Low', 'flags/no-meals'].includes(key))),
      '/slep': 'Sono', '/sleep#4': 'Bom', 'scores/total#low': 'Baixo', 'flags/no-meal': 'Sem comer', '/nothing/like/it': 'x', sleep: 'Sono',
    };
    const lines = lintTideway({ forms: { chek: { title: 'x' }, check: { title: 'Verificação de bem-estar', fields: misspelt } } });
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^tideway\/locales\/pt\.json:\d+:\d+ \/forms\/chek "chek" is not a form of this pack: did you mean "check"\?$/),
      expect.stringMatching(/ \/forms\/check\/fields\/~1slep "\/slep" is not a field of this form: did you mean "\/sleep"\?$/),
      expect.stringMatching(/ \/forms\/check\/fields\/~1sleep#4 "4" is not a choice of "\/sleep"$/),
      expect.stringMatching(/ \/forms\/check\/fields\/scores~1total#low "low" is not a band of the score "total": did you mean "scores\/total#Low"\?$/),
      expect.stringMatching(/ \/forms\/check\/fields\/flags~1no-meal "no-meal" is not a risk flag of this form: did you mean "flags\/no-meals"\?$/),
      expect.stringMatching(/ \/forms\/check\/fields\/~1nothing~1like~1it "\/nothing\/like\/it" is not a field of this form$/),
      expect.stringMatching(/ \/forms\/check\/fields\/sleep is not a key translations use/),
    ]));
    // Each line says the file, line and column an editor jumps to.
    for (const line of lines) expect(line).toMatch(/^tideway\/locales\/pt\.json:\d+:\d+ /);
  });
});
