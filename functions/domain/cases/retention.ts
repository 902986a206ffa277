import type { AuditRecord, CaseRecord } from './case-record.ts';

/** An ended case in the retention index whose day has come. */
export interface DueCase {
  readonly agencyId: string;
  readonly caseId: string;
}

/** What purging needs from storage; the AWS adapter implements it. */
export interface RetentionStore {
  dueCases(today: string, limit: number): Promise<readonly DueCase[]>;
  /** The case as it is now (consistent read): a hold placed since the index was read must win. */
  currentCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined>;
  /**
   * Deletes the case's submitted bodies, generated documents and the files its clients sent (released, held or left
   * in quarantine); versioning keeps them 90 more days, then lifecycle removes them. A sealed final PDF's version is
   * kept by its Object Lock until its retain-until date whatever the purge does (lifecycle removes it after that);
   * `locked` counts the objects whose delete S3 refused for their lock.
   */
  deleteCaseObjects(agencyId: string, caseId: string): Promise<{ readonly deleted: number; readonly locked: number }>;
  /** Gives every audit record of the case the table's TTL for the day its audit retention ends. */
  expireAudit(agencyId: string, caseId: string, on: string): Promise<number>;
  recordPurge(audit: AuditRecord, auditRetainUntil: string): Promise<void>;
  /**
   * Deletes every item of the case wherever it lives: its partition (its files' FILE# items too), and its search
   * terms, match entries, person link entry and its files' upload records outside it; the case record last, so an
   * interrupted purge is found again.
   */
  deleteCaseItems(agencyId: string, caseId: string): Promise<number>;
}

export interface RetentionSweep {
  readonly purged: number;
  readonly skipped: number;
  /** Objects of purged cases that Object Lock kept (signed documents still in their retention): the purge went on. */
  readonly locked: number;
}

/**
 * Purges every ended case whose retention period is over and that is not on legal hold: its objects, its items,
 * and (by TTL, on its own later day) its audit trail, which keeps a record of the purge itself. Runs daily.
 */
export async function sweepRetention(store: RetentionStore, now: Date, requestId: string, limit = 25): Promise<RetentionSweep> {
  const today = now.toISOString().slice(0, 10);
  let purged = 0;
  let skipped = 0;
  let locked = 0;
  for (const due of await store.dueCases(today, limit)) {
    const current = await store.currentCase(due.agencyId, due.caseId);
    if (!current || current.legalHold || !current.retainUntil || current.retainUntil > today) {
      skipped += 1;
      continue;
    }
    const auditRetainUntil = current.auditRetainUntil ?? current.retainUntil;
    await store.recordPurge({
      agencyId: due.agencyId, caseId: due.caseId, actor: 'retention', roles: [], action: 'purge-case', target: current.retainUntil, at: now.toISOString(), requestId,
    }, auditRetainUntil);
    locked += (await store.deleteCaseObjects(due.agencyId, due.caseId)).locked;
    await store.expireAudit(due.agencyId, due.caseId, auditRetainUntil);
    await store.deleteCaseItems(due.agencyId, due.caseId);
    purged += 1;
  }
  return { purged, skipped, locked };
}
