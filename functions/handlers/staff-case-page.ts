import { readCase } from '../domain/cases/read-case.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { isStaffForm } from '../domain/forms/catalog.ts';
import { mayStaffSubmit } from '../domain/forms/form-roles.ts';
import { builtOnce } from '../composition/built-once.ts';
import { caseReading } from '../composition/case-reading.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { renderCasePage } from '../web/staff-pages/case-page.ts';
import { outcomesOf } from '../web/staff-pages/case-outcomes.ts';
import { assignSection } from '../web/staff-pages/assign-controls.ts';
import { mayAssign } from '../web/staff/assignment-request.ts';
import { caseManagersOf } from '../domain/forms/staff-list.ts';

const SAVED = /^[a-z0-9-]{1,64}$/;

/** GET /staff/{agencyId}/cases/{caseId}: the case page, each view audited as the API's read is. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffPageHandler('staff-case-page', async (event) => {
    const { staff } = event;
    const { caseStore, catalog } = parts();
    const agency = catalog.agency(staff.agencyId)!;
    const caseId = event.pathParameters?.caseId;
    const forms = [...(catalog.pack(staff.agencyId)?.forms.values() ?? [])];
    const view = isPlainCaseId(caseId) ? await readCase(caseStore, catalog, auditOf(event, caseId, 'read-case')) : undefined;
    if (!view) return staffPageMessage(404, { agencyName: event.agencyName, brandColor: event.brandColor, staff }, 'Not found', 'There is no such case.');
    const formTitles = Object.fromEntries(forms.map((form) => [form.formId, String((form.schema as { title?: unknown }).title ?? form.formId)]));
    const saved = event.queryStringParameters?.saved;
    return htmlResponse(200, renderCasePage({
      agencyName: event.agencyName, brandColor: event.brandColor, staff, view, formTitles,
      // Only the forms this user's roles may fill in are offered (the form page and its post refuse the others: 403).
      offeredForms: forms.filter((form) => isStaffForm(form) && mayStaffSubmit(form, staff)).map((form) => form.formId),
      outcomes: outcomesOf(view.submissions, forms, agency),
      ...(saved && SAVED.test(saved) && formTitles[saved] ? { notice: `${formTitles[saved]} saved.` } : {}),
      ...(event.queryStringParameters?.assigned === '1' ? { notice: 'Case manager assigned. They have been emailed.' } : {}),
      ...(mayAssign(staff) ? { assignment: assignSection(staff.agencyId, view.case, caseManagersOf(catalog.pack(staff.agencyId)?.staff ?? [])) } : {}),
    }));
  }, { agencies, sessions });
}

export const handler = build();
