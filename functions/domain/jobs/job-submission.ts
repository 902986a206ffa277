import type { DocumentJob } from '../cases/document-job.ts';
import type { Agency } from '../forms/agency.ts';
import type { Form } from '../forms/catalog.ts';
import type { JobContext, SubmissionRecord } from './job-ports.ts';
import { PermanentJobError } from './permanent-job-error.ts';

/**
 * The agency, submission and form a submission's job works from: the form as it was when the submission was
 * accepted, even if the agency has changed it since. Any of them gone, the job can never succeed.
 */
export async function jobSubmission({ ports, catalog, formVersions }: JobContext, job: DocumentJob): Promise<{
  readonly agency: Agency; readonly submission: SubmissionRecord; readonly form: Form;
}> {
  const agency = catalog.agency(job.agencyId);
  const submission = await ports.findSubmission(job);
  if (!agency || !submission) throw new PermanentJobError(`no agency or submission for job ${job.submissionId}`);
  const form = await formVersions.form(job.agencyId, submission.formId, submission.formVersion);
  if (!form) throw new PermanentJobError(`form ${submission.formId} version ${submission.formVersion} of agency ${job.agencyId} is not published`);
  return { agency, submission, form };
}
