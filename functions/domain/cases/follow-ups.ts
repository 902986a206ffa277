import { addDays } from './notice-period.ts';

/** Something a case manager must come back to on a day: a note's follow-up date, or a case's review date. */
export interface FollowUp {
  readonly kind: 'note' | 'review';
  readonly caseId: string;
  /** The agency's calendar day (YYYY-MM-DD). */
  readonly due: string;
  /** For a note's follow-up: the note, its contact type, and when it was recorded. */
  readonly noteId?: string;
  readonly contactType?: string;
  readonly recordedAt?: string;
}

export interface FollowUpBuckets {
  readonly today: string;
  /** The last day "this week" takes in: today and the six days after it. */
  readonly weekEnd: string;
  readonly overdue: readonly FollowUp[];
  readonly dueToday: readonly FollowUp[];
  readonly thisWeek: readonly FollowUp[];
}

/**
 * "This week" is the seven days from today (a rolling week), not a calendar week: a follow-up due on Monday is in
 * Sunday's list, whatever day an agency starts its week on.
 */
export const WEEK_DAYS = 7;

export function weekEndOf(today: string): string {
  return addDays(today, WEEK_DAYS - 1);
}

/** Sorts follow-ups into overdue, due today and the rest of this week (later ones are left out), soonest first. */
export function bucketFollowUps(followUps: readonly FollowUp[], today: string): FollowUpBuckets {
  const weekEnd = weekEndOf(today);
  const sorted = [...followUps].sort((a, b) => a.due.localeCompare(b.due) || a.caseId.localeCompare(b.caseId) || String(a.recordedAt ?? '').localeCompare(String(b.recordedAt ?? '')));
  return {
    today,
    weekEnd,
    overdue: sorted.filter((item) => item.due < today),
    dueToday: sorted.filter((item) => item.due === today),
    thisWeek: sorted.filter((item) => item.due > today && item.due <= weekEnd),
  };
}
