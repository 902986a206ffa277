import type { DocumentJob } from '../cases/document-job.ts';
import { isVerifiedAddress, type ClientAddressRecord } from '../cases/client-address.ts';
import type { CaseFacts, ClientContact } from '../delivery/routing.ts';
import type { CaseContext } from '../documents/document-view.ts';
import type { Form } from '../forms/catalog.ts';
import { emailIsSafe, fullName, identityOf } from '../forms/identity.ts';
import { declaredScoring } from '../outcomes/declared-scoring.ts';
import { scoreTrends } from '../outcomes/score-trends.ts';
import type { CaseSubmission, JobContext, JobPorts } from './job-ports.ts';

/** A submission's raw answers by their key. */
export type AnswersReader = (rawKey: string) => Promise<Record<string, unknown>>;

/**
 * One job's reader of raw answers: the intake or the latest assessment is often the job's own submission too, and
 * each body is fetched from storage once per job, whichever step asks first.
 */
export function answersOnce(ports: Pick<JobPorts, 'readBlob'>): AnswersReader {
  const read = new Map<string, Promise<Record<string, unknown>>>();
  return (rawKey) => {
    let answers = read.get(rawKey);
    if (!answers) {
      answers = ports.readBlob(rawKey).then((body) => JSON.parse(body.toString('utf8')) as Record<string, unknown>);
      read.set(rawKey, answers);
    }
    return answers;
  };
}

export type JobCaseContext = CaseContext & {
  readonly facts: CaseFacts;
  /** The case manager's id: a link to them records it. */
  readonly caseManager?: string;
  /** What the case knows of the client's address (client-address.ts). */
  readonly clientAddress: ClientAddressRecord | undefined;
};

/**
 * What a job may say about the rest of the case: the client's name (from the intake, where its form's
 * `x-caseforms.identity` points), the case manager, the latest assessment's answers, and every score so far, also
 * as one trend per instrument.
 */
export async function caseContextFor({ ports, formVersions }: JobContext, job: DocumentJob, answers: AnswersReader): Promise<JobCaseContext> {
  const { submissions, caseManager, caseManagerEmail, consentedProviders, clientAddress } = await ports.caseContext(job);
  const formOf = (submission: CaseSubmission) => formVersions.form(job.agencyId, submission.formId, submission.formVersion);
  const intake = submissions.find((submission) => submission.channel === 'public');
  const intakeForm = intake && (await formOf(intake));
  let clientName: string | undefined;
  let client: ClientContact | undefined;
  if (intake && intakeForm?.identity) {
    const intakeAnswers = await answers(intake.rawKey);
    const identity = identityOf(intakeForm.identity, intakeAnswers);
    clientName = fullName(identity);
    const email = identity?.email;
    client = {
      email, emailIsSafe: emailIsSafe(intakeForm.identity, intakeAnswers), language: identity?.language,
      addressVerified: email !== undefined && isVerifiedAddress(clientAddress, email),
    };
  }
  const clientLanguage = client?.language;
  const latestAssessment = submissions.filter((submission) => submission.transition?.to === 'assessed').at(-1);
  const assessmentForm = latestAssessment && (await formOf(latestAssessment));
  const scores = [];
  // The latest version of each form the case has used: its scoring sets the scale of that instrument's trend.
  const latestForms = new Map<string, Form>();
  for (const submission of submissions) {
    const form = await formOf(submission);
    if (form) latestForms.set(submission.formId, form);
    for (const score of submission.scores ?? []) scores.push({ ...score, formId: submission.formId, instrument: form?.title ?? submission.formId, on: submission.receivedAt.slice(0, 10) });
  }
  return {
    facts: { client, caseManagerEmail, consentedProviders },
    ...(caseManager !== undefined ? { caseManager } : {}),
    clientAddress,
    clientName,
    clientLanguage,
    caseManagerEmail,
    assessment: latestAssessment && assessmentForm
      ? { formId: latestAssessment.formId, title: assessmentForm.title, on: latestAssessment.receivedAt.slice(0, 10), schema: assessmentForm.schema, answers: await answers(latestAssessment.rawKey) }
      : undefined,
    scores,
    trends: scoreTrends(submissions, (formId) => declaredScoring(latestForms.get(formId))),
  };
}
