import { isRole, type Role } from './roles.ts';

/** Who is calling: read from the verified token's claims, never from the request body. */
export interface StaffMember {
  readonly subject: string;
  readonly agencyId: string;
  readonly roles: readonly Role[];
  readonly email: string | undefined;
  /** The language the staff pages start in for them (Cognito's standard `locale` attribute), when an admin set one. */
  readonly locale?: string;
}

/** The claims that carry a staff member's agency and roles, in Cognito's spelling. */
export const CLAIMS = { agency: 'custom:agency', roles: 'cognito:groups', email: 'email', subject: 'sub', locale: 'locale' } as const;

/**
 * API Gateway's JWT authorizer hands claims to the function as strings, and arrays as "[a b c]"; a verifier that
 * passes real JSON arrays is accepted too.
 */
function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter(Boolean);
}

export function staffFromClaims(claims: Readonly<Record<string, unknown>> | undefined): StaffMember | undefined {
  if (!claims) return undefined;
  const subject = claims[CLAIMS.subject];
  const agencyId = claims[CLAIMS.agency];
  if (typeof subject !== 'string' || typeof agencyId !== 'string' || subject === '' || agencyId === '') return undefined;
  const email = claims[CLAIMS.email];
  const locale = claims[CLAIMS.locale];
  return {
    subject, agencyId, roles: listClaim(claims[CLAIMS.roles]).filter(isRole), email: typeof email === 'string' ? email : undefined,
    ...(typeof locale === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? { locale } : {}),
  };
}
