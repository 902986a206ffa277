import { agencySubmissionPages } from '../domain/exports/agency-submissions.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { caseReading } from '../composition/case-reading.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { renderExportsPage, type ExportEntry } from '../web/staff-pages/exports-page.ts';

/** GET /staff/{agencyId}/exports: the form versions a supervisor can export, with how many submissions each holds. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReading(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-exports', async (event) => {
    const { staff } = event;
    const { caseStore, catalog } = parts();
    await caseStore.recordAccess(auditOf(event, 'agency', 'list-cases'));
    const entries = new Map<string, ExportEntry>();
    for await (const page of agencySubmissionPages(caseStore, staff.agencyId)) {
      for (const submission of page) {
        const key = `${submission.formId}/${submission.formVersion}`;
        const form = catalog.form(staff.agencyId, submission.formId);
        const entry = entries.get(key);
        entries.set(key, entry
          ? {
            ...entry, submissions: entry.submissions + 1,
            firstAt: submission.receivedAt < entry.firstAt ? submission.receivedAt : entry.firstAt,
            lastAt: submission.receivedAt > entry.lastAt ? submission.receivedAt : entry.lastAt,
          }
          : {
            formId: submission.formId, version: submission.formVersion, submissions: 1, firstAt: submission.receivedAt, lastAt: submission.receivedAt,
            title: String((form?.schema as { title?: unknown } | undefined)?.title ?? submission.formId), current: form?.version === submission.formVersion,
          });
      }
    }
    const sorted = [...entries.values()].sort((a, b) => a.title.localeCompare(b.title) || b.lastAt.localeCompare(a.lastAt));
    return htmlResponse(200, renderExportsPage({ ...event.chrome, staff }, sorted));
  }, { ...pageDeps });
}

export const handler = build();
