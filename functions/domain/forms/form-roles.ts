import { CASE_WORKERS, isRole, ROLES, type Role } from '../../contracts/roles.ts';
import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { Transition } from './case-states.ts';

/**
 * Who may submit a staff form. A form may say so itself (`x-caseforms.roles`); when it does not, its other
 * annotations tell what kind of form it is, and the sensitive kinds default to senior roles:
 * - a legal hold (`legalHold`): lifting one lets retention purge the case, so supervisors and agency admins only;
 * - a consent to release information (`releaseOfInformation`): it decides which providers receive the client's documents;
 * - a termination (`noticePeriod`, `completesNotice`, `noticeServed`, or a move to termination-pending or terminated);
 * - a discharge (a move that closes the case);
 * these three by case managers and supervisors. Any other staff form: case workers (contracts/roles.ts CASE_WORKERS).
 */
export type FormKind = 'legal-hold' | 'consent' | 'termination' | 'discharge' | 'other';

/** What the decision reads of a form: the catalog's Form has all of it. */
export interface FormRoleFacts {
  /** The roles the form names (`x-caseforms.roles`), undefined when it names none. */
  readonly roles?: readonly Role[] | undefined;
  readonly transitions: readonly Transition[];
  readonly legalHold?: string | undefined;
  readonly releaseOfInformation?: string | undefined;
  readonly noticePeriod?: object | undefined;
  readonly completesNotice?: object | undefined;
  readonly noticeServed?: object | undefined;
}

export const DEFAULT_FORM_ROLES: Readonly<Record<FormKind, readonly Role[]>> = {
  'legal-hold': ['supervisor', 'agency-admin'],
  consent: ['case-manager', 'supervisor'],
  termination: ['case-manager', 'supervisor'],
  discharge: ['case-manager', 'supervisor'],
  other: CASE_WORKERS,
};

export function formKind(form: FormRoleFacts): FormKind {
  if (form.legalHold) return 'legal-hold';
  if (form.releaseOfInformation) return 'consent';
  const targets = form.transitions.map((transition) => transition.to);
  if (form.noticePeriod || form.completesNotice || form.noticeServed || targets.includes('termination-pending') || targets.includes('terminated')) return 'termination';
  if (targets.includes('closed')) return 'discharge';
  return 'other';
}

/** The roles that may submit the form: its own, or the default for its kind. */
export function staffFormRoles(form: FormRoleFacts): readonly Role[] {
  return form.roles ?? DEFAULT_FORM_ROLES[formKind(form)];
}

/** Whether this staff member may open and submit the form (any one of their roles will do). */
export function mayStaffSubmit(form: FormRoleFacts, staff: Pick<StaffMember, 'roles'>): boolean {
  const allowed = staffFormRoles(form);
  return staff.roles.some((role) => allowed.includes(role));
}

/**
 * The roles an `x-caseforms.roles` value declares, or what is wrong with it in plain words (lint reports it at
 * `/x-caseforms/roles`, and the catalog refuses such a form).
 */
export function declaredRoles(access: 'public' | 'staff' | 'both', value: unknown): { readonly roles: readonly Role[] | undefined } | { readonly problem: string } {
  if (value === undefined) return { roles: undefined };
  if (access === 'public') return { problem: 'a public form is open to anyone, so it cannot name roles: roles are for staff forms (access "staff" or "both")' };
  if (!Array.isArray(value) || value.length === 0) {
    return { problem: `must list at least one role (${ROLES.join(', ')}); leave "roles" out for the default of the form's kind` };
  }
  const unknown = value.filter((role) => typeof role !== 'string' || !isRole(role));
  if (unknown.length > 0) return { problem: `${unknown.map((role) => JSON.stringify(role)).join(', ')} ${unknown.length === 1 ? 'is not a staff role' : 'are not staff roles'}: use ${ROLES.join(', ')}` };
  const twice = value.filter((role, index) => value.indexOf(role) !== index);
  if (twice.length > 0) return { problem: `names ${[...new Set(twice)].map((role) => JSON.stringify(role)).join(', ')} more than once` };
  return { roles: value as Role[] };
}
