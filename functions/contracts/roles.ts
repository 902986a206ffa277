/** Staff roles, as groups of the identity provider (Cognito groups in AWS, the dev issuer locally). */
export const ROLES = ['intake-worker', 'case-manager', 'supervisor', 'agency-admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Who may submit a staff form that names no roles of its own (`x-caseforms.roles`) and is not one of the sensitive
 * kinds (legal hold, consent, termination, discharge): case workers, as every staff form allowed before forms had
 * roles. The decision per form is functions/domain/forms/form-roles.ts.
 */
export const CASE_WORKERS: readonly Role[] = ['intake-worker', 'case-manager', 'supervisor'];

/**
 * Who may write case notes, contacts and addenda, and keep follow-ups: the staff who work with clients. An agency
 * admin runs the service, not cases, and reads notes as any staff member reads a case.
 */
export const NOTE_WRITERS: readonly Role[] = CASE_WORKERS;
