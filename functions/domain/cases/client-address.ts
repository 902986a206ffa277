import { addressHash } from '../../contracts/table-design.ts';

/** How a client's email address was confirmed to be theirs. */
export type VerificationMethod = 'email-link' | 'in-person';

/**
 * What the case knows of the client's email address (one item in the case's partition, never the address itself):
 * the hash of the address documents were last routed to, and the hash of the address that was verified, when and
 * how. Verification belongs to an address: once the client's address changes, the case's client is unverified again.
 */
export interface ClientAddressRecord {
  /** The address the worker last routed a client delivery to (addressHash). */
  readonly currentHash?: string;
  readonly verifiedHash?: string;
  readonly verifiedAt?: string;
  readonly verifiedBy?: VerificationMethod;
  /** The staff member who saw the client, for `in-person`. */
  readonly verifiedByStaff?: string;
}

/** Whether `address` is the one the client confirmed: a changed address needs confirming again. */
export function isVerifiedAddress(record: ClientAddressRecord | undefined, address: string): boolean {
  return record?.verifiedHash !== undefined && record.verifiedHash === addressHash(address);
}

/** The client-address item's own fields, as stored. */
export function clientAddressRecordOf(item: Readonly<Record<string, unknown>>): ClientAddressRecord {
  const fields = ['currentHash', 'verifiedHash', 'verifiedAt', 'verifiedBy', 'verifiedByStaff'] as const;
  return Object.fromEntries(fields.filter((field) => typeof item[field] === 'string').map((field) => [field, item[field]])) as ClientAddressRecord;
}

/**
 * What staff see of the client's address: never the address, only whether the current one is confirmed, when and
 * how; `none` while nothing has been routed to a client address (the client gave none, or no job has run yet).
 */
export type ClientAddressState =
  | { readonly state: 'none' }
  | { readonly state: 'unverified' }
  | { readonly state: 'verified'; readonly at: string; readonly method: VerificationMethod; readonly staff?: string };

export function clientAddressState(record: ClientAddressRecord | undefined): ClientAddressState {
  if (record?.currentHash === undefined && record?.verifiedHash === undefined) return { state: 'none' };
  if (!record?.verifiedHash || !record.verifiedAt || !record.verifiedBy) return { state: 'unverified' };
  // A verified address that is no longer the one documents go to verifies nothing.
  if (record.currentHash !== undefined && record.currentHash !== record.verifiedHash) return { state: 'unverified' };
  return { state: 'verified', at: record.verifiedAt, method: record.verifiedBy, ...(record.verifiedByStaff ? { staff: record.verifiedByStaff } : {}) };
}

/**
 * A confirm link's record, found by the SHA-256 of its token (256 random bits, as a secure link's: secure-link.ts).
 * It names the case and the address it was sent to, so confirming verifies that address and no other.
 */
export interface AddressCheck {
  readonly agencyId: string;
  readonly caseId: string;
  readonly tokenHash: string;
  readonly addressHash: string;
  /** The language the notice was written in: the confirm page speaks it too. */
  readonly locale: string;
  readonly createdAt: string;
  readonly validUntil: string;
  /** Set once the client confirmed: the link does not confirm twice. */
  readonly usedAt?: string;
}

/** How long a confirm link works: a client may read their mail days later, and the link carries no health information. */
export const ADDRESS_CHECK_VALID_HOURS = 14 * 24;

export function addressCheckUrl(publicBaseUrl: string, agencyId: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/agencies/${agencyId}/confirm-address/${token}`;
}

/** Why a confirm link no longer confirms. */
export type AddressCheckRefusal = 'expired' | 'used';

export function addressCheckUsable(check: AddressCheck, now: Date): { readonly usable: true } | { readonly usable: false; readonly reason: AddressCheckRefusal } {
  if (check.usedAt !== undefined) return { usable: false, reason: 'used' };
  if (Date.parse(check.validUntil) <= now.getTime()) return { usable: false, reason: 'expired' };
  return { usable: true };
}
