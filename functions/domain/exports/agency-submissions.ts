import { MAX_PAGE, type CaseLister } from '../cases/case-list.ts';

/** A stored submission as the exports need it: ids, the form version, when, by which channel, and where its body is. */
export interface StoredSubmission {
  readonly caseId: string;
  readonly submissionId: string;
  readonly formId: string;
  readonly formVersion: string;
  readonly receivedAt: string;
  readonly channel: string;
  readonly rawKey: string;
}

/**
 * Every submission of the agency's cases, case by case through the agency's case index (queries, no scan). An export
 * reads the whole agency: fine for an agency's thousands of cases, not for millions (see docs/staff-pages.md, Exports).
 */
export async function agencySubmissions(caseStore: CaseLister, agencyId: string): Promise<StoredSubmission[]> {
  const submissions: StoredSubmission[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await caseStore.listCases({ agencyId, limit: MAX_PAGE, cursor });
    const items = await Promise.all(page.cases.map((record) => caseStore.caseItems(agencyId, record.caseId)));
    for (const item of items.flat()) {
      if (item.type !== 'submission') continue;
      submissions.push({
        caseId: String(item.caseId), submissionId: String(item.submissionId), formId: String(item.formId), formVersion: String(item.formVersion),
        receivedAt: String(item.receivedAt), channel: String(item.channel), rawKey: String(item.rawKey),
      });
    }
    cursor = page.cursor;
  } while (cursor);
  return submissions.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}
