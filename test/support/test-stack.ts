import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { projectRoot, startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.ts';

/** A local stack for one test file, on the run's shared emulator, with resources of its own. */
export function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    emulatorEndpoint: inject('emulatorEndpoint'),
    resourcePrefix: `test-${randomBytes(4).toString('hex')}`,
    sweepIntervalMs: 1_000,
    // Tests that need SES events publish them when they choose (stack.publishSesEvents()).
    sesEventIntervalMs: 0,
    // Tests submit far faster than a person; the limiter's own test turns it on.
    submissionRateLimit: false,
    ...options,
  });
}

export function demoExample(formId = 'intake'): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'demo', 'forms', `${formId}.json`), 'utf8'));
  return structuredClone(schema.examples[0]);
}

export interface PostOptions {
  readonly body: string | Buffer;
  /** null sends no Content-Type at all (fetch adds none for a binary body). */
  readonly contentType?: string | null;
  readonly idempotencyKey?: string;
  /** More request headers, e.g. an agency's API key (harborApiKeyHeader). */
  readonly headers?: Readonly<Record<string, string>>;
}

export async function post(stack: LocalStack, path: string, { body, contentType = 'application/json', idempotencyKey, headers: extra = {} }: PostOptions) {
  const headers: Record<string, string> = { ...extra };
  if (contentType !== null) headers['content-type'] = contentType;
  else body = Buffer.from(body);
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(`${stack.url}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

export const SUBMIT_PATH = '/agencies/demo/forms/intake/submissions';
