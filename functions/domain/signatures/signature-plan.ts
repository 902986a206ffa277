import type { SignaturesDeclaration, SignerIntent, SignerRole } from '../forms/signatures-declaration.ts';

// The declaration's types belong with agency.json's (forms may not import signatures): named here too for readers of a plan.
export { SIGNER_INTENTS, SIGNER_ROLES, type SignaturesDeclaration, type SignerDeclaration, type SignerIntent, type SignerRole } from '../forms/signatures-declaration.ts';

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

/** After how many days what is still unsigned reminds the case manager, and a client's signing link lapses. */
export function reminderDaysOf(agency: { readonly signatures?: SignaturesDeclaration }): number {
  return agency.signatures?.reminderDays ?? DEFAULT_REMINDER_DAYS;
}

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
    reminderDays: reminderDaysOf(agency),
    signers: signers.map(({ role, intent, optional }) => ({ role, intent, optional: optional === true })),
  };
}
