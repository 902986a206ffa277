import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECEIPT_JOB } from '../../functions/domain/cases/document-job.ts';
import { CASE_ASSIGNED, NOTE_FOLLOW_UP, REVIEW_REMINDER, RISK_ALERT, SIGNING_REMINDER } from '../../functions/domain/delivery/routing.ts';
import { EVENT_ROUTES, lintPack } from '../../functions/domain/forms/lint-pack.ts';
import { formatProblem } from '../../functions/domain/forms/lint-problem.ts';
import { keyPlaces, misplacedKeyHint, placeOfSchemaPath } from '../../functions/domain/forms/lint-misplaced-keys.ts';
import { projectRoot } from '../../local/stack.ts';
import { lifecycleFormFiles } from '../support/lifecycle-forms.ts';

// A key written in the wrong place is sent to the one place it is known. Linted on Wren Housing, an agency that
// exists only in this file (a pack in memory).
const agencySchema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as object;
const templatesDir = join(projectRoot, 'templates');

const AGENCY = {
  id: 'wren', name: 'Wren Housing', contact: { phone: '+1 555 0180', email: 'help@wren.caseforms.test', address: '8 Elm Row' },
  timeZone: 'Europe/London', defaultLocale: 'en', locales: ['en'], intakeInbox: 'intake@wren.caseforms.test',
  supervisorInbox: 'supervisors@wren.caseforms.test', sender: { name: 'Wren Housing', email: 'no-reply@wren.caseforms.test' },
  minimumTerminationNoticeDays: 14, crisisResources: [{ name: 'Wren line', contact: '+1 555 0181' }],
};

const CHECK = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Tenancy check',
  'x-caseforms': { access: 'staff', scoring: { scores: [{ id: 'total', title: 'Total', sum: ['/rooms'] }] } },
  type: 'object',
  properties: { rooms: { title: 'Rooms', type: 'integer', minimum: 0, maximum: 9 } },
  examples: [{ rooms: 2 }],
};

function lintWren(agency: object, check: object = CHECK): string[] {
  const files = new Map([...lifecycleFormFiles(), ['agency.json', JSON.stringify(agency, null, 2)], ['forms/check.json', JSON.stringify(check, null, 2)]]);
  return lintPack('wren', files, { templatesDir, agencySchema }).map(formatProblem);
}

describe('misplaced keys', () => {
  it('sends `receipt` at the top level of agency.json to delivery.routes', () => {
    expect(lintWren({ ...AGENCY, receipt: [{ to: 'client' }] })).toEqual([
      'agency.json:27:3 /receipt is not a key known here: `receipt` belongs under `delivery.routes`',
    ]);
  });

  it('sends a key of every list entry to its list, and an x-caseforms key to its place in the annotation', () => {
    expect(lintWren({ ...AGENCY, delivery: { linkCode: 'off', method: 'attachment' } })).toEqual([
      'agency.json:29:5 /delivery/method is not a key known here: `method` belongs in each entry of `delivery.routes.<name>`',
    ]);
    const check = structuredClone(CHECK) as Record<string, any>;
    check['x-caseforms'].scoring.bands = [{ min: 0, max: 9, label: 'Any' }];
    expect(lintWren(AGENCY, check)).toEqual([
      'forms/check.json:16:7 /x-caseforms/scoring/bands is not a key known here: `bands` belongs in each entry of `scoring.scores`',
    ]);
  });

  it('prefers a near spelling of a key known here, and says nothing more of a key known nowhere or in many places', () => {
    expect(lintWren({ ...AGENCY, timezone: 'UTC' })).toEqual(['agency.json:27:3 /timezone is not a key known here: did you mean `timeZone`?']);
    expect(lintWren({ ...AGENCY, colour: 'red' })).toEqual(['agency.json:27:3 /colour is not a key known here']);
    // `email` is known in contact, sender and each provider: no one place to send it to.
    expect(misplacedKeyHint('email', '', keyPlaces(agencySchema))).toBeUndefined();
  });

  it('reads places from ajv schema paths the way it writes them', () => {
    expect(placeOfSchemaPath('#/additionalProperties')).toBe('');
    expect(placeOfSchemaPath('#/properties/delivery/properties/routes/additionalProperties/items/additionalProperties')).toBe('delivery.routes.*[]');
    expect(keyPlaces(agencySchema).get('method')).toEqual(['delivery.routes.*[]']);
  });

  it('knows every route name the code delivers besides documents', () => {
    expect([...EVENT_ROUTES].sort()).toEqual([RISK_ALERT, REVIEW_REMINDER, CASE_ASSIGNED, NOTE_FOLLOW_UP, SIGNING_REMINDER, RECEIPT_JOB].sort());
  });
});
