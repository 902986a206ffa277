import type { Form } from './catalog.ts';
import { withoutInapplicable } from './conditions.ts';

/**
 * A submission as the server validates, scores and stores it: without the answers to sections that do not apply
 * (forms/conditions.ts: their condition does not hold on the answers themselves). A client without JavaScript sees
 * every section, so answers to one left behind are ignored, never refused. The raw body (stored, and hashed for
 * idempotency) is written again only when something was dropped, and then from the same bytes the same way: a retry
 * with the same body still matches its first request.
 */
export function applicableSubmission(form: Form, body: unknown, rawBody: Buffer): { readonly body: unknown; readonly rawBody: Buffer } {
  const { answers, dropped } = withoutInapplicable(form.schema, body);
  return dropped.length === 0 ? { body, rawBody } : { body: answers, rawBody: Buffer.from(JSON.stringify(answers)) };
}

/** A page's answers (form-data.ts's JSON) without those to sections that do not apply, as the page's post stores them. */
export function applicableAnswers(form: Form, data: Record<string, unknown>): Record<string, unknown> {
  return withoutInapplicable(form.schema, data).answers as Record<string, unknown>;
}
