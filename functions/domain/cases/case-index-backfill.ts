import type { ClientIdentity } from '../forms/identity.ts';
import type { AuditRecord, CaseRecord } from './case-record.ts';
import { caseIdentity, submissionAnswers, type AnswerSources } from './submission-answers.ts';

/** What one case got, or would get on a dry run: each count is of entries that were missing. */
export interface FiledCounts {
  /** 1 when the record had no identity and one was read from its intake's answers (and recorded on the case). */
  readonly identities: number;
  readonly searchTerms: number;
  readonly matchKeys: number;
  /** 1 when the case item lacked index keys its record gives (the open-cases, review or follow-up index). */
  readonly caseIndexKeys: number;
}

export interface BackfillCounts extends FiledCounts {
  readonly cases: number;
  /** Cases that changed between the read and the write: nothing of them was written; a second run files them. */
  readonly stale: number;
}

/** What the backfill needs from storage: an agency's cases by its index (never a scan) and the writes the intake makes. */
export interface IndexBackfillStore extends Pick<AnswerSources, 'readRaw'> {
  /** The agency's cases, a page at a time, from the agency's cases index. */
  casePages(agencyId: string): AsyncIterable<readonly CaseRecord[]>;
  /** The case's submissions (the items of its partition), to read an older case's identity from its intake. */
  submissions(agencyId: string, caseId: string): Promise<readonly Record<string, unknown>[]>;
  /**
   * Writes what is missing of the entries an intake writes for this identity (search terms, match entries, the case
   * item's index keys) and, when `recorded` is given, records the identity on the case with that audit record, all
   * conditional on the version read. A dry run only counts.
   */
  fileCase(record: CaseRecord, identity: ClientIdentity | undefined, recorded: AuditRecord | undefined, dryRun: boolean): Promise<FiledCounts | 'stale'>;
}

/** One run of the backfill over one agency. */
export interface BackfillRun {
  readonly agencyId: string;
  readonly dryRun: boolean;
  /** When the run started and its id: the audit records of identities it recorded carry them. */
  readonly at: string;
  readonly runId: string;
}

const NOTHING: BackfillCounts = { cases: 0, stale: 0, identities: 0, searchTerms: 0, matchKeys: 0, caseIndexKeys: 0 };

/**
 * Files an agency's cases stored before the case indexes existed the way an intake files a new one, so search, possible
 * matches and caseloads see them. Idempotent: a second run finds nothing missing and writes nothing.
 */
export async function backfillCaseIndexes(
  store: IndexBackfillStore, forms: Pick<AnswerSources, 'form'>, run: BackfillRun,
): Promise<BackfillCounts> {
  const { agencyId } = run;
  let counts = NOTHING;
  for await (const page of store.casePages(agencyId)) {
    for (const record of page) {
      const identity = record.identity ?? (await intakeIdentity(store, forms, record));
      // Copying the intake's facts onto the record changes the case: its audit trail says who did it and when.
      const recorded: AuditRecord | undefined = record.identity === undefined && identity !== undefined
        ? { agencyId, caseId: record.caseId, actor: 'backfill', roles: [], action: 'identity-recorded', at: run.at, requestId: run.runId }
        : undefined;
      const filed = await store.fileCase(record, identity, recorded, run.dryRun);
      counts = filed === 'stale' ? { ...counts, cases: counts.cases + 1, stale: counts.stale + 1 } : {
        cases: counts.cases + 1, stale: counts.stale,
        identities: counts.identities + filed.identities, searchTerms: counts.searchTerms + filed.searchTerms,
        matchKeys: counts.matchKeys + filed.matchKeys, caseIndexKeys: counts.caseIndexKeys + filed.caseIndexKeys,
      };
    }
  }
  return counts;
}

/** Who an older case is about, read as its page reads it: from its first client-sent submission's answers. */
async function intakeIdentity(store: IndexBackfillStore, forms: Pick<AnswerSources, 'form'>, record: CaseRecord): Promise<ClientIdentity | undefined> {
  const submissions = await store.submissions(record.agencyId, record.caseId);
  const view = { case: record, submissions: [...submissions] };
  return caseIdentity(view, await submissionAnswers({ readRaw: (key) => store.readRaw(key), form: (...args) => forms.form(...args) }, view));
}

/** Everything written (or, on a dry run, that would be), in one number. */
export const writtenOf = (counts: FiledCounts): number => counts.identities + counts.searchTerms + counts.matchKeys + counts.caseIndexKeys;
