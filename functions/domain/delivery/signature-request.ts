/**
 * The job, and routing event, of the mail that asks the client to sign: queued (SigningStore `signature-request`) when
 * the client's turn to sign comes. On the wire its `submissionId` is the signed document's id, as a note's id stands
 * there for a follow-up. It goes to the client alone, with their signing link and no health information.
 */
export const SIGNATURE_REQUEST_JOB = 'signature-request';

/**
 * The delivery of a document's signature request: one per document and per new link staff asked for (`resends`, the
 * record's linkResends), so a retried job mails nobody twice and a link sent again is a mail of its own.
 */
export const signatureRequestDeliveryId = (documentId: string, resends = 0): string =>
  `${documentId}-${SIGNATURE_REQUEST_JOB}${resends > 0 ? `-${resends}` : ''}`;

const REQUEST_DELIVERY = new RegExp(`^(.+)-${SIGNATURE_REQUEST_JOB}(?:-[1-9][0-9]*)?$`);

/** The signed document's id, from a held signature request's delivery id; undefined for any other delivery. */
export function signedDocumentOf(deliveryId: string): string | undefined {
  return REQUEST_DELIVERY.exec(deliveryId)?.[1];
}
