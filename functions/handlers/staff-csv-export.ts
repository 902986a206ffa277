import { VERSION_PATTERN } from '../domain/forms/form-versions.ts';
import { CSV_CONTENT_TYPE, csvFileName, submissionsCsvStream, type SubmissionRow } from '../domain/exports/submissions-csv.ts';
import { agencySubmissionPages } from '../domain/exports/agency-submissions.ts';
import { isPlainId } from '../contracts/ids.ts';
import { streamedDownload } from '../web/http/streamed-download.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { submissionExport } from '../composition/submission-export.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * GET /staff/{agencyId}/exports/{formId}/{version}: every submission of one form version as CSV, its columns from
 * that version's schema, its scores as stored. Written as the agency's cases are read, a page at a time, and
 * compressed as it is written (web/http/streamed-download.ts). Each case included gets an audit record of the export.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => submissionExport(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-csv-export', async (event) => {
    const { staff } = event;
    const { caseStore, formVersions } = parts();
    const { formId, version } = event.pathParameters ?? {};
    const form = isPlainId(formId) && version && VERSION_PATTERN.test(version) ? await formVersions.form(staff.agencyId, formId, version) : undefined;
    const chrome = { ...event.chrome, staff };
    const words = event.language.words('staffExports');
    if (!form || !version) return staffPageMessage(404, chrome, event.language.words('staff').t('notFound.title'), words.t('noSuchVersion'));

    async function* rows(): AsyncGenerator<SubmissionRow> {
      for await (const page of agencySubmissionPages(caseStore, staff.agencyId)) {
        const wanted = page.filter((submission) => submission.formId === form!.formId && submission.formVersion === version);
        for (const caseId of new Set(wanted.map((submission) => submission.caseId))) {
          await caseStore.recordAccess(auditOf(event, caseId, 'export-submissions', `${form!.formId}/${version}`));
        }
        // One page's answers at a time, read in parallel: a page holds at most MAX_PAGE cases' submissions.
        yield* await Promise.all(wanted.map(async (submission) => ({
          ...submission, answers: JSON.parse((await caseStore.readRaw(submission.rawKey)).toString('utf8')) as unknown,
        })));
      }
    }
    const download = await streamedDownload(submissionsCsvStream(form.schema as Record<string, unknown>, rows()), {
      'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': `attachment; filename="${csvFileName(staff.agencyId, form.formId, version)}"`,
    }, { acceptEncoding: event.headers?.['accept-encoding'] });
    if (download === 'too-large') {
      return staffPageMessage(413, chrome, words.t('tooLarge.title'), words.t('tooLarge.submissions'));
    }
    return download;
  }, { ...pageDeps });
}

export const handler = build();
