import type { LocalStack } from '../../local/stack.ts';
import { bearer } from './staff-tokens.ts';

/** A staff API body as the tests read it: `any` inside because they reach deep into it and their assertions check the shape. */
export type StaffBody = Record<string, any>;

export interface StaffAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The raw body, for assertion messages. */
  readonly text: string;
  readonly json: StaffBody;
}

/** The body parsed: the staff API answers JSON (a receipt, a view or a problem), so anything else fails the test here, saying what came back. */
function parsed(status: number, text: string): StaffBody {
  try {
    return JSON.parse(text) as StaffBody;
  } catch {
    throw new Error(`the staff API answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

/** A staff form for a case (POST /agencies/{a}/cases/{c}/forms/{f}/submissions) as a signed-in caller sends it, with a bearer token. */
export async function submitStaffForm(
  stack: Pick<LocalStack, 'url'>, token: string, agencyId: string, caseId: string, formId: string, body: unknown, headers: Record<string, string> = {},
): Promise<StaffAnswer> {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases/${caseId}/forms/${formId}/submissions`, {
    method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parsed(response.status, text) };
}

/** The case as the staff API shows it (GET /agencies/{a}/cases/{c}), parsed: the view, or the problem it answered. */
export async function readCase(stack: Pick<LocalStack, 'url'>, token: string, agencyId: string, caseId: string): Promise<StaffBody> {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases/${caseId}`, { headers: bearer(token) });
  return parsed(response.status, await response.text());
}
