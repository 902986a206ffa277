import { caseBundle, type CaseSubmissionForFhir } from '../domain/exports/fhir-case-bundle.ts';
import type { Score } from '../domain/forms/scoring.ts';
import { caseFilesOf } from '../domain/uploads/case-files.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { submissionExport } from '../composition/submission-export.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/cases/{caseId}/fhir: the whole case as a FHIR R4 Bundle (each submission against the form
 * version it was submitted with, its stored instrument totals as Observations, and its files as DocumentReferences).
 * Audited as an export of the case.
 */
export function build(settings: () => Config = readConfig, now: () => Date = () => new Date()) {
  const parts = builtOnce(() => submissionExport(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-case-fhir-export', async (event) => {
    const { staff } = event;
    const { caseStore, formVersions } = parts();
    const { caseId } = event.pathParameters ?? {};
    const record = isPlainCaseId(caseId) ? await caseStore.getCase(staff.agencyId, caseId) : undefined;
    if (!record || !caseId) return staffPageMessage(404, event.chrome, event.language.words('staff').t('notFound.title'), event.language.words('staff').t('notFound.case'));
    await caseStore.recordAccess(auditOf(event, caseId, 'export-case', 'fhir'));
    const caseItems = await caseStore.caseItems(staff.agencyId, caseId);
    const items = caseItems.filter((item) => item.type === 'submission');
    // A case holds tens of submissions, not thousands: read in parallel, whole.
    const submissions = await Promise.all(items.map(async (item): Promise<CaseSubmissionForFhir> => {
      const form = await formVersions.form(staff.agencyId, String(item.formId), String(item.formVersion));
      if (!form) throw new Error('a stored submission names a form version that is not published');
      return {
        schema: form.schema as Record<string, unknown>, agencyId: staff.agencyId, formId: form.formId, formVersion: form.version,
        submissionId: String(item.submissionId), caseId, receivedAt: String(item.receivedAt),
        answers: JSON.parse((await caseStore.readRaw(String(item.rawKey))).toString('utf8')) as unknown,
        ...(Array.isArray(item.scores) ? { scores: item.scores as Score[] } : {}),
      };
    }));
    const bundle = caseBundle({ agencyId: staff.agencyId, caseId, exportedAt: now().toISOString(), submissions, files: caseFilesOf(caseItems) });
    return {
      statusCode: 200,
      headers: { 'Content-Type': 'application/fhir+json; fhirVersion=4.0', 'Content-Disposition': `attachment; filename="${caseId}.fhir.json"`, 'Cache-Control': 'no-store' },
      body: JSON.stringify(bundle, null, 2),
    };
  }, { ...pageDeps });
}

export const handler = build();
