import type { StaffMember } from '../../contracts/staff-claims.ts';
import type { AuditRecord } from './case-record.ts';
import { localDate } from './notice-period.ts';
import { bucketFollowUps, weekEndOf, type FollowUp, type FollowUpBuckets } from './follow-ups.ts';

export interface FollowUpReader {
  /** The owner's follow-ups due on or before `through` (YYYY-MM-DD), from an index: never a scan of the table. */
  followUps(agencyId: string, owner: string, through: string): Promise<FollowUp[]>;
  recordAccess(audit: AuditRecord): Promise<void>;
}

/**
 * The signed-in staff member's follow-ups, as of today on the agency's clock: overdue, due today, and the rest of this
 * week. Reading them reads across cases, so it is audited as the case list is (case "agency").
 */
export async function myFollowUps(
  reader: FollowUpReader, agency: { readonly id: string; readonly timeZone: string }, staff: StaffMember, now: Date, requestId: string,
): Promise<FollowUpBuckets> {
  const today = localDate(now, agency.timeZone);
  const found = await reader.followUps(agency.id, staff.subject, weekEndOf(today));
  await reader.recordAccess({ agencyId: agency.id, caseId: 'agency', actor: staff.subject, roles: staff.roles, action: 'list-follow-ups', at: now.toISOString(), requestId });
  return bucketFollowUps(found, today);
}
