import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient, UpdateScheduleCommand, type CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import type { JobQueue } from '../../domain/cases/intake.ts';
import type { ReviewPorts, ReviewSchedule, ReviewScheduler } from '../../domain/cases/review-reminders.ts';
import type { Config } from '../../contracts/config.ts';
import type { StaffSubmissionStore } from '../../domain/cases/staff-submission.ts';
import type { NoteStore } from '../../domain/cases/record-note.ts';
import { perEndpoint } from './clients.ts';
import { guard } from './guard.ts';

/** The EventBridge Scheduler client, for the document worker only (see clients.ts); AWS_ENDPOINT_URL_SCHEDULER locally. */
export const schedulerClient = perEndpoint('SCHEDULER', () => new SchedulerClient({}));

export interface ReviewScheduleSettings {
  readonly groupName: string;
  /** The role Scheduler assumes to send to the queue: it may do that and nothing else (infra/review-schedules.ts). */
  readonly roleArn: string;
  readonly queueArn: string;
  /** Where Scheduler puts a reminder it could not send, with its error: the document dead-letter queue, which alarms. */
  readonly deadLetterQueueArn: string;
}

/** Review reminders as one-time EventBridge Scheduler schedules whose target is the document queue. */
export class EventBridgeReviewScheduler implements ReviewScheduler {
  constructor(private readonly settings: ReviewScheduleSettings) {}

  upsert({ name, at, timeZone, reminder }: ReviewSchedule): Promise<void> {
    const { groupName, roleArn, queueArn, deadLetterQueueArn } = this.settings;
    const input: CreateScheduleCommandInput = {
      Name: name,
      GroupName: groupName,
      ScheduleExpression: `at(${at})`,
      ScheduleExpressionTimezone: timeZone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      // A one-time schedule that has fired is of no further use; deleting it keeps the group's quota for open cases.
      ActionAfterCompletion: 'DELETE',
      // The message is the reminder job itself: ids and the date, never client data (Scheduler stores it as given).
      Target: {
        Arn: queueArn, RoleArn: roleArn, Input: JSON.stringify(reminder),
        DeadLetterConfig: { Arn: deadLetterQueueArn },
        RetryPolicy: { MaximumEventAgeInSeconds: 24 * 3600, MaximumRetryAttempts: 185 },
      },
    };
    return guard('scheduler upsert review schedule', async () => {
      try {
        await schedulerClient().send(new CreateScheduleCommand(input));
      } catch (error) {
        if ((error as Error).name !== 'ConflictException') throw error;
        // The case already has a schedule: the review date moved (or this job ran before). Update replaces it whole.
        await schedulerClient().send(new UpdateScheduleCommand(input));
      }
    });
  }

  remove(name: string): Promise<void> {
    return guard('scheduler delete review schedule', async () => {
      try {
        await schedulerClient().send(new DeleteScheduleCommand({ Name: name, GroupName: this.settings.groupName }));
      } catch (error) {
        // Already gone: it fired (ActionAfterCompletion DELETE), or an earlier attempt of this job deleted it.
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      }
    });
  }
}

/**
 * The document worker's review ports, from its configuration; undefined where review reminders are not configured
 * (then review jobs are dead-lettered with that reason). Half a configuration is a deploy mistake and fails loudly.
 */
export function reviewPortsFrom(
  config: Pick<Config, 'reviewScheduleGroup' | 'reviewSchedulerRoleArn' | 'documentQueueArn' | 'deadLetterQueueArn'>,
  cases: StaffSubmissionStore,
  queue: JobQueue,
  notes: Pick<NoteStore, 'getNote'>,
): ReviewPorts | undefined {
  const { reviewScheduleGroup: groupName, reviewSchedulerRoleArn: roleArn, documentQueueArn: queueArn, deadLetterQueueArn } = config;
  const settings = [groupName, roleArn, queueArn, deadLetterQueueArn];
  if (settings.every((value) => value === undefined)) return undefined;
  if (!groupName || !roleArn || !queueArn || !deadLetterQueueArn) {
    throw new Error('REVIEW_SCHEDULE_GROUP, REVIEW_SCHEDULER_ROLE_ARN, DOCUMENT_QUEUE_ARN and DEAD_LETTER_QUEUE_ARN must be set together');
  }
  return {
    scheduler: new EventBridgeReviewScheduler({ groupName, roleArn, queueArn, deadLetterQueueArn }),
    queue,
    staffSubmissions: cases,
    findCase: (agencyId, caseId) => cases.getCase(agencyId, caseId),
    findNote: (agencyId, caseId, noteId) => notes.getNote(agencyId, caseId, noteId),
  };
}
