import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDeliveries } from '../../functions/domain/delivery/routing.ts';
import type { Agency } from '../../functions/domain/forms/agency.ts';
import { EVENT_ROUTES, lintPack, refusesPack } from '../../functions/domain/forms/lint-pack.ts';
import { formatProblem } from '../../functions/domain/forms/lint-problem.ts';
import { STAFF_ONLY_ROUTES } from '../../functions/domain/forms/lint-provider-routes.ts';
import { projectRoot } from '../../local/stack.ts';
import { LIFECYCLE_FORMS, lifecycleFormFiles } from '../support/lifecycle-forms.ts';

// A route to a provider that can never send anything is a warning: the pack works, but the author expects
// documents to go out that never will. Linted on Larch Family Support, a pack written here only.
const agencySchema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as object;
const templatesDir = join(projectRoot, 'templates');

const AGENCY = {
  id: 'larch', name: 'Larch Family Support', contact: { phone: '+1 555 0150', email: 'help@larch.caseforms.test', address: '2 Birch Way' },
  timeZone: 'America/Chicago', defaultLocale: 'en', locales: ['en'], intakeInbox: 'intake@larch.caseforms.test',
  supervisorInbox: 'supervisors@larch.caseforms.test', sender: { name: 'Larch Family Support', email: 'no-reply@larch.caseforms.test' },
  minimumTerminationNoticeDays: 10, crisisResources: [{ name: 'Larch line', contact: '+1 555 0151' }],
  providers: [{ id: 'west-clinic', name: 'West Clinic', email: 'referrals@west.caseforms.test' }, { id: 'food-bank', name: 'Food Bank', email: 'in@food.caseforms.test' }],
  delivery: { routes: { 'care-plan': [{ to: 'case-manager' }, { to: 'provider:west-clinic' }] } },
};

const consent = (providers: string[]) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Consent to share',
  'x-caseforms': { access: 'staff', releaseOfInformation: '/providers' },
  type: 'object',
  required: ['providers'],
  properties: { providers: { title: 'Providers', type: 'array', uniqueItems: true, items: { enum: providers } } },
  examples: [{ providers: [] }],
});

function lintLarch(agency: object, forms: Record<string, object> = {}): { lines: string[]; refused: boolean } {
  const files = new Map([...lifecycleFormFiles(), ['agency.json', JSON.stringify(agency, null, 2)], ...Object.entries(forms).map(([id, schema]) => [`forms/${id}.json`, JSON.stringify(schema, null, 2)] as [string, string])]);
  const problems = lintPack('larch', files, { templatesDir, agencySchema });
  return { lines: problems.map(formatProblem), refused: refusesPack(problems) };
}

describe('provider routes that can never fire', () => {
  it('warns of a provider route when no form records consent, and refuses nothing for it', () => {
    expect(lintLarch(AGENCY)).toEqual({
      lines: ['agency.json:46:11 /delivery/routes/care-plan/1/to warning: "provider:west-clinic" can never receive "care-plan": a provider receives documents only with the client\'s recorded consent, and no staff form of this pack records it (add a consent form with x-caseforms.releaseOfInformation)'],
      refused: false,
    });
  });

  it('says nothing once a staff form records consent to that provider', () => {
    expect(lintLarch(AGENCY, { consent: consent(['west-clinic', 'food-bank']) }).lines).toEqual([]);
  });

  it('warns when every consent form leaves the provider out, and when the route is an alert that goes to staff only', () => {
    const agency = { ...AGENCY, delivery: { routes: { ...AGENCY.delivery.routes, 'risk-alert': [{ to: 'provider:food-bank' }] } } };
    expect(lintLarch(agency, { consent: consent(['food-bank']) }).lines).toEqual([
      'agency.json:46:11 /delivery/routes/care-plan/1/to warning: "provider:west-clinic" can never receive "care-plan": no consent form of this pack offers "west-clinic" (forms/consent.json)',
      'agency.json:51:11 /delivery/routes/risk-alert/0/to warning: "risk-alert" goes to staff only, so "provider:food-bank" never receives it',
    ]);
  });

  it('knows the events the code keeps from providers: the staff-only routes are withheld even with consent, the receipt is not', () => {
    const agency = { ...AGENCY, delivery: { routes: Object.fromEntries(EVENT_ROUTES.map((event) => [event, [{ to: 'provider:west-clinic' }]])) } } as unknown as Agency;
    const facts = { client: undefined, caseManagerEmail: undefined, consentedProviders: ['west-clinic'] };
    const withheld = EVENT_ROUTES.filter((event) => planDeliveries(agency, event, facts)[0]?.status === 'withheld');
    expect(withheld.sort()).toEqual([...STAFF_ONLY_ROUTES].sort());
  });

  it('prints a warning from the command line and still exits 0', () => {
    const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-lint-larch-'));
    writeFileSync(join(formsDir, 'agency.schema.json'), JSON.stringify(agencySchema));
    mkdirSync(join(formsDir, 'larch', 'forms'), { recursive: true });
    writeFileSync(join(formsDir, 'larch', 'agency.json'), JSON.stringify(AGENCY, null, 2));
    for (const [formId, schema] of Object.entries(LIFECYCLE_FORMS)) writeFileSync(join(formsDir, 'larch', 'forms', `${formId}.json`), JSON.stringify(schema, null, 2));
    const output = execFileSync(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/lint-forms.ts', formsDir], { cwd: projectRoot, encoding: 'utf8', stdio: 'pipe' });
    expect(output).toContain('/delivery/routes/care-plan/1/to warning: "provider:west-clinic" can never receive "care-plan"');
    expect(output).toContain('lint:forms: no problems, 1 warning(s)');
  });
});
