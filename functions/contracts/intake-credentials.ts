/**
 * What an agency's own site, app or integration sends to the JSON submit API when its pack sets
 * `intake.jsonApi: "token"` (form-schemas/README.md): a page token from the form's intake page, or one of the
 * agency's API keys. Lower case: headers are normalized before they are read. infra/ redacts both from WAF's logs.
 */
export const intakeCredentialHeaders = {
  pageToken: 'x-caseforms-page-token',
  apiKey: 'x-caseforms-api-key',
} as const;

/**
 * The key page tokens are signed with: set on the intake page and submit functions only, from a Secrets Manager
 * secret in AWS (infra/intake-token-key.ts) and generated afresh on each start locally (local/stack.ts).
 */
export const intakeTokenKeyVariable = 'INTAKE_TOKEN_KEY';

export const readIntakeTokenKey = (env: NodeJS.ProcessEnv = process.env): string | undefined => env[intakeTokenKeyVariable];

/**
 * How long a page token is accepted after the page was served. Long enough to fill in a form the page came with,
 * short enough that a token copied out of a page is soon worth nothing; an app fetches a fresh one before sending.
 */
export const PAGE_TOKEN_LIFETIME_SECONDS = 60 * 60;

/** The name of the `<meta>` element that carries the page token in the intake page's HTML. */
export const pageTokenMetaName = 'caseforms-page-token';
