import type { CaseRecord } from '../cases/case-record.ts';
import { caseReference } from '../cases/case-reference.ts';
import { fullName } from '../forms/identity.ts';
import { csvRecord, type CsvCell } from './csv.ts';
import { UTF8_BOM } from './submissions-csv.ts';

export interface CaseListColumn {
  readonly header: string;
  readonly cell: (record: CaseRecord) => CsvCell;
}

/**
 * The case list CSV's columns, in order: the one place a column is added. The client's facts come from the case's
 * identity (empty for a case opened before identity was mapped). Dates stay ISO as stored (UTC), unambiguous in every locale; `Case` is the full id, which the
 * submissions CSV's `Case` column joins on.
 */
export const CASE_LIST_COLUMNS: readonly CaseListColumn[] = [
  { header: 'Reference', cell: (record) => caseReference(record.caseId) },
  { header: 'Case', cell: (record) => record.caseId },
  { header: 'Client', cell: (record) => fullName(record.identity) ?? '' },
  { header: 'Preferred name', cell: (record) => record.identity?.preferredName ?? '' },
  { header: 'Date of birth', cell: (record) => record.identity?.dateOfBirth ?? '' },
  { header: 'State', cell: (record) => record.state },
  // Staff data: the address the case manager signed in with, or their subject before they have been seen with one.
  { header: 'Case manager', cell: (record) => record.caseManagerEmail ?? record.caseManager ?? '' },
  { header: 'Created', cell: (record) => record.createdAt },
  { header: 'Updated', cell: (record) => record.updatedAt },
  { header: 'Review due', cell: (record) => record.reviewDueAt ?? '' },
  { header: 'Risk flags', cell: (record) => (record.riskFlags ?? []).join('; ') },
  // The latest contact made (a missed appointment is none): empty for a case never contacted.
  { header: 'Last contact', cell: (record) => record.lastContactAt ?? '' },
];

/** The cases as CSV, one record per case as the cases arrive (everyCase reads them a page at a time). */
export async function* caseListCsv(cases: AsyncIterable<CaseRecord>, columns: readonly CaseListColumn[] = CASE_LIST_COLUMNS): AsyncGenerator<string> {
  yield UTF8_BOM + csvRecord(columns.map((column) => column.header));
  for await (const record of cases) yield csvRecord(columns.map((column) => column.cell(record)));
}
