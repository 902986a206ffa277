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

/** agency.json `signatures`, as validated against the agency schema. */
export interface SignaturesDeclaration {
  readonly reminderDays?: number;
  readonly documents: Readonly<Record<string, { readonly signers: readonly SignerDeclaration[] }>>;
}

/** A signer of a plan: `optional` said outright, so no reader has to know the default. */
export interface PlannedSigner {
  readonly role: SignerRole;
  readonly intent: SignerIntent;
  readonly optional: boolean;
}

/** Who signs a document of one type, in signing order, and when the case manager is reminded of it. */
export interface SignaturePlan {
  readonly documentType: string;
  readonly reminderDays: number;
  readonly signers: readonly PlannedSigner[];
}

/** Reminder delay when the agency names none (agency.schema.json `signatures.reminderDays`). */
export const DEFAULT_REMINDER_DAYS = 5;

/**
 * The plan for a document type, or undefined when the agency has it signed by no one (the document is final as
 * rendered). The declaration was checked by the agency schema at load and by lint (forms/lint-signatures.ts).
 */
export function signaturePlanFor(agency: { readonly signatures?: SignaturesDeclaration }, documentType: string): SignaturePlan | undefined {
  const declared = agency.signatures;
  const signers = declared && Object.hasOwn(declared.documents, documentType) ? declared.documents[documentType]!.signers : undefined;
  if (!signers || signers.length === 0) return undefined;
  return {
    documentType,
    reminderDays: declared!.reminderDays ?? DEFAULT_REMINDER_DAYS,
    signers: signers.map(({ role, intent, optional }) => ({ role, intent, optional: optional === true })),
  };
}
