import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPack } from '../../functions/domain/forms/lint-pack.ts';
import { formatProblem } from '../../functions/domain/forms/lint-problem.ts';
import { projectRoot } from '../../local/stack.ts';
import { lifecycleFormFiles } from '../support/lifecycle-forms.ts';

// Issue 21: the studio lints a draft that is on no disk. Kestrel Youth Services exists only in this file, as a Map of
// its files' texts, laid out one key a line so each test can say the line and column an editor would jump to.
const AGENCY = `{
  "id": "kestrel",
  "name": "Kestrel Youth Services",
  "contact": { "phone": "+1 555 0170", "email": "help@kestrel.caseforms.test", "address": "3 Hill Lane" },
  "timeZone": "America/Denver",
  "defaultLocale": "en",
  "locales": ["en", "pt"],
  "intakeInbox": "intake@kestrel.caseforms.test",
  "supervisorInbox": "supervisors@kestrel.caseforms.test",
  "sender": { "name": "Kestrel Youth Services", "email": "no-reply@kestrel.caseforms.test" },
  "minimumTerminationNoticeDays": 7,
  "crisisResources": [{ "name": "Kestrel line", "contact": "+1 555 0171" }],
  "branding": {
    "primaryColor": "#1f4e79"
  }
}
`;

const REFERRAL = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Youth referral",
  "x-caseforms": {
    "access": "public"
  },
  "type": "object",
  "additionalProperties": false,
  "required": ["name"],
  "properties": {
    "name": {
      "title": "Name",
      "type": "string",
      "maxLength": 200
    },
    "school": {
      "title": "School",
      "type": "string",
      "maxLength": 200
    }
  },
  "examples": [{ "name": "Sam" }]
}
`;

const PORTUGUESE = `{
  "forms": {
    "referral": {
      "title": "Encaminhamento de jovens",
      "fields": {
        "/name": "Nome",
        "/school": "Escola"
      }
    }
  }
}
`;

const agencySchema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as object;
const templatesDir = join(projectRoot, 'templates');

function lintKestrel(change: Record<string, string> = {}): string[] {
  const files = new Map([...lifecycleFormFiles(), ...Object.entries({ 'agency.json': AGENCY, 'forms/referral.json': REFERRAL, 'locales/pt.json': PORTUGUESE, ...change })]);
  return lintPack('kestrel', files, { templatesDir, agencySchema }).map(formatProblem);
}

describe('lintPack: a pack that exists only in memory', () => {
  it('finds nothing wrong with the pack as written', () => {
    expect(lintKestrel()).toEqual([]);
  });

  it('reports a problem in each kind of file at its path inside the pack, line and column from the text in memory', () => {
    expect(lintKestrel({
      'agency.json': AGENCY.replace('"primaryColor": "#1f4e79"', '"primaryColor": "#ffcc00"'),
      'forms/referral.json': REFERRAL.replace('"maxLength": 200\n    },\n    "school"', '"maxLenght": 200\n    },\n    "school"'),
      'locales/pt.json': PORTUGUESE.replace('"/school": "Escola"', '"/schol": "Escola"'),
    })).toEqual([
      'agency.json:14:5 /branding/primaryColor #ffcc00 has a contrast of 1.51:1 with white; it needs at least 4.5:1 (WCAG AA), so pick a darker colour',
      'forms/referral.json:14:7 /properties/name/maxLenght unknown keyword `maxLenght`: did you mean `maxLength`?',
      // A key that is absent is shown where it would go: in the form's `fields`.
      'locales/pt.json:5:7 /forms/referral/fields/~1school missing translation of "School"',
      'locales/pt.json:7:9 /forms/referral/fields/~1schol "/schol" is not a field of this form: did you mean "/school"?',
    ]);
  });

  it('says where a file stops being JSON, and names a missing locale file without a position', () => {
    const lines = lintKestrel({ 'forms/referral.json': REFERRAL.replace('"type": "object",', '"type": "object",,') });
    expect(lines).toEqual([expect.stringMatching(/^forms\/referral\.json:7:20 \/ is not valid JSON: /)]);
    const files = new Map([...lifecycleFormFiles(), ['agency.json', AGENCY], ['forms/referral.json', REFERRAL]]);
    expect(lintPack('kestrel', files, { templatesDir, agencySchema }).map(formatProblem)).toEqual([
      'locales/pt.json / missing: agency.json lists the locale "pt"',
    ]);
  });

  it('says a misspelt type once, in plain words, with the type meant, and the misspelt keywords in the same run', () => {
    expect(lintKestrel({
      'forms/referral.json': REFERRAL.replace('"type": "object"', '"type": "objet"').replace('"maxLength": 200\n    },\n    "school"', '"maxLenght": 200\n    },\n    "school"'),
    })).toEqual([
      'forms/referral.json:7:3 /type "objet" is not a JSON Schema type: did you mean "object"? (the types are string, number, integer, boolean, object, array, null)',
      'forms/referral.json:14:7 /properties/name/maxLenght unknown keyword `maxLenght`: did you mean `maxLength`?',
    ]);
  });
});
