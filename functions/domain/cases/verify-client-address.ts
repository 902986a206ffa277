import type { DocumentJob } from './document-job.ts';
import type { JobQueue } from './intake.ts';
import type { VerificationMethod } from './client-address.ts';

/** One address confirmed: by the client's confirm link, or by a staff member who saw the client. */
export interface Verification {
  readonly agencyId: string;
  readonly caseId: string;
  readonly addressHash: string;
  readonly at: string;
  readonly method: VerificationMethod;
  /** The staff member, for `in-person`. */
  readonly staff?: string;
}

/** What confirming an address needs of storage; the AWS adapter implements it. */
export interface AddressVerificationPorts {
  recordVerified(verification: Verification): Promise<void>;
  /**
   * The jobs whose client delivery is held for the client's address (delivery status `held`): documents, and
   * signature requests (delivery/signature-request.ts).
   */
  heldClientDocuments(agencyId: string, caseId: string): Promise<readonly DocumentJob[]>;
}

/**
 * Records the client's address as verified, then puts every document held for it back on the queue: the job delivers
 * the document as stored (render-document-job.ts) to the client only, since every other recipient's delivery is
 * already claimed, so accepted data reaches the client once and nobody twice. A queue that fails fails the call, and
 * confirming again (or staff recording it) sends them then.
 */
export async function verifyClientAddress(ports: AddressVerificationPorts, queue: JobQueue, verification: Verification): Promise<{ readonly released: number }> {
  await ports.recordVerified(verification);
  const held = await ports.heldClientDocuments(verification.agencyId, verification.caseId);
  for (const job of held) await queue.enqueue(job);
  return { released: held.length };
}
