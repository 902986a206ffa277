/** Staff roles, as groups of the identity provider (Cognito groups in AWS, the dev issuer locally). */
export const ROLES = ['intake-worker', 'case-manager', 'supervisor', 'agency-admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
