/**
 * The job, and routing event, of the mail that asks the client to sign: queued (SigningStore `signature-request`) when
 * the client's turn to sign comes. On the wire its `submissionId` is the signed document's id, as a note's id stands
 * there for a follow-up. It goes to the client alone, with their signing link and no health information.
 */
export const SIGNATURE_REQUEST_JOB = 'signature-request';

/** The delivery of a document's signature request: one per document, so a retried job mails nobody twice. */
export const signatureRequestDeliveryId = (documentId: string): string => `${documentId}-${SIGNATURE_REQUEST_JOB}`;

/** The signed document's id, from a held signature request's delivery id; undefined for any other delivery. */
export function signedDocumentOf(deliveryId: string): string | undefined {
  const suffix = `-${SIGNATURE_REQUEST_JOB}`;
  return deliveryId.endsWith(suffix) ? deliveryId.slice(0, -suffix.length) : undefined;
}
