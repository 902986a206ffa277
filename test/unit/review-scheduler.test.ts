import type { StaffSubmissionStore } from '../../functions/domain/cases/staff-submission.ts';
import {
  ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient, UpdateScheduleCommand, ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeReviewScheduler, reviewPortsFrom } from '../../functions/adapters/aws/review-scheduler.ts';
import { REVIEW_REMINDER_JOB, type ReviewSchedule } from '../../functions/domain/cases/review-reminders.ts';
import { StorageError } from '../../functions/domain/cases/storage-error.ts';

const scheduler = mockClient(SchedulerClient);
beforeEach(() => scheduler.reset());

const settings = {
  groupName: 'caseforms-prod-reviews',
  roleArn: 'arn:aws:iam::123456789012:role/review-scheduler',
  queueArn: 'arn:aws:sqs:us-east-1:123456789012:documents',
  deadLetterQueueArn: 'arn:aws:sqs:us-east-1:123456789012:documents-dlq',
};
const reminder = { documentType: REVIEW_REMINDER_JOB, agencyId: 'demo', caseId: 'c-1', submissionId: 'plan-1', reviewDueAt: '2027-01-15' };
const schedule: ReviewSchedule = { name: 'review-demo-c-1', at: '2027-01-15T09:00:00', timeZone: 'America/Chicago', reminder };
const meta = { $metadata: {}, message: 'x', Message: 'x' };

describe('upserting a review schedule', () => {
  it('creates a one-time schedule in the group that sends the reminder job to the document queue', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await new EventBridgeReviewScheduler(settings).upsert(schedule);
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input).toEqual({
      Name: 'review-demo-c-1', GroupName: settings.groupName,
      ScheduleExpression: 'at(2027-01-15T09:00:00)', ScheduleExpressionTimezone: 'America/Chicago',
      FlexibleTimeWindow: { Mode: 'OFF' }, ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: settings.queueArn, RoleArn: settings.roleArn, Input: JSON.stringify(reminder),
        DeadLetterConfig: { Arn: settings.deadLetterQueueArn }, RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      },
    });
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('updates the case\'s existing schedule when Create finds one (Conflict → Update, the whole definition)', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException(meta));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await new EventBridgeReviewScheduler(settings).upsert(schedule);
    const create = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]!.args[0].input).toEqual(create);
  });

  it('reports any other refusal as a storage error naming the step, so the job is retried', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ValidationException(meta));
    const failure = await new EventBridgeReviewScheduler(settings).upsert(schedule).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).step).toBe('scheduler upsert review schedule');
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('fails when the update fails too (the schedule fired and went between the two calls): the retry creates it', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException(meta));
    scheduler.on(UpdateScheduleCommand).rejects(new ResourceNotFoundException(meta));
    await expect(new EventBridgeReviewScheduler(settings).upsert(schedule)).rejects.toBeInstanceOf(StorageError);
  });
});

describe('removing a review schedule', () => {
  it('deletes it by name in the group', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});
    await new EventBridgeReviewScheduler(settings).remove('review-demo-c-1');
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({ Name: 'review-demo-c-1', GroupName: settings.groupName });
  });

  it('is done when the schedule is already gone (it fired, or a retry deleted it before)', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException(meta));
    await expect(new EventBridgeReviewScheduler(settings).remove('review-demo-c-1')).resolves.toBeUndefined();
  });

  it('fails on anything else', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ValidationException(meta));
    await expect(new EventBridgeReviewScheduler(settings).remove('review-demo-c-1')).rejects.toBeInstanceOf(StorageError);
  });
});

describe('the worker\'s review configuration', () => {
  const cases: StaffSubmissionStore = {
    getCase: async () => undefined, findReceipt: async () => undefined, putRawSubmission: async () => undefined, discardRawSubmission: async () => undefined,
    commitStaffSubmission: async () => 'committed', clientNoticeDeliveries: async () => [],
  };
  const queue = { enqueue: async () => undefined };
  const notes = { getNote: async () => undefined };
  const full = { reviewScheduleGroup: 'g', reviewSchedulerRoleArn: 'r', documentQueueArn: 'q', deadLetterQueueArn: 'd' };

  it('is off when none of it is set, and complete when all of it is', () => {
    expect(reviewPortsFrom({ reviewScheduleGroup: undefined, reviewSchedulerRoleArn: undefined, documentQueueArn: undefined, deadLetterQueueArn: undefined }, cases, queue, notes)).toBeUndefined();
    expect(reviewPortsFrom(full, cases, queue, notes)?.scheduler).toBeInstanceOf(EventBridgeReviewScheduler);
  });

  it('refuses half a configuration, naming the variables', () => {
    expect(() => reviewPortsFrom({ ...full, reviewSchedulerRoleArn: undefined }, cases, queue, notes)).toThrow(/REVIEW_SCHEDULER_ROLE_ARN/);
  });
});
