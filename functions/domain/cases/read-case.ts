import type { FormCatalog } from '../forms/catalog.ts';
import { isStaffForm } from '../forms/catalog.ts';
import type { AuditRecord } from './case-record.ts';
import { caseView, type CaseView } from './case-view.ts';

/** What reading a case needs of storage: its items, and the audit trail every read is recorded in. */
export interface CaseReader {
  caseItems(agencyId: string, caseId: string): Promise<Array<Record<string, unknown>>>;
  recordAccess(audit: AuditRecord): Promise<void>;
}

/**
 * A staff member reads a case: the view the API answers and the case page renders, from the case's items and the
 * agency's staff forms. The read is audited before anything is shown; a case that does not exist is not.
 */
export async function readCase(store: CaseReader, catalog: Pick<FormCatalog, 'agency' | 'pack'>, audit: AuditRecord): Promise<CaseView | undefined> {
  const { agencyId, caseId } = audit;
  const agency = catalog.agency(agencyId);
  if (!agency) return undefined;
  const staffForms = [...(catalog.pack(agencyId)?.forms.values() ?? [])].filter(isStaffForm);
  const view = caseView(await store.caseItems(agencyId, caseId), staffForms, agency);
  if (view) await store.recordAccess(audit);
  return view;
}
