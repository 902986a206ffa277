import { randomUUID } from 'node:crypto';
import type { StaffMember } from '../../contracts/staff-claims.ts';
import { isFinal, type CaseState } from '../forms/case-states.ts';
import type { StaffEntry } from '../forms/staff-list.ts';
import type { AuditRecord, CaseRecord } from './case-record.ts';
import type { DocumentJob } from './document-job.ts';
import type { JobQueue } from './intake.ts';

/** The job that tells a case manager a case is now theirs: the case reference only (domain/jobs/case-assigned-job.ts). */
export const CASE_ASSIGNED_JOB = 'case-assigned';

/** The most cases one assignment takes: one page of the case list's largest page. */
export const MAX_ASSIGNED_CASES = 100;

/** Everything one case's assignment writes, in one transaction conditional on the case version read. */
export interface CaseAssignment {
  readonly before: CaseRecord;
  readonly after: CaseRecord;
  readonly audit: AuditRecord;
  /** The notification to the new case manager, committed to the outbox with the case. */
  readonly job: DocumentJob;
}

export interface AssignmentStore {
  getCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined>;
  /** 'stale': the case changed (another assignment, a staff form) since it was read; nothing was written. */
  commitAssignment(assignment: CaseAssignment): Promise<'committed' | 'stale'>;
}

export interface AssignmentRequest {
  /** Who assigns (a supervisor or agency admin: the route's roles). */
  readonly staff: StaffMember;
  /** The case manager the cases go to, from the agency's staff list. */
  readonly to: StaffEntry;
  /** Each case with the version the assigner saw, when they saw one: a case changed since is not assigned. */
  readonly cases: ReadonlyArray<{ readonly caseId: string; readonly expectedVersion?: number }>;
  readonly now: Date;
  readonly requestId: string;
}

export type AssignmentResult = { readonly caseId: string } & (
  | { readonly outcome: 'assigned' | 'unchanged'; readonly version: number }
  | { readonly outcome: 'case-not-found' }
  | { readonly outcome: 'case-ended'; readonly state: CaseState }
  | { readonly outcome: 'stale'; readonly state: CaseState; readonly version: number }
);

/**
 * Hands cases to a case manager, each on its own: one case's conflict never holds back the others, and the answer
 * says per case what happened. Each write is conditional on the version read (and on the one the assigner saw), so a
 * concurrent assignment or staff form is a conflict, never overwritten. The old case manager's secure links stop
 * opening by themselves: a link to the case manager names whom it went to (delivery/link-validity.ts).
 */
export async function assignCases(store: AssignmentStore, queue: JobQueue, request: AssignmentRequest, onEnqueueFailed: (error: unknown) => void): Promise<AssignmentResult[]> {
  const results: AssignmentResult[] = [];
  const seen = new Set<string>();
  for (const wanted of request.cases) {
    if (seen.has(wanted.caseId)) continue;
    seen.add(wanted.caseId);
    results.push(await assignOne(store, queue, request, wanted, onEnqueueFailed));
  }
  return results;
}

async function assignOne(
  store: AssignmentStore, queue: JobQueue, request: AssignmentRequest, wanted: AssignmentRequest['cases'][number], onEnqueueFailed: (error: unknown) => void,
): Promise<AssignmentResult> {
  const { staff, to } = request;
  const { caseId } = wanted;
  const before = await store.getCase(staff.agencyId, caseId);
  if (!before) return { caseId, outcome: 'case-not-found' };
  if (wanted.expectedVersion !== undefined && wanted.expectedVersion !== before.version) {
    return { caseId, outcome: 'stale', state: before.state, version: before.version };
  }
  // An ended case has no caseload to join; its last case manager stays on its record.
  if (isFinal(before.state)) return { caseId, outcome: 'case-ended', state: before.state };
  if (before.caseManager === to.id) return { caseId, outcome: 'unchanged', version: before.version };

  const at = request.now.toISOString();
  const assignmentId = randomUUID();
  const after: CaseRecord = { ...before, version: before.version + 1, updatedAt: at, caseManager: to.id, caseManagerEmail: to.email, assignmentId };
  const job: DocumentJob = { documentType: CASE_ASSIGNED_JOB, agencyId: staff.agencyId, caseId, submissionId: assignmentId };
  const committed = await store.commitAssignment({
    before, after, job,
    audit: {
      agencyId: staff.agencyId, caseId, actor: staff.subject, roles: staff.roles, action: 'case-assigned', target: assignmentId,
      ...(before.caseManager !== undefined ? { from: before.caseManager } : {}), to: to.id, at, requestId: request.requestId,
    },
  });
  if (committed === 'stale') {
    const current = await store.getCase(staff.agencyId, caseId);
    return { caseId, outcome: 'stale', state: current?.state ?? before.state, version: current?.version ?? before.version };
  }
  // The job is in the outbox with the case: a failed send here only takes the sweeper's slower path.
  await queue.enqueue(job).catch(onEnqueueFailed);
  return { caseId, outcome: 'assigned', version: after.version };
}
