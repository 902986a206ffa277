import { VERSION_PATTERN } from '../domain/forms/form-versions.ts';
import { CSV_CONTENT_TYPE, csvFileName, submissionsCsv } from '../domain/exports/submissions-csv.ts';
import { agencySubmissions } from '../domain/exports/agency-submissions.ts';
import { isPlainId } from '../contracts/ids.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { S3FormVersionStore } from '../adapters/aws/s3-form-versions.ts';
import { FormVersions } from '../domain/forms/form-versions.ts';

/**
 * GET /staff/{agencyId}/exports/{formId}/{version}: every submission of one form version as CSV, its columns from
 * that version's schema. Each case included gets an audit record of the export.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return { catalog, caseStore: new DynamoCaseStore(config.tableName, blobs), formVersions: new FormVersions(catalog, new S3FormVersionStore(config.bucketName, blobs)) };
  });
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffPageHandler('staff-csv-export', async (event) => {
    const { staff } = event;
    const { caseStore, formVersions } = parts();
    const { formId, version } = event.pathParameters ?? {};
    const form = isPlainId(formId) && version && VERSION_PATTERN.test(version) ? await formVersions.form(staff.agencyId, formId, version) : undefined;
    if (!form || !version) return staffPageMessage(404, { agencyName: event.agencyName, brandColor: event.brandColor, staff }, 'Not found', 'There is no such form version.');
    const submissions = (await agencySubmissions(caseStore, staff.agencyId)).filter((submission) => submission.formId === form.formId && submission.formVersion === version);
    const rows = await Promise.all(submissions.map(async (submission) => ({
      ...submission, answers: JSON.parse((await caseStore.readRaw(submission.rawKey)).toString('utf8')) as unknown,
    })));
    for (const caseId of new Set(rows.map((row) => row.caseId))) {
      await caseStore.recordAccess(auditOf(event, caseId, 'export-submissions', `${form.formId}/${version}`));
    }
    return {
      statusCode: 200,
      headers: { 'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': `attachment; filename="${csvFileName(staff.agencyId, form.formId, version)}"`, 'Cache-Control': 'no-store' },
      body: submissionsCsv(form.schema as Record<string, unknown>, rows),
    };
  }, { agencies, sessions });
}

export const handler = build();
