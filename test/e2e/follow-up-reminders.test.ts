import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/contracts/roles.ts';
import { followUpScheduleName } from '../../functions/domain/cases/follow-up-reminders.ts';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import { zonedInstant } from '../../functions/domain/cases/zoned-time.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader, harborPackDir } from '../support/harbor-pack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { browse, postForm, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Issue 20 part 4 through the real local stack, for the demo pack and Harbor (a second pack, en+fr, another time
// zone): a note's follow-up date emails its owner on the day, and a follow-up marked done leaves the list and is
// not reminded of.
type Agency = 'demo' | 'harbor';
const packs = {
  demo: { name: 'Riverside Community Care (demo)', timeZone: 'America/Chicago', clientNames: ['Zoë', 'Núñez'], laterDays: 2 },
  harbor: { name: 'Harbor Tenant Aid', timeZone: 'America/Los_Angeles', clientNames: ['Lucie', 'Ngata'], laterDays: 3 },
} as const;

let stack: LocalStack;
const tokens = new Map<string, string>();
beforeAll(async () => { stack = await startTestStack({ formsDir: formsDirWithHarbor() }); });
afterAll(async () => { await stack?.stop(); });

const emailOf = (agencyId: Agency, role: Role, who = '') => `${role}${who}@${agencyId}.example`;
async function token(agencyId: Agency, role: Role, who = ''): Promise<string> {
  const key = `${agencyId}/${role}/${who}`;
  if (!tokens.has(key)) tokens.set(key, await staffToken(agencyId, [role], emailOf(agencyId, role, who)));
  return tokens.get(key)!;
}

const example = (agencyId: Agency, formId: string): Record<string, unknown> => (agencyId === 'demo'
  ? demoExample(formId)
  : structuredClone(JSON.parse(readFileSync(join(harborPackDir, 'forms', `${formId}.json`), 'utf8')).examples[0]));

async function api(agencyId: string, role: Role, path: string, body?: unknown, who = '', tokenAgency: Agency = agencyId as Agency) {
  const response = await fetch(`${stack.url}/agencies/${agencyId}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...bearer(await token(tokenAgency, role, who)), ...(body === undefined || body === null ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined || body === null ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}
/** A POST with no body, as marking done is sent. */
const markDone = (agencyId: string, role: Role, caseId: string, noteId: string, who = '', tokenAgency?: Agency) =>
  api(agencyId, role, `/cases/${caseId}/notes/${noteId}/follow-up-done`, null, who, tokenAgency);

/** A case taken on by a case manager (`who`): the first case manager to submit a staff form manages it. */
async function managedCase(agencyId: Agency, who: string): Promise<string> {
  const intake = await post(stack, `/agencies/${agencyId}/forms/intake/submissions`, { body: JSON.stringify(example(agencyId, 'intake')), headers: agencyId === 'harbor' ? harborApiKeyHeader : {} });
  expect(intake.status).toBe(201);
  const caseId = (intake.json as { caseId: string }).caseId;
  expect((await api(agencyId, 'case-manager', `/cases/${caseId}/forms/assessment/submissions`, example(agencyId, 'assessment'), who)).status).toBe(201);
  return caseId;
}

const today = (agencyId: Agency) => localDate(new Date(), packs[agencyId].timeZone);
/** An intake worker's note asking the case manager to follow up on `followUpOn`. */
async function noteWithFollowUp(agencyId: Agency, caseId: string, noteId: string, followUpOn: string | undefined): Promise<void> {
  const saved = await api(agencyId, 'intake-worker', `/cases/${caseId}/notes`, {
    noteId, contactType: 'phone', contactedAt: `${today(agencyId)}T00:05`, narrative: 'Called about the rent arrears. NARRATIVE-MARKER', ...(followUpOn ? { followUpOn } : {}),
  });
  expect(saved.status, JSON.stringify(saved.json)).toBe(201);
}

const mailbox = () => mailboxOf(stack);
const remindersOf = async (noteId: string) => (await mailbox()).filter((message) => message.tags['caseforms-document'] === `${noteId}-note-follow-up`);
const noteItem = async (noteId: string) => (await tableItems(stack.resources.tableName)).find((item) => item.type === 'note' && item.noteId === noteId)!;
const followUpNoteIds = async (agencyId: Agency, who: string) => {
  const mine = await api(agencyId, 'case-manager', '/follow-ups', undefined, who);
  expect(mine.status).toBe(200);
  return [...mine.json.overdue, ...mine.json.dueToday, ...mine.json.thisWeek].map((item: { noteId?: string }) => item.noteId).filter(Boolean);
};
/** The note's reminder job ran to its end, so "nothing was sent" is an answer, not a race. */
const reminderJobDone = (agencyId: Agency, caseId: string, noteId: string, who: string) => waitFor(async () => {
  const view = await api(agencyId, 'case-manager', `/cases/${caseId}`, undefined, who);
  return view.json.jobs.some((job: { documentType: string; submissionId: string; status: string }) => job.documentType === 'note-follow-up' && job.submissionId === noteId && job.status === 'done') ? view.json : undefined;
}, 60_000, 'the follow-up reminder job');

/** The schedule as the emulator holds it; undefined once it is gone. */
async function scheduleOf(agencyId: Agency, caseId: string, noteId: string) {
  try {
    return await new SchedulerClient({}).send(new GetScheduleCommand({ Name: followUpScheduleName(agencyId, caseId, noteId), GroupName: stack.resources.reviewScheduleGroup }));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

describe.each(['demo', 'harbor'] as const)('%s: follow-up reminders and marking done', (agencyId) => {
  const pack = packs[agencyId];

  it('a follow-up due today emails its owner at 09:00 on the agency\'s clock: the agency, the case reference and a link to the case page, no client name', async () => {
    const who = `-remind-${agencyId}`;
    const caseId = await managedCase(agencyId, who);
    const noteId = `remind-${agencyId}-today`;
    await noteWithFollowUp(agencyId, caseId, noteId, today(agencyId));
    // Before 09:00 there the reminder waits on its schedule; after, it was sent at once. Either way it is due by 09:00:30.
    await stack.fireSchedulesDue(new Date(Math.max(Date.now(), zonedInstant(`${today(agencyId)}T09:00:30`, pack.timeZone).getTime())));
    const [mail] = await waitFor(async () => {
      const found = await remindersOf(noteId);
      return found.length > 0 ? found : undefined;
    }, 60_000, 'the follow-up reminder');
    const reference = caseId.slice(0, 8);
    // To the case manager the follow-up is saved for, not the intake worker who wrote the note.
    expect(mail!.to).toEqual([emailOf(agencyId, 'case-manager', who)]);
    expect(mail!.subject).toBe(`Follow-up due · case ${reference}`);
    expect(mail!.text).toContain(`A follow-up is due on case ${reference}`);
    expect(mail!.text).toContain(pack.name);
    expect(mail!.text).toContain(`${stack.url}/staff/${agencyId}/cases/${caseId}`);
    const everything = `${mail!.subject}\n${mail!.text}\n${JSON.stringify(mail)}`;
    for (const name of pack.clientNames) expect(everything).not.toContain(name);
    expect(everything).not.toContain('NARRATIVE-MARKER');

    // The case shows it as a delivery, once, however often the job ran.
    const view = await reminderJobDone(agencyId, caseId, noteId, who);
    expect(view.deliveries.filter((delivery: { documentId: string }) => delivery.documentId === `${noteId}-note-follow-up`))
      .toEqual([expect.objectContaining({ recipient: 'case-manager', status: expect.stringMatching(/^(sent|delivered)$/) })]);
    expect(await remindersOf(noteId)).toHaveLength(1);
  });

  it('marking done takes the follow-up off the list and the API, keeps the note as saved, is audited, and its reminder is never sent', async () => {
    const who = `-done-${agencyId}`;
    const caseId = await managedCase(agencyId, who);
    const noteId = `done-${agencyId}-later`;
    const due = addDays(today(agencyId), pack.laterDays);
    await noteWithFollowUp(agencyId, caseId, noteId, due);
    // Its reminder is scheduled for 09:00 that day, in the agency's time zone.
    const schedule = await waitFor(() => scheduleOf(agencyId, caseId, noteId), 45_000, 'the follow-up schedule');
    expect(schedule.ScheduleExpression).toBe(`at(${due}T09:00:00)`);
    expect(schedule.ScheduleExpressionTimezone).toBe(pack.timeZone);
    expect(await followUpNoteIds(agencyId, who)).toContain(noteId);
    const before = await noteItem(noteId);

    const done = await markDone(agencyId, 'case-manager', caseId, noteId, who);
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json).toMatchObject({ noteId, alreadyDone: false, followUpDoneAt: expect.any(String), followUpDoneBy: expect.any(String) });
    expect(await followUpNoteIds(agencyId, who)).not.toContain(noteId);
    // The note reads as saved; done is recorded beside it and the index's sort key is gone.
    const after = await noteItem(noteId);
    expect(after).toMatchObject({ narrative: before.narrative, followUpOn: due, contactedAt: before.contactedAt, recordedAt: before.recordedAt, followUpDoneAt: done.json.followUpDoneAt });
    expect(after).not.toHaveProperty('followUpDue');
    const again = await markDone(agencyId, 'supervisor', caseId, noteId);
    expect(again.json).toMatchObject({ alreadyDone: true, followUpDoneAt: done.json.followUpDoneAt });
    const audit = await api(agencyId, 'supervisor', `/cases/${caseId}/audit`);
    const marks = audit.json.records.filter((record: { action: string }) => record.action === 'follow-up-done');
    expect(marks).toEqual([expect.objectContaining({ target: noteId })]);

    // The day comes: the schedule fires, the job finds the follow-up done and sends nothing.
    await stack.fireSchedulesDue(zonedInstant(`${due}T09:01:00`, pack.timeZone));
    await reminderJobDone(agencyId, caseId, noteId, who);
    expect(await remindersOf(noteId)).toEqual([]);
  });

  it('My follow-ups marks a note\'s follow-up done with a plain form post; another site\'s page cannot', async () => {
    const who = `-page-${agencyId}`;
    const caseId = await managedCase(agencyId, who);
    const noteId = `page-${agencyId}-later`;
    await noteWithFollowUp(agencyId, caseId, noteId, addDays(today(agencyId), 1));
    const { jar } = await signIn(stack, 'case-manager', { agencyId, email: emailOf(agencyId, 'case-manager', who) });
    const action = `/staff/${agencyId}/cases/${caseId}/notes/${noteId}/follow-up-done`;
    const page = await (await browse(stack, jar, `/staff/${agencyId}/follow-ups`)).text();
    expect(page).toContain(`action="${action}"`);

    const crossSite = await postForm(stack, jar, action, {}, 'https://evil.example');
    expect(crossSite.status).toBe(403);
    expect(await noteItem(noteId)).not.toHaveProperty('followUpDoneAt');

    const posted = await postForm(stack, jar, action, {});
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/staff/${agencyId}/follow-ups?followUp=done`);
    const shown = await (await browse(stack, jar, posted.headers.get('location')!)).text();
    expect(shown).toContain('Follow-up marked done.');
    expect(shown).not.toContain(`#note-${noteId}`);
    expect(await noteItem(noteId)).toMatchObject({ followUpDoneAt: expect.any(String) });
    expect(await followUpNoteIds(agencyId, who)).not.toContain(noteId);
  });

  it('refuses another agency (404), a role that writes no notes (403), an unknown note (404) and a note without a follow-up (409)', async () => {
    const who = `-refuse-${agencyId}`;
    const caseId = await managedCase(agencyId, who);
    const noteId = `refuse-${agencyId}-1`;
    await noteWithFollowUp(agencyId, caseId, noteId, addDays(today(agencyId), 1));
    const other: Agency = agencyId === 'demo' ? 'harbor' : 'demo';
    // Another agency's case manager, on this agency's path and on their own.
    expect((await markDone(agencyId, 'case-manager', caseId, noteId, who, other)).status).toBe(404);
    expect((await markDone(other, 'case-manager', caseId, noteId, who)).status).toBe(404);
    const admin = await markDone(agencyId, 'agency-admin', caseId, noteId);
    expect(admin.status).toBe(403);
    const unknown = await markDone(agencyId, 'case-manager', caseId, 'no-such-note', who);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ type: 'urn:caseforms:problem:not-found' });
    await noteWithFollowUp(agencyId, caseId, `plain-${agencyId}-1`, undefined);
    const plain = await markDone(agencyId, 'case-manager', caseId, `plain-${agencyId}-1`, who);
    expect(plain.status).toBe(409);
    expect(plain.json.detail).toBe('This note has no follow-up date, so there is nothing to mark done.');
    // None of it marked anything.
    expect(await noteItem(noteId)).not.toHaveProperty('followUpDoneAt');
    expect(await followUpNoteIds(agencyId, who)).toContain(noteId);
  });
});
