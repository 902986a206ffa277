import { MAX_PAGE, type CaseLister, type CaseQuery } from './case-list.ts';
import type { CaseRecord } from './case-record.ts';

/**
 * Every case a case-list query matches, read a page at a time as the caller consumes them: an export of the whole
 * list holds one page (MAX_PAGE cases), and stopping early (a file grown too large) stops the reading too.
 */
export async function* everyCase(lister: Pick<CaseLister, 'listCases'>, query: Omit<CaseQuery, 'limit' | 'cursor'>): AsyncGenerator<CaseRecord> {
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await lister.listCases({ ...query, limit: MAX_PAGE, cursor });
    yield* page.cases;
    cursor = page.cursor;
  } while (cursor);
}
