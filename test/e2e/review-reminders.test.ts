import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetScheduleCommand, SchedulerClient, type GetScheduleCommandOutput } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import { reviewScheduleName } from '../../functions/domain/cases/review-reminders.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { readCase, submitStaffForm } from '../support/staff-api.ts';
import { staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: LocalStack;
let manager: string;
const managerAddress = 'ana.reviews@demo.example';
beforeAll(async () => {
  // The demo's care plans signed by no one here: each signature would have its own reminder schedule in the same group,
  // due days from now, and fire with these review dates years ahead (docs/signatures.md "Reminders and new links").
  const formsDir = formsDirWithHarbor();
  const demoFile = join(formsDir, 'demo', 'agency.json');
  const { signatures: _, ...demo } = JSON.parse(readFileSync(demoFile, 'utf8'));
  writeFileSync(demoFile, JSON.stringify(demo, null, 2));
  stack = await startTestStack({ formsDir });
  manager = await staffToken('demo', ['case-manager'], managerAddress);
});
afterAll(async () => { await stack?.stop(); });

// Review dates two years ahead, so none is due by the real clock: only fireSchedulesDue reaches them. The local
// scheduler's clock only moves forward, so the tests below use later dates one after the other.
const year = new Date().getUTCFullYear() + 2;
const day = (monthDay: string) => `${year}-${monthDay}`;

async function submit(caseId: string, formId: string, body: Record<string, unknown> = demoExample(formId)) {
  const { status, json } = await submitStaffForm(stack, manager, 'demo', caseId, formId, body);
  expect(status, `${formId}: ${JSON.stringify(json)}`).toBe(201);
  return json;
}

const getCase = (caseId: string) => readCase(stack, manager, 'demo', caseId);

/** A case taken through intake and assessment to a care plan whose review is due on `reviewDate`. */
async function plannedCase(reviewDate: string): Promise<{ caseId: string; planId: string }> {
  const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()) })).json as { caseId: string }).caseId;
  await submit(caseId, 'assessment');
  const plan = await submit(caseId, 'care-plan', { ...demoExample('care-plan'), reviewDate });
  return { caseId, planId: plan.id as string };
}

const scheduler = () => new SchedulerClient({});

