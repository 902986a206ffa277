import { ROLES, type Role } from '../../contracts/roles.ts';

/** Who signs: the client (from a signing link) or staff with a role (form-schemas/agency.schema.json `signatures`). */
export type SignerRole = 'client' | Role;
export const SIGNER_ROLES: readonly SignerRole[] = ['client', ...ROLES];

/** What the signer states, in words under `signing.intent` of templates/default/locales. */
export type SignerIntent = 'agree' | 'acknowledge';
export const SIGNER_INTENTS: readonly SignerIntent[] = ['agree', 'acknowledge'];

/** One signer as agency.json declares it. */
export interface SignerDeclaration {
  readonly role: SignerRole;
  readonly intent: SignerIntent;
  readonly optional?: boolean;
}

/** agency.json `signatures`, as validated against the agency schema (what it means: signatures/signature-plan.ts). */
export interface SignaturesDeclaration {
  readonly reminderDays?: number;
  readonly documents: Readonly<Record<string, { readonly signers: readonly SignerDeclaration[] }>>;
}
