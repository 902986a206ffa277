import { Stack, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { configVariables } from '../functions/contracts/config.ts';

export interface ReviewSchedulesProps {
  readonly key: kms.IKey;
  /** The document queue: each schedule sends its reminder job there. */
  readonly queue: sqs.IQueue;
  /** Where Scheduler puts a reminder it could not send (the document queue's, which alarms and `npm run redrive` drains). */
  readonly deadLetterQueue: sqs.IQueue;
  /** Deleting the group deletes every schedule in it: prod keeps it. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Review reminders (functions/domain/cases/review-reminders.ts): the EventBridge Scheduler group the document worker keeps
 * one schedule per case in, and the role Scheduler assumes to put a reminder on the document queue. The schedules
 * themselves are made at run time, not here: they follow the cases. Notes' follow-up reminders
 * (functions/domain/cases/follow-up-reminders.ts) keep one schedule per note in the same group, with the same role.
 */
export class ReviewSchedules extends Construct {
  readonly group: scheduler.ScheduleGroup;
  /** Assumed by Scheduler alone, for this group's schedules alone; it can send to the two queues and nothing else. */
  readonly role: iam.Role;
  /** The document worker's settings for review reminders (functions/adapters/aws/review-scheduler.ts). */
  readonly environment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, { key, queue, deadLetterQueue, removalPolicy }: ReviewSchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy });
    this.role = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler sends caseforms review reminders to the document queue',
      // Confused-deputy guard: only Scheduler acting for this account's review group may assume it.
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.group.scheduleGroupArn } },
      }),
    });
    // A managed policy of the stack's own rather than an inline one (HIPAA.Security-IAMNoInlinePolicy). Both queues
    // are encrypted with the stack key: sending needs a data key (GenerateDataKey) and Decrypt to use it.
    new iam.ManagedPolicy(this, 'SendReminders', {
      description: 'Send review reminder jobs to the document queue, or its dead-letter queue when that fails',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn, deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
      ],
    });
    this.environment = {
      [configVariables.reviewScheduleGroup]: this.group.scheduleGroupName,
      [configVariables.reviewSchedulerRoleArn]: this.role.roleArn,
      [configVariables.documentQueueArn]: queue.queueArn,
      [configVariables.deadLetterQueueArn]: deadLetterQueue.queueArn,
    };
  }

  /** Schedules of this group, as an IAM resource: the worker may touch no other. */
  get scheduleArns(): string {
    return Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.group.scheduleGroupName}/*` });
  }

  /**
   * The worker upserts and deletes the group's schedules and hands them the role, which it may pass to Scheduler only.
   * It never lists schedules: it knows each case's schedule by name.
   */
  grantScheduling(worker: lambda.Function): void {
    worker.addToRolePolicy(new iam.PolicyStatement({
      actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
      resources: [this.scheduleArns],
    }));
    worker.addToRolePolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [this.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }));
    for (const [name, value] of Object.entries(this.environment)) worker.addEnvironment(name, value);
  }
}
