import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqsJobQueue } from '../../functions/adapters/aws/job-queue.ts';
import { formVersion } from '../../functions/domain/forms/catalog.ts';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { pdftotext } from '../support/pdf-tools.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Two starts of the stack on the same (still running) emulator, with the form edited in between: a restart.
const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-versions-'));
cpSync(join(projectRoot, 'form-schemas'), formsDir, { recursive: true });
const intakeFile = join(formsDir, 'demo', 'forms', 'intake.json');
const resourcePrefix = `versions-${randomBytes(3).toString('hex')}`;
let stack: LocalStack | undefined;
afterAll(async () => { await stack?.stop(); });

async function documentText(caseId: string, submissionId: string): Promise<string> {
  const { resources } = stack!;
  const document = await waitFor(async () => {
    const items = await tableItems(resources.tableName);
    return itemsOfType(items, 'document').find((item) => item.caseId === caseId && item.submissionId === submissionId);
  }, 45_000, 'the intake summary');
  const object = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: resources.bucketName, Key: document.key as string }));
  return pdftotext(Buffer.from(await object.Body!.transformToByteArray())).replace(/\s+/g, ' ');
}

describe('form versions', () => {
  it('keep old submissions valid and renderable after the form changes and the stack restarts', async () => {
    const originalText = readFileSync(intakeFile, 'utf8');
    const originalVersion = formVersion(originalText);
    stack = await startTestStack({ formsDir, resourcePrefix });
    expect(stack.deployedPacks.get('demo')).toBe('live');
    const oldBody = JSON.stringify(demoExample());
    const accepted = await post(stack, SUBMIT_PATH, { body: oldBody });
    expect(accepted.status).toBe(201);
    const { id, caseId } = accepted.json as { id: string; caseId: string };
    expect(await documentText(caseId, id)).toContain('Given name Zoë');
    await stack.stop();

    // The agency edits the form: a new required field, and a renamed field title.
    const schema = JSON.parse(originalText);
    schema.properties.givenName.title = 'First name';
    schema.properties.referralSource = { title: 'How did you hear about us?', type: 'string', minLength: 1 };
    schema.required.push('referralSource');
    schema.examples = schema.examples.map((example: object) => ({ ...example, referralSource: 'A friend' }));
    const changedText = `${JSON.stringify(schema, null, 2)}\n`;
    writeFileSync(intakeFile, changedText);

    stack = await startTestStack({ formsDir, resourcePrefix });
    // The repository changed and the studio published nothing since: the repository's pack goes live.
    expect(stack.deployedPacks.get('demo')).toBe('live');

    const current = await fetch(`${stack.url}/agencies/demo/forms/intake`);
    expect(current.headers.get('etag')).toBe(`"${formVersion(changedText)}"`);
    const old = await fetch(`${stack.url}/agencies/demo/forms/intake/versions/${originalVersion}`);
    expect(old.status).toBe(200);
    expect(await old.text()).toBe(originalText);
    expect(old.headers.get('etag')).toBe(`"${originalVersion}"`);
    expect((await fetch(`${stack.url}/agencies/demo/forms/intake/versions/0123456789abcdef`)).status).toBe(404);
    expect((await fetch(`${stack.url}/agencies/demo/forms/intake/versions/..%2f..`)).status).toBe(404);

    // New submissions follow the new version…
    const refused = await post(stack, SUBMIT_PATH, { body: oldBody });
    expect(refused.status).toBe(422);
    expect((refused.json!.errors as Array<{ pointer: string }>).map((error) => error.pointer)).toEqual(['/referralSource']);
    const submissions = itemsOfType(await tableItems(stack.resources.tableName), 'submission');
    expect(submissions.find((item) => item.submissionId === id)).toMatchObject({ formVersion: originalVersion });

    // …while the old one re-renders against its own version: old titles, no new required field. A stored document is
    // delivered as it was made, so its item goes first: the job must render the old submission again.
    const stored = itemsOfType(await tableItems(stack.resources.tableName), 'document').find((item) => item.submissionId === id)!;
    await new DynamoDBClient({}).send(new DeleteItemCommand({ TableName: stack.resources.tableName, Key: { pk: { S: stored.pk as string }, sk: { S: stored.sk as string } } }));
    await new SqsJobQueue(stack.resources.documentQueueUrl).enqueue({ documentType: 'intake-summary', agencyId: 'demo', caseId, submissionId: id });
    const rerenderedAfter = Date.now();
    const text = await waitFor(async () => {
      const items = await tableItems(stack!.resources.tableName);
      const document = itemsOfType(items, 'document').find((item) => item.submissionId === id);
      return Date.parse(document?.createdAt as string) >= rerenderedAfter - 1000 ? documentText(caseId, id) : undefined;
    }, 45_000, 'the re-rendered summary');
    expect(text).toContain('Given name Zoë');
    expect(text).not.toContain('First name');
  });
});
