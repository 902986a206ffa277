import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPack } from '../../functions/domain/forms/lint-pack.ts';
import { formatProblem } from '../../functions/domain/forms/lint-problem.ts';
import { projectRoot } from '../../local/stack.ts';
import { LIFECYCLE_FORMS } from '../support/lifecycle-forms.ts';

// A pack whose forms cannot close a case, or end services with a notice and complete it, is refused: cases would be
// stuck. Linted on Juniper Outreach, a pack in memory with the four smallest forms that can (test/support).
const agencySchema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as object;
const templatesDir = join(projectRoot, 'templates');

const AGENCY = {
  id: 'juniper', name: 'Juniper Outreach', contact: { phone: '+1 555 0160', email: 'help@juniper.caseforms.test', address: '6 Pine Road' },
  timeZone: 'America/Phoenix', defaultLocale: 'en', locales: ['en'], intakeInbox: 'intake@juniper.caseforms.test',
  supervisorInbox: 'supervisors@juniper.caseforms.test', sender: { name: 'Juniper Outreach', email: 'no-reply@juniper.caseforms.test' },
  minimumTerminationNoticeDays: 10, crisisResources: [{ name: 'Juniper line', contact: '+1 555 0161' }],
};

type Forms = Record<string, any>;

function lintJuniper(change: (forms: Forms) => void = () => undefined): string[] {
  const forms = structuredClone(LIFECYCLE_FORMS) as Forms;
  change(forms);
  const files = new Map([['agency.json', JSON.stringify(AGENCY, null, 2)], ...Object.entries(forms).map(([id, schema]) => [`forms/${id}.json`, JSON.stringify(schema, null, 2)] as [string, string])]);
  return lintPack('juniper', files, { templatesDir, agencySchema }).map(formatProblem);
}

describe('the lifecycle minimum', () => {
  it('accepts the four forms that move a case through intake to active, close it, and end services with a notice', () => {
    expect(lintJuniper()).toEqual([]);
  });

  it('refuses a pack with no form that closes a case, naming what would', () => {
    expect(lintJuniper((forms) => { delete forms.close; })).toEqual([
      'forms / no staff form can close (discharge) a case: add one with "transitions": [{ "from": ["intake", "assessed", "planned", "active", "under-review"], "to": "closed" }] (as the demo\'s forms/discharge.json)',
    ]);
  });

  it('names the reachable states a case could never be closed from', () => {
    expect(lintJuniper((forms) => { forms.close['x-caseforms'].transitions[0].from = ['intake', 'active', 'under-review']; })).toEqual([
      'forms / cases in "assessed", "planned" can never be closed (discharged): add them to the "from" of a move to "closed" (forms/close.json has one)',
    ]);
  });

  it('refuses a pack that cannot end services with a notice, or whose notice no case can reach', () => {
    const notice = 'forms / no staff form can end services with a notice: add one with "noticePeriod" and a move from "active" (and "under-review") to "termination-pending" (as the demo\'s forms/termination.json)';
    expect(lintJuniper((forms) => { delete forms['end-services']; })).toEqual([notice]);
    // Without a way to "active", the notice form could never be used.
    expect(lintJuniper((forms) => { forms.progress['x-caseforms'].transitions.pop(); })).toEqual([notice]);
  });

  it('refuses a pack whose pending terminations could never complete', () => {
    expect(lintJuniper((forms) => { delete forms['services-ended']; })).toEqual([
      'forms / no staff form can complete a termination, so a case whose termination is pending could never end: add one with "completesNotice" and a move from "termination-pending" to "terminated" (as the demo\'s forms/termination-complete.json)',
    ]);
  });

  it('refuses a move to termination-pending on a form without a notice, at the move', () => {
    expect(lintJuniper((forms) => { forms.progress['x-caseforms'].transitions.push({ from: ['under-review'], to: 'termination-pending' }); })).toEqual([
      'forms/progress.json:29:9 /x-caseforms/transitions/3/to a move to "termination-pending" needs "noticePeriod" on the form: without a notice and its effective date the termination could never be completed',
    ]);
  });
});
