import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// An agency is a folder: copy one in, start the stack on that forms directory, and it serves — no code involved.
let stack: LocalStack;
const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-forms-'));

beforeAll(async () => {
  cpSync(join(projectRoot, 'form-schemas'), formsDir, { recursive: true });
  cpSync(join(formsDir, 'demo'), join(formsDir, 'northside'), { recursive: true });
  const agency = JSON.parse(readFileSync(join(formsDir, 'northside', 'agency.json'), 'utf8'));
  writeFileSync(join(formsDir, 'northside', 'agency.json'), JSON.stringify({
    ...agency, id: 'northside', name: 'Northside Family Services',
    intakeInbox: 'referrals@northside.example', sender: { name: 'Northside', email: 'forms@northside.example' },
  }));
  writeFileSync(join(formsDir, 'northside', 'forms', 'self-referral.json'), JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Self-referral',
    'x-caseforms': { access: 'public', documents: ['intake-summary'] },
    type: 'object',
    additionalProperties: false,
    required: ['name', 'reason'],
    properties: { name: { title: 'Your name', type: 'string', minLength: 1 }, reason: { title: 'Why are you reaching out?', type: 'string', minLength: 1 } },
    examples: [{ name: 'Ngozi Ọkọnkwọ', reason: 'Help with rent' }],
  }));
  stack = await startTestStack({ formsDir });
});
afterAll(async () => { await stack?.stop(); });

describe('adding an agency is adding a folder', () => {
  it('serves the new agency\'s own form and mails the summary from its own sender to its own inbox', async () => {
    expect((await fetch(`${stack.url}/agencies/northside/forms/self-referral`)).status).toBe(200);
    const response = await post(stack, '/agencies/northside/forms/self-referral/submissions', { body: JSON.stringify({ name: 'Ngozi Ọkọnkwọ', reason: 'Help with rent' }) });
    expect(response.status).toBe(201);
    const { caseId } = response.json as { caseId: string };

    const mail = await waitFor(async () => {
      const messages = await mailboxOf(stack);
      return messages.find((message) => message.subject.includes(caseId.slice(0, 8)));
    }, 45_000, 'the new agency\'s email');
    expect(mail.from).toBe('forms@northside.example');
    expect(mail.to).toEqual(['referrals@northside.example']);
    expect(mail.subject).toContain('Self-referral');
  });

  it('keeps the agencies apart: the new form does not exist for the demo agency', async () => {
    expect((await fetch(`${stack.url}/agencies/demo/forms/self-referral`)).status).toBe(404);
  });
});
