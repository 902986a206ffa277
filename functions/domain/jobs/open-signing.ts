import type { Agency } from '../forms/agency.ts';
import { signaturePlanFor } from '../signatures/signature-plan.ts';
import { startSigning, supersede } from '../signatures/signing.ts';
import { signingJobs, type SigningChange } from '../signatures/signing-store.ts';
import type { JobContext, SigningPorts } from './job-ports.ts';

const WORKER = 'document-worker';

/**
 * Opens the signing record of a document its agency has signed (agency.json `signatures`), superseding the case's
 * earlier record of the same type still awaiting signatures: a new care plan needs new signatures, and the old one
 * takes no more. Idempotent: a retried job finds the record open. A document the plan names no signers for is final
 * as rendered.
 */
export async function openSigning(context: JobContext, signing: SigningPorts, agency: Agency, document: {
  readonly caseId: string; readonly documentId: string; readonly documentType: string; readonly documentSha256: string;
}): Promise<void> {
  const plan = signaturePlanFor(agency, document.documentType);
  if (!plan) return;
  const { caseId, documentId } = document;
  const at = context.now().toISOString();
  const audit = (action: 'open-signing' | 'supersede-signing', target: string) => ({
    agencyId: agency.id, caseId, actor: WORKER, roles: [], action, target, at, requestId: `${documentId}#open`,
  });
  const record = startSigning(plan, { documentId, documentSha256: document.documentSha256, createdAt: at });
  const earlier = (await signing.store.listSignings(agency.id, caseId))
    .find((stored) => stored.record.documentType === plan.documentType && stored.record.state === 'awaiting' && stored.record.documentId !== documentId);
  let superseded: SigningChange | undefined;
  if (earlier) {
    const replaced = supersede(earlier.record, documentId);
    if (!replaced.refusal) superseded = { record: replaced.record, version: earlier.version, audit: audit('supersede-signing', earlier.record.documentId) };
  }
  // The client's signing mail when they sign first: committed with the record, so it is sent even if this job dies next.
  const jobs = signingJobs(undefined, record);
  const outcome = await signing.store.openSigning(agency.id, caseId, { record, audit: audit('open-signing', documentId), jobs, ...(superseded ? { superseded } : {}) });
  // A conflict: the earlier record changed while this one opened (someone signed it). The job's retry reads it again.
  if (outcome === 'conflict') throw new Error(`signing record ${documentId}: the earlier record changed meanwhile`);
  if (outcome !== 'opened') return;
  // The fast path: the outbox sweeper sends a committed job that never reached the queue.
  await Promise.all(jobs.map((kind) => signing.queue.enqueue({ documentType: kind, agencyId: agency.id, caseId, submissionId: documentId }).catch(() => undefined)));
}
