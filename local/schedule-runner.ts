import { DeleteScheduleCommand, GetScheduleCommand, ListSchedulesCommand, SchedulerClient, type GetScheduleCommandOutput } from '@aws-sdk/client-scheduler';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { zonedInstant } from '../functions/domain/cases/zoned-time.ts';
import { configVariables } from '../functions/contracts/config.ts';
import type { LocalResources } from './bootstrap.ts';

/** The document worker's review-reminder settings on the local stack. The emulator checks no role: any ARN does. */
export function reviewScheduleEnvironment(resources: LocalResources): Record<string, string> {
  return {
    [configVariables.reviewScheduleGroup]: resources.reviewScheduleGroup,
    [configVariables.reviewSchedulerRoleArn]: 'arn:aws:iam::123456789012:role/caseforms-local-review-scheduler',
    [configVariables.documentQueueArn]: resources.documentQueueArn,
    [configVariables.deadLetterQueueArn]: resources.deadLetterQueueArn,
  };
}

const ONE_TIME = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

const unlessGone = <T>(call: Promise<T>): Promise<T | undefined> =>
  call.catch((error: Error) => {
    if (error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  });

/**
 * What EventBridge Scheduler does in AWS, for the local stack (the emulator stores schedules but never fires them):
 * every few seconds, each one-time schedule of the group whose `at()` time has come, in its time zone, sends its
 * target input to its target queue and is deleted (ActionAfterCompletion DELETE). Its clock is real time plus an
 * offset that only moves forward, so a test can reach a review date months away (fireSchedulesDue).
 */
export class LocalScheduleRunner {
  private offsetMs = 0;
  private pass: Promise<number> = Promise.resolve(0);
  private timer: NodeJS.Timeout | undefined;
  private readonly scheduler = new SchedulerClient({});
  private readonly sqs = new SQSClient({});

  /** `queueUrls`: the URL of each queue a target may name, by ARN (targets name queues by ARN, SQS wants URLs). */
  constructor(private readonly groupName: string, private readonly queueUrls: Readonly<Record<string, string>>) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  start(intervalMs = 5_000): void {
    this.timer = setInterval(() => {
      this.fireDue().catch((error: unknown) => console.error('schedule runner:', (error as Error).name));
    }, intervalMs);
  }

  /** Moves the clock forward to `at` (never back) and fires every schedule due by then; resolves to how many fired. */
  fireSchedulesDue(at: Date): Promise<number> {
    this.offsetMs = Math.max(this.offsetMs, at.getTime() - Date.now());
    return this.fireDue();
  }

  /** One pass over the group. Passes never overlap, so no pass sends a schedule another is sending. */
  fireDue(): Promise<number> {
    this.pass = this.pass.catch(() => 0).then(() => this.fireOnce());
    return this.pass;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pass.catch(() => 0);
  }

  private async fireOnce(): Promise<number> {
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.scheduler.send(new ListSchedulesCommand({ GroupName: this.groupName, NextToken }));
      names.push(...(page.Schedules ?? []).map((schedule) => schedule.Name!));
      NextToken = page.NextToken ?? undefined;
    } while (NextToken);

    let fired = 0;
    for (const name of names) {
      // The list carries no target input: read each schedule whole.
      const schedule = await unlessGone(this.scheduler.send(new GetScheduleCommand({ Name: name, GroupName: this.groupName })));
      if (!schedule || !this.isDue(schedule)) continue;
      const queueUrl = this.queueUrls[schedule.Target?.Arn ?? ''];
      if (!queueUrl) {
        console.error(`schedule runner: ${name} targets no queue of this stack`);
        continue;
      }
      await this.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: schedule.Target!.Input ?? '' }));
      // A schedule moved while this one was being sent is a new schedule: it stays. (Scheduler itself may fire just
      // before an update lands; the reminder job then finds itself stale.)
      const after = await unlessGone(this.scheduler.send(new GetScheduleCommand({ Name: name, GroupName: this.groupName })));
      if (after && after.ScheduleExpression === schedule.ScheduleExpression && after.Target?.Input === schedule.Target?.Input) {
        await unlessGone(this.scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: this.groupName })));
      }
      fired += 1;
    }
    return fired;
  }

  private isDue(schedule: GetScheduleCommandOutput): boolean {
    // Only one-time schedules are made here (review reminders); a recurring one would be a bug to see, not to fire.
    const at = ONE_TIME.exec(schedule.ScheduleExpression ?? '')?.[1];
    if (!at || schedule.State === 'DISABLED') return false;
    return zonedInstant(at, schedule.ScheduleExpressionTimezone ?? 'UTC').getTime() <= this.now().getTime();
  }
}
