import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import type { MailboxMessage } from '../../local/mailbox.ts';
import { bucketKeys, itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { pdffonts, pdfinfo, pdftotext } from '../support/pdf-tools.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: LocalStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

async function mailFor(caseId: string): Promise<MailboxMessage> {
  return waitFor(async () => {
    const messages = await mailboxOf(stack);
    return messages.find((message) => message.subject.includes(caseId.slice(0, 8)));
  }, 45_000, `the intake email of case ${caseId}`);
}

describe('an intake, end to end over HTTP', () => {
  it('serves the public form schema with an ETag and answers 304 to a matching If-None-Match', async () => {
    const response = await fetch(`${stack.url}/agencies/demo/forms/intake`);
    expect(response.status).toBe(200);
    const schema = (await response.json()) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const again = await fetch(`${stack.url}/agencies/demo/forms/intake`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('stores the submission, renders the intake summary and emails it with the PDF to the intake inbox', async () => {
    const example = demoExample();
    example.givenName = 'Zoë Ærøskøbing';
    example.situation = 'Mi contrato termina pronto — Ελληνικά, кириллица. <script>alert(1)</script> {{agency.name}}';

    const response = await post(stack, SUBMIT_PATH, { body: JSON.stringify(example) });
    expect(response.status).toBe(201);
    const receipt = response.json as { id: string; caseId: string; receivedAt: string };
    expect(receipt).toEqual({ id: expect.any(String), caseId: expect.any(String), receivedAt: expect.any(String) });
    expect(response.headers.get('location')).toBe(`/agencies/demo/cases/${receipt.caseId}/submissions/${receipt.id}`);

    const items = await tableItems(stack.resources.tableName);
    const caseRecord = itemsOfType(items, 'case').find((item) => item.caseId === receipt.caseId);
    expect(caseRecord).toMatchObject({ agencyId: 'demo', state: 'intake', intakeSubmissionId: receipt.id });
    const submission = itemsOfType(items, 'submission').find((item) => item.submissionId === receipt.id);
    expect(submission).toMatchObject({ formId: 'intake', formVersion: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(await bucketKeys(stack.resources.bucketName)).toContain(submission!.rawKey);

    const mail = await mailFor(receipt.caseId);
    expect(mail.from).toBe('no-reply@demo.caseforms.example');
    expect(mail.to).toEqual(['intake@demo.caseforms.example']);
    expect(mail.subject).not.toContain('Zoë');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf', filename: `intake-summary-${receipt.caseId.slice(0, 8)}.pdf` });

    const pdf = Buffer.from(await (await fetch(`${stack.url}${mail.attachments[0]!.url}`)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdftotext(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Zoë Ærøskøbing');
    expect(text).toContain('Núñez-Øberg');
    expect(text).toContain('Ελληνικά, кириллица');
    expect(text).toContain('<script>alert(1)</script> {{agency.name}}');
    expect(text).toContain('Is it safe for us to email you? Yes');
    expect(pdffonts(pdf)).toMatch(/NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes/);
    expect(pdfinfo(pdf)).toMatch(/Tagged:\s+yes/);

    // The stored document is the one that was sent, and the job left the outbox.
    await waitFor(async () => {
      const after = await tableItems(stack.resources.tableName);
      const job = itemsOfType(after, 'job').find((item) => (item.job as { caseId: string }).caseId === receipt.caseId);
      return job?.status === 'done' && job.outbox === undefined ? true : undefined;
    }, 10_000, 'the job to complete');
    const after = await tableItems(stack.resources.tableName);
    const document = itemsOfType(after, 'document').find((item) => item.caseId === receipt.caseId);
    expect(document).toMatchObject({ documentType: 'intake-summary', bytes: pdf.length });
    const delivery = itemsOfType(after, 'delivery').find((item) => item.documentId === document!.documentId);
    expect(delivery).toMatchObject({ status: 'sent', recipient: 'agency-inbox', method: 'attachment', attempts: 1 });
  });
});
