import { questionnaireResponse } from '../domain/exports/fhir-questionnaire-response.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { submissionExport } from '../composition/submission-export.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/cases/{caseId}/submissions/{submissionId}/fhir: one submission as a FHIR R4
 * QuestionnaireResponse, against the form version it was submitted with. Audited as a read of the submission.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => submissionExport(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-fhir-export', async (event) => {
    const { staff } = event;
    const { caseStore, formVersions } = parts();
    const { caseId, submissionId } = event.pathParameters ?? {};
    const item = isPlainCaseId(caseId) && isPlainCaseId(submissionId) ? await caseStore.getSubmission(staff.agencyId, caseId, submissionId) : undefined;
    const form = item ? await formVersions.form(staff.agencyId, String(item.formId), String(item.formVersion)) : undefined;
    if (!item || !form || !caseId || !submissionId) return staffPageMessage(404, event.chrome, event.language.words('staff').t('notFound.title'), event.language.words('staffExports').t('noSuchSubmission'));
    await caseStore.recordAccess(auditOf(event, caseId, 'read-submission', `${submissionId}/fhir`));
    const answers = JSON.parse((await caseStore.readRaw(String(item.rawKey))).toString('utf8')) as unknown;
    const resource = questionnaireResponse({
      schema: form.schema as Record<string, unknown>, agencyId: staff.agencyId, formId: form.formId, formVersion: form.version,
      submissionId, caseId, receivedAt: String(item.receivedAt), answers,
    });
    return {
      statusCode: 200,
      headers: { 'Content-Type': 'application/fhir+json; fhirVersion=4.0', 'Content-Disposition': `attachment; filename="${submissionId}.fhir.json"`, 'Cache-Control': 'no-store' },
      body: JSON.stringify(resource, null, 2),
    };
  }, { ...pageDeps });
}

export const handler = build();
