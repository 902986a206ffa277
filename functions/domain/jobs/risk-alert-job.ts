import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { RISK_ALERT } from '../delivery/routing.ts';
import { flagTitle, packLabels } from '../forms/pack-labels.ts';
import { answersOnce, caseContextFor } from './case-context.ts';
import { wireJob, type RiskAlertJob } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { completeJob, deliverNotice } from './job-steps.ts';
import { jobSubmission } from './job-submission.ts';

/** Tells the supervisor and case manager which flags were raised, at once and without any document or client data. */
export async function runRiskAlert(context: JobContext, job: RiskAlertJob): Promise<readonly DeliveryOutcome[]> {
  const { ports, catalog } = context;
  const wire = wireJob(job);
  const { agency, submission } = await jobSubmission(context, wire);
  const caseContext = await caseContextFor(context, wire, answersOnce(ports));
  const flags = (submission.flags ?? []).filter((flag) => flag.alertSupervisor);
  const outcomes = await deliverNotice(context, agency, job, {
    event: RISK_ALERT, documentId: `${job.submissionId}-${RISK_ALERT}`, facts: caseContext.facts, replyTo: caseContext.caseManagerEmail, clientAddress: caseContext.clientAddress,
    content: async (to) => {
      const words = packLabels((one) => catalog.translations(agency.id, one), to.locale)(submission.formId);
      return { kind: 'alert', flags: flags.map((flag) => flagTitle(words, flag.id, flag.title)) };
    },
  });
  await ports.markAlerted(wire, context.now());
  await completeJob(context, job);
  return outcomes;
}
