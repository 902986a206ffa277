import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketKeys, itemsOfType, tableItems } from '../../local/aws-readback.ts';
import type { MailboxMessage } from '../../local/mailbox.ts';
import type { SavedState } from '../../local/saved-state.ts';
import type { LocalStack } from '../../local/stack.ts';
import { StateFiles } from '../../local/state-files.ts';
import { formsDirWithHarbor, harborPackDir } from '../support/harbor-pack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { openCase } from '../support/open-case.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// `npm start`'s persistence, as a developer meets it: each stack here runs its own moto_server (not the run's shared
// emulator), so stopping it really loses the emulator's memory, and the next one starts on the same state folder.
const stateDir = mkdtempSync(join(tmpdir(), 'caseforms-state-'));
const formsDir = formsDirWithHarbor();
const resourcePrefix = `persist-${randomBytes(4).toString('hex')}`;
let stack: LocalStack | undefined;

const start = (options: { fresh?: boolean; documentWorker?: boolean } = {}) =>
  startTestStack({ emulatorEndpoint: undefined, resourcePrefix, formsDir, stateDir, saveIntervalMs: 300, ...options }).then((started) => (stack = started));
// Each test starts two emulators and a browser: more than the default minute on a busy machine.
const TWO_STACKS_MS = 150_000;
const stop = async () => {
  await stack?.stop();
  stack = undefined;
};
afterEach(stop);

const harborIntake = () => structuredClone(JSON.parse(readFileSync(join(harborPackDir, 'forms', 'intake.json'), 'utf8')).examples[0]) as Record<string, unknown>;
const mailOf = (running: LocalStack, caseId: string) =>
  waitFor(async () => (await mailboxOf(running)).find((message) => message.tags['caseforms-case'] === caseId), 60_000, `the email of case ${caseId}`);
const documentOf = (running: LocalStack, caseId: string) =>
  waitFor(async () => itemsOfType(await tableItems(running.resources.tableName), 'document').find((item) => item.caseId === caseId), 30_000, `the document of case ${caseId}`);
const caseThroughApi = async (running: LocalStack, agencyId: string, caseId: string) => {
  const response = await fetch(`${running.url}/agencies/${agencyId}/cases/${caseId}`, { headers: bearer(await staffToken(agencyId, ['supervisor'])) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const objectBytes = async (running: LocalStack, key: string) =>
  Buffer.from(await (await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: running.resources.bucketName, Key: key }))).Body!.transformToByteArray());
const attachmentBytes = async (running: LocalStack, message: MailboxMessage) =>
  Buffer.from(await (await fetch(`${running.url}${message.attachments[0]!.url}`)).arrayBuffer());

describe('local data survives a restart of the stack', () => {
  let harborCaseId: string;
  let harborCase: Record<string, unknown>;
  let pdfKey: string;
  let pdf: Buffer;
  let mailId: string;

  it('keeps a Harbor case, its submission and PDF in S3, its email and the form versions', async () => {
    const first = await start({ fresh: true });
    expect(first.persistence).toEqual({ stateDir, restored: undefined });
    expect(first.deployedPacks.get('harbor')).toBe('live');
    harborCaseId = await openCase(first, 'harbor', harborIntake());
    const mail = await mailOf(first, harborCaseId);
    mailId = mail.id;
    const document = await documentOf(first, harborCaseId);
    pdfKey = document.key as string;
    pdf = await objectBytes(first, pdfKey);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const read = await caseThroughApi(first, 'harbor', harborCaseId);
    expect(read.status).toBe(200);
    harborCase = read.body;
    const keysBefore = (await bucketKeys(first.resources.bucketName)).sort();
    const submission = itemsOfType(await tableItems(first.resources.tableName), 'submission').find((item) => item.caseId === harborCaseId)!;
    const rawBody = await objectBytes(first, submission.rawKey as string);
    await stop();

    const second = await start();
    expect(second.persistence?.restored).toMatchObject({ mail: 1, objects: keysBefore.length });
    // The packs and their form versions were restored: the deploy finds them live, unchanged.
    expect(second.deployedPacks.get('harbor')).toBe('unchanged');
    expect(second.deployedPacks.get('demo')).toBe('unchanged');
    expect((await bucketKeys(second.resources.bucketName)).sort()).toEqual(keysBefore);
    expect(await caseThroughApi(second, 'harbor', harborCaseId)).toEqual({ status: 200, body: harborCase });
    expect(await objectBytes(second, pdfKey)).toEqual(pdf);
    expect(await objectBytes(second, submission.rawKey as string)).toEqual(rawBody);
    const mails = await mailboxOf(second);
    expect(mails.map((message) => message.id)).toEqual([mailId]);
    expect(await attachmentBytes(second, mails[0]!)).toEqual(pdf);
  }, TWO_STACKS_MS);

  it('saves soon after a change, not only at a clean stop, and each file whole', async () => {
    const running = await start();
    const caseId = await openCase(running, 'demo', demoExample());
    const deadLetter = JSON.stringify({ kind: 'dead-letter-kept-by-a-periodic-save', caseId });
    await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: running.resources.deadLetterQueueUrl, MessageBody: deadLetter }));
    // What a hard kill would leave: the state folder as the running stack last wrote it.
    const saved = await waitFor(async () => {
      const state = new StateFiles(stateDir).read<SavedState>();
      const hasCase = state?.items.some((item) => item.type?.S === 'case' && item.caseId?.S === caseId);
      return hasCase && state!.queues.deadLetters.some((message) => message.body === deadLetter) ? state : undefined;
    }, 30_000, 'a save that holds the new case and the dead letter');
    expect(saved.items.some((item) => item.caseId?.S === harborCaseId)).toBe(true);
    const files = new StateFiles(stateDir);
    for (const object of saved.objects) expect(existsSync(join(files.blobsDir, object.blob))).toBe(true);
    await mailOf(running, caseId);
  }, TWO_STACKS_MS);

  it('keeps a job that was still queued when the stack stopped, and renders it after the restart', async () => {
    const first = await start({ documentWorker: false });
    const caseId = await openCase(first, 'demo', demoExample());
    await stop();
    const saved = new StateFiles(stateDir).read<SavedState>()!;
    expect(saved.queues.documents.map((message) => JSON.parse(message.body).caseId)).toContain(caseId);

    const second = await start();
    expect(second.persistence?.restored?.jobs).toBe(1);
    const mail = await mailOf(second, caseId);
    expect(mail.attachments[0]?.contentType).toBe('application/pdf');
  }, TWO_STACKS_MS);

  it('starts empty with fresh, and saves that empty state', async () => {
    const running = await start({ fresh: true });
    expect(running.persistence?.restored).toBeUndefined();
    expect((await caseThroughApi(running, 'harbor', harborCaseId)).status).toBe(404);
    expect(await mailboxOf(running)).toEqual([]);
    expect(itemsOfType(await tableItems(running.resources.tableName), 'case')).toEqual([]);
    // Only the form versions this start published.
    expect(await bucketKeys(running.resources.bucketName)).not.toContain(pdfKey);
    await running.saveState();
    const saved = new StateFiles(stateDir).read<SavedState>()!;
    // The supervisor's request above opened a staff session, and this start's deploy made the packs live: that is all
    // the table holds.
    expect(saved.items.filter((item) => !['staff-session', 'pack-live', 'pack-event'].includes(item.type?.S ?? ''))).toEqual([]);
    expect(saved.mail).toEqual([]);
    expect(saved.objects.map((object) => object.key)).not.toContain(pdfKey);
  }, TWO_STACKS_MS);
});
