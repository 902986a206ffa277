import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staffFromClaims } from '../../functions/contracts/staff-claims.ts';
import { CASE_STATES, isFinal, LIFECYCLE } from '../../functions/domain/forms/case-states.ts';
import { allowedMoves, moveFor } from '../../functions/domain/cases/lifecycle.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { projectRoot } from '../../local/stack.ts';

const staffForms = [...loadCatalog(join(projectRoot, 'form-schemas')).agencies()[0]!.forms.values()].filter((form) => form.access === 'staff');

describe('the case lifecycle', () => {
  it('only terminated and closed are final', () => {
    expect(CASE_STATES.filter(isFinal)).toEqual(['terminated', 'closed']);
  });

  it('every edge leads to a known state', () => {
    for (const targets of Object.values(LIFECYCLE)) for (const target of targets) expect(CASE_STATES).toContain(target);
  });

  it.each([
    ['intake', [['assessment', 'assessed'], ['discharge', 'closed'], ['legal-hold', null], ['release-of-information', null]]],
    ['assessed', [['care-plan', 'planned'], ['discharge', 'closed'], ['legal-hold', null], ['release-of-information', null]]],
    ['planned', [['discharge', 'closed'], ['legal-hold', null], ['release-of-information', null], ['service-start', 'active']]],
    ['active', [['discharge', 'closed'], ['legal-hold', null], ['release-of-information', null], ['review', 'under-review'], ['termination', 'termination-pending']]],
    ['under-review', [['care-plan', 'active'], ['discharge', 'closed'], ['legal-hold', null], ['release-of-information', null], ['termination', 'termination-pending']]],
    ['termination-pending', [['legal-hold', null], ['notice-served', null], ['release-of-information', null], ['termination-complete', 'terminated']]],
    ['closed', [['legal-hold', null]]],
  ] as const)('the demo pack allows from %s: %j', (state, expected) => {
    const moves = allowedMoves(staffForms, state).map((move) => [move.formId, move.to]).sort();
    expect(moves).toEqual([...expected].map((pair) => [...pair]).sort());
  });

  it('a form without transitions records without moving, in open states only', () => {
    expect(moveFor([], 'active')).toBeNull();
    expect(moveFor([], 'closed')).toBeUndefined();
  });
});

describe('staff claims as API Gateway passes them', () => {
  it('reads roles from "[a b]" strings and from arrays, dropping unknown ones', () => {
    const base = { sub: 's-1', 'custom:agency': 'demo', email: 'x@demo.example' };
    expect(staffFromClaims({ ...base, 'cognito:groups': '[case-manager supervisor wizard]' })?.roles).toEqual(['case-manager', 'supervisor']);
    expect(staffFromClaims({ ...base, 'cognito:groups': ['agency-admin'] })?.roles).toEqual(['agency-admin']);
    expect(staffFromClaims({ ...base, 'cognito:groups': 'intake-worker' })?.roles).toEqual(['intake-worker']);
  });

  it('has no staff member without a subject or an agency', () => {
    expect(staffFromClaims({ 'custom:agency': 'demo' })).toBeUndefined();
    expect(staffFromClaims({ sub: 's-1' })).toBeUndefined();
    expect(staffFromClaims(undefined)).toBeUndefined();
  });
});
