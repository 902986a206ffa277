import type { Agency } from '../forms/agency.ts';

/** When an agency's pack says nothing (agency.json `retention`): 7 years of records, 7 of audit trail. */
export const DEFAULT_RETENTION_YEARS = { recordsYears: 7, auditYears: 7 } as const;

/** How many years an agency keeps a case's records and its audit trail: its pack's numbers, else the defaults. */
export function retentionYears(agency: Pick<Agency, 'retention'>): { readonly recordsYears: number; readonly auditYears: number } {
  return { ...DEFAULT_RETENTION_YEARS, ...agency.retention };
}

/**
 * Until when a sealed document is locked against deletion and change: the sealing instant plus the agency's records
 * years. A case is kept that long from the day it ends, which is never before its documents were sealed, so the lock
 * ends no later than the case's retention unless a document is sealed after the case ended or the pack's years
 * changed since (retention.ts keeps the locked version then; docs/signatures.md "Signed means final").
 */
export function sealedLockUntil(sealedAt: Date, agency: Pick<Agency, 'retention'>): Date {
  const until = new Date(sealedAt);
  until.setUTCFullYear(until.getUTCFullYear() + retentionYears(agency).recordsYears);
  return until;
}
