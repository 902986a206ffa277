import { caseRecordOf, type CaseRecord } from '../cases/case-record.ts';
import type { Score } from '../forms/scoring.ts';

/** What the person's other cases need from storage: the person's cases, and each case's partition. */
export interface PersonCaseReader {
  casesOfPerson(agencyId: string, personId: string): Promise<readonly string[]>;
  caseItems(agencyId: string, caseId: string): Promise<Record<string, unknown>[]>;
}

/** One of the person's other cases, as the case page lists it. */
export interface PersonCase {
  readonly case: CaseRecord;
  readonly documents: number;
  /** Each instrument's latest score across the case's submissions. */
  readonly latestScores: readonly Score[];
}

/** The other cases linked as the same person's as `record`, oldest first; none when it is not linked. */
export async function personCases(reader: PersonCaseReader, record: CaseRecord): Promise<readonly PersonCase[]> {
  if (!record.personId) return [];
  const ids = (await reader.casesOfPerson(record.agencyId, record.personId)).filter((id) => id !== record.caseId);
  const found = await Promise.all(ids.map(async (caseId): Promise<PersonCase | undefined> => {
    const items = await reader.caseItems(record.agencyId, caseId);
    const other = items.find((item) => item.type === 'case');
    if (!other) return undefined;
    const submissions = items.filter((item) => item.type === 'submission').sort((a, b) => String(a.receivedAt).localeCompare(String(b.receivedAt)));
    const latest = new Map<string, Score>();
    for (const submission of submissions) for (const score of (submission.scores ?? []) as Score[]) latest.set(score.id, score);
    return { case: caseRecordOf(other), documents: items.filter((item) => item.type === 'document').length, latestScores: [...latest.values()] };
  }));
  return found.filter((entry): entry is PersonCase => entry !== undefined).sort((a, b) => a.case.createdAt.localeCompare(b.case.createdAt));
}
