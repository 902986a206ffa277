import { MAX_PAGE, type CaseLister } from '../cases/case-list.ts';
import type { Score } from '../forms/scoring.ts';

/** A stored submission as the exports need it: ids, the form version, when, by which channel, where its body is, its scores. */
export interface StoredSubmission {
  readonly caseId: string;
  readonly submissionId: string;
  readonly formId: string;
  readonly formVersion: string;
  readonly receivedAt: string;
  readonly channel: string;
  readonly rawKey: string;
  readonly scores?: readonly Score[];
}

/**
 * Every submission of the agency's cases, one page of cases at a time through the agency's case index (queries, no
 * scan): the next page is read only when the caller asks for it, so an export holds one page of cases (MAX_PAGE) and
 * their submissions, never the agency's. Cases come newest first, as the case list shows them; each case's
 * submissions oldest first.
 */
export async function* agencySubmissionPages(caseStore: CaseLister, agencyId: string): AsyncGenerator<StoredSubmission[]> {
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await caseStore.listCases({ agencyId, limit: MAX_PAGE, cursor });
    const items = await Promise.all(page.cases.map((record) => caseStore.caseItems(agencyId, record.caseId)));
    yield items.flatMap((caseItems) => caseItems.filter((item) => item.type === 'submission').map(storedSubmission)
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)));
    cursor = page.cursor;
  } while (cursor);
}

function storedSubmission(item: Readonly<Record<string, unknown>>): StoredSubmission {
  return {
    caseId: String(item.caseId), submissionId: String(item.submissionId), formId: String(item.formId), formVersion: String(item.formVersion),
    receivedAt: String(item.receivedAt), channel: String(item.channel), rawKey: String(item.rawKey),
    ...(Array.isArray(item.scores) ? { scores: item.scores as Score[] } : {}),
  };
}
