/**
 * Limits on intake receipts, so the public form cannot be used to make the agency's sender mail strangers: a
 * receipt goes only to an address the client gave, said was safe and consented to be contacted at, and no address
 * (nor any one client) gets more than a few a day, however many intakes name it.
 */
export const RECEIPTS_PER_ADDRESS_PER_DAY = 3;
export const RECEIPTS_PER_CLIENT_PER_DAY = 10;

/** One receipt asking to be counted: the same delivery asking again (a retried job) is allowed again, not counted twice. */
export interface ReceiptAllowance {
  readonly agencyId: string;
  readonly address: string;
  /** The submitting client's key (DocumentJob.clientKey); a receipt without one counts against its address only. */
  readonly clientKey: string | undefined;
  /** The delivery being allowed: `<document id>#<recipient>`. */
  readonly deliveryId: string;
  readonly now: Date;
}