/** The case's schedule as the emulator holds it, read through the Scheduler SDK; undefined once it is gone. */
async function scheduleOf(caseId: string): Promise<GetScheduleCommandOutput | undefined> {
  try {
    return await scheduler().send(new GetScheduleCommand({ Name: reviewScheduleName('demo', caseId), GroupName: stack.resources.reviewScheduleGroup }));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

const scheduleAt = (caseId: string, reviewDate: string) => waitFor(async () => {
  const schedule = await scheduleOf(caseId);
  return schedule?.ScheduleExpression === `at(${reviewDate}T09:00:00)` ? schedule : undefined;
}, 45_000, `the review schedule at ${reviewDate}`);

const scheduleGone = (caseId: string) => waitFor(async () => ((await scheduleOf(caseId)) ? undefined : true), 45_000, 'the schedule to be deleted');

const mailbox = () => mailboxOf(stack);
const subjectFor = (caseId: string) => `Care plan review due · case ${caseId.slice(0, 8)}`;
const remindersFor = async (caseId: string) => (await mailbox()).filter((message) => message.subject === subjectFor(caseId));

/** Every review job of the case done, so "nothing was sent" is an answer, not a race. */
const settled = (caseId: string) => waitFor(async () => {
  const view = await getCase(caseId);
  const reviewJobs = view.jobs.filter((job: { documentType: string }) => ['schedule-review', 'review-reminder'].includes(job.documentType));
  return reviewJobs.length > 0 && reviewJobs.every((job: { status: string }) => job.status === 'done') ? view : undefined;
}, 60_000, 'the case\'s review jobs to finish');

describe('a care plan\'s review date', () => {
  it('schedules a reminder at 09:00 on the agency\'s clock that emails the case manager once, and shows on the case', async () => {
    const reviewDate = day('01-15');
    const { caseId, planId } = await plannedCase(reviewDate);

    const schedule = await scheduleAt(caseId, reviewDate);
    expect(schedule).toMatchObject({
      ScheduleExpressionTimezone: 'America/Chicago',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: stack.resources.documentQueueArn, DeadLetterConfig: { Arn: stack.resources.deadLetterQueueArn } },
    });
    expect(JSON.parse(schedule.Target!.Input!)).toEqual({ documentType: 'review-reminder', agencyId: 'demo', caseId, submissionId: planId, reviewDueAt: reviewDate });

    // 09:00 in Chicago in January is 15:00 UTC: a second before, nothing is due.
    expect(await stack.fireSchedulesDue(new Date(`${reviewDate}T14:59:59Z`))).toBe(0);
    expect(await stack.fireSchedulesDue(new Date(`${reviewDate}T15:00:00Z`))).toBe(1);

    const [reminder] = await waitFor(async () => {
      const found = await remindersFor(caseId);
      return found.length > 0 ? found : undefined;
    }, 45_000, 'the reminder email');
    expect(reminder!.to).toEqual([managerAddress]);
    expect(reminder!.text).toContain(`is due on January 15, ${year}`);
    expect(reminder!.text).toContain(`Case reference: ${caseId.slice(0, 8)}`);
    expect(reminder!.attachments).toEqual([]);
    const intake = demoExample();
    for (const personal of [intake.givenName, intake.familyName]) expect(`${reminder!.subject} ${reminder!.text}`).not.toContain(String(personal));

    expect(await scheduleOf(caseId)).toBeUndefined();
    const view = await settled(caseId);
    expect(view.deliveries).toContainEqual(expect.objectContaining({ documentId: `${planId}-review-reminder`, recipient: 'case-manager', status: 'sent' }));
    expect(view.jobs).toContainEqual(expect.objectContaining({ documentType: 'review-reminder', submissionId: planId, status: 'done' }));
    expect(view.jobs).toContainEqual(expect.objectContaining({ documentType: 'schedule-review', reviewDueAt: reviewDate, status: 'done' }));

    expect(await stack.fireSchedulesDue(new Date(`${reviewDate}T18:00:00Z`))).toBe(0);
    expect(await remindersFor(caseId)).toHaveLength(1);
  });

  it('moves the schedule when a revised care plan changes the date: the old date sends nothing', async () => {
    const first = day('02-10');
    const revised = day('03-10');
    const { caseId } = await plannedCase(first);
    await scheduleAt(caseId, first);
    await submit(caseId, 'service-start');
    await submit(caseId, 'review');
    const revision = await submit(caseId, 'care-plan', { ...demoExample('care-plan'), reviewDate: revised });

    const moved = await scheduleAt(caseId, revised);
    expect(JSON.parse(moved.Target!.Input!)).toMatchObject({ submissionId: revision.id, reviewDueAt: revised });
    await settled(caseId);

    expect(await stack.fireSchedulesDue(new Date(`${first}T23:00:00Z`))).toBe(0);
    expect(await stack.fireSchedulesDue(new Date(`${revised}T23:00:00Z`))).toBe(1);
    const reminders = await waitFor(async () => {
      const found = await remindersFor(caseId);
      return found.length > 0 ? found : undefined;
    }, 45_000, 'the reminder for the revised date');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain(`is due on March 10, ${year}`);
  });

  it('is cancelled when the case is discharged or terminated: the schedule is deleted and nothing fires', async () => {
    const closedDate = day('04-10');
    const closed = await plannedCase(closedDate);
    await scheduleAt(closed.caseId, closedDate);
    await submit(closed.caseId, 'discharge');
    await scheduleGone(closed.caseId);

    const terminatedDate = day('05-10');
    const terminated = await plannedCase(terminatedDate);
    await scheduleAt(terminated.caseId, terminatedDate);
    await submit(terminated.caseId, 'service-start');
    const effectiveDate = addDays(localDate(new Date(), 'America/Chicago'), 30);
    await submit(terminated.caseId, 'termination', { ...demoExample('termination'), effectiveDate });
    // A pending termination ends reviews: the schedule goes with the review date.
    await scheduleGone(terminated.caseId);

    await settled(closed.caseId);
    await settled(terminated.caseId);
    expect(await stack.fireSchedulesDue(new Date(`${terminatedDate}T23:00:00Z`))).toBe(0);
    expect(await remindersFor(closed.caseId)).toEqual([]);
    expect(await remindersFor(terminated.caseId)).toEqual([]);
  });
});
