import type { Form } from '../forms/catalog.ts';
import { withoutInapplicable } from '../forms/conditions.ts';
import { identityOf, type ClientIdentity } from '../forms/identity.ts';
import type { CaseView } from './case-view.ts';
import { rawSubmissionKey } from './intake.ts';
import { logger } from '../../observability/logger.ts';

/** What reading a case's answers needs: the raw bodies, and each submission's form as it was accepted. */
export interface AnswerSources {
  readRaw(key: string): Promise<Buffer>;
  form(agencyId: string, formId: string, version: string): Promise<Form | undefined>;
}

/** One submission with its answers and the form version they were accepted against (either may be missing). */
export interface SubmissionAnswers {
  readonly submission: Readonly<Record<string, unknown>>;
  readonly form: Form | undefined;
  /** The stored answers, without those to sections that did not apply; undefined when they could not be read. */
  readonly answers: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Every submission of a case with its answers, oldest first, for the case page to show readably. Each body is read
 * from where its submission was stored; one that cannot be read (or whose form version is gone) is shown as such
 * rather than taking the whole page down. Answers to sections that did not apply are left out, as they are from
 * what the service stores today (submissions stored before that rule may still hold some).
 */
export async function submissionAnswers(sources: AnswerSources, view: Pick<CaseView, 'case' | 'submissions'>): Promise<SubmissionAnswers[]> {
  const { agencyId, caseId } = view.case;
  const oldestFirst = [...view.submissions].sort((a, b) => String(a.receivedAt).localeCompare(String(b.receivedAt)));
  return Promise.all(oldestFirst.map(async (submission) => {
    const [form, body] = await Promise.all([
      sources.form(agencyId, String(submission.formId), String(submission.formVersion)).catch(() => undefined),
      sources.readRaw(rawSubmissionKey(agencyId, caseId, String(submission.submissionId))).then((raw) => JSON.parse(raw.toString('utf8')) as unknown).catch(() => undefined),
    ]);
    const data = isObject(body) ? body : undefined;
    // Ids only: what could not be read is for operations to find, never its content.
    if (!data || !form) logger.warn('submission answers not shown', { agencyId, caseId, submissionId: String(submission.submissionId), formId: String(submission.formId), missing: !data ? 'answers' : 'form version' });
    const answers = data && form ? withoutInapplicable(form.schema, data).answers : data;
    return { submission, form, answers: isObject(answers) ? answers : undefined };
  }));
}

/**
 * Who the case is about: the facts recorded on the case, or, for a case opened before identity was recorded, those
 * its first client-sent submission answers by its form's `x-caseforms.identity`.
 */
export function caseIdentity(view: Pick<CaseView, 'case'>, submissions: readonly SubmissionAnswers[]): ClientIdentity | undefined {
  if (view.case.identity) return view.case.identity;
  const intake = submissions.find((entry) => entry.submission.channel === 'public' && entry.form?.identity && entry.answers);
  return intake ? identityOf(intake.form?.identity, intake.answers) : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
