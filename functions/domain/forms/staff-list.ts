import { isRole, type Role } from '../../contracts/roles.ts';

/**
 * A staff member the agency lists in its pack's `staff.json`: who a supervisor may assign cases to. `id` is the
 * identity provider's subject for them (Cognito's `sub`), the id cases and audit records carry; `email` is where
 * the service writes to them. The identity provider stays the authority on who may sign in: the list only says who
 * may be handed cases, so a user pool's own list (Cognito's ListUsersInGroup) can replace the file later.
 */
export interface StaffEntry {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

/** A subject as tokens carry it: Cognito's UUID, the dev issuer's hash, or an external issuer's id. */
export const STAFF_SUBJECT = /^[A-Za-z0-9._:@|-]{1,128}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The entries of a `staff.json`, or the first problem as `/pointer: message` (the pack's refusal reason). */
export function parseStaffList(value: unknown): { readonly staff: readonly StaffEntry[] } | { readonly problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: '/: must be an object with a "staff" list' };
  const list = (value as { staff?: unknown }).staff;
  if (!Array.isArray(list)) return { problem: '/staff: must be a list' };
  const seen = new Set<string>();
  const staff: StaffEntry[] = [];
  for (const [index, entry] of list.entries()) {
    const at = `/staff/${index}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { problem: `${at}: must be an object` };
    const { id, email, name, roles } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || !STAFF_SUBJECT.test(id)) return { problem: `${at}/id: must be the identity provider's subject (letters, digits and . _ : @ | -)` };
    if (seen.has(id)) return { problem: `${at}/id: listed twice` };
    if (typeof email !== 'string' || !EMAIL.test(email)) return { problem: `${at}/email: must be an email address` };
    if (typeof name !== 'string' || name.trim() === '') return { problem: `${at}/name: must be a name` };
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every((role) => typeof role === 'string' && isRole(role))) {
      return { problem: `${at}/roles: must list roles among intake-worker, case-manager, supervisor, agency-admin` };
    }
    seen.add(id);
    staff.push({ id, email, name: name.trim(), roles: roles as Role[] });
  }
  return { staff };
}

/** Who a case may be assigned to: the listed case managers, by name. */
export const caseManagersOf = (staff: readonly StaffEntry[]): readonly StaffEntry[] =>
  staff.filter((entry) => entry.roles.includes('case-manager')).sort((a, b) => a.name.localeCompare(b.name));
