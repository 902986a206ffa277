/** Runtime settings, all from the environment: the CDK stack sets them in AWS, local/ sets them locally. */
export interface Config {
  readonly tableName: string;
  readonly bucketName: string;
  readonly documentQueueUrl: string;
  /** Where the worker puts a job that failed every attempt, with its reason. Only the document worker needs it. */
  readonly deadLetterQueueUrl: string | undefined;
  readonly formsDir: string;
  readonly templatesDir: string;
  /** The public API's base URL: secure links in emails point there. Only the document worker needs it. */
  readonly publicBaseUrl: string | undefined;
  /**
   * Each agency's SES configuration set, by agency id: its event destination reports deliveries, bounces and
   * complaints, and SES keeps the agency's sending metrics under it. Absent locally (the emulator has none), and
   * then mail goes without one; when present, an agency missing from it cannot send (see delivery-store.ts).
   */
  readonly sesConfigurationSets: Readonly<Record<string, string>> | undefined;
  /** Backoff before a failed job's second attempt, doubling after (default 10 s). */
  readonly jobRetryBaseSeconds: number;
  /** How long a delivery's claim holds before another worker may take it over (default 120 s). */
  readonly deliveryLeaseSeconds: number;
  /**
   * Review reminders (functions/adapters/aws/review-scheduler.ts), for the document worker only: the EventBridge Scheduler
   * group the per-case schedules live in, the role Scheduler assumes to send to the document queue, and the ARNs of
   * that queue and of its dead-letter queue (where Scheduler puts a reminder it could not send).
   */
  readonly reviewScheduleGroup: string | undefined;
  readonly reviewSchedulerRoleArn: string | undefined;
  readonly documentQueueArn: string | undefined;
  readonly deadLetterQueueArn: string | undefined;
  /**
   * Where the staff pages are served, for the document worker alone: its follow-up reminders link to the case page
   * there. Not the pages' own sign-in setting (STAFF_PAGES_URL), which no function but the staff pages gets. Without
   * it the reminders carry the case reference alone.
   */
  readonly staffPagesUrl: string | undefined;
  /**
   * How often a function asks whether the studio published a new version of a pack (default 15 s): the longest a
   * publish takes to reach a function that is serving requests.
   */
  readonly packRefreshSeconds: number;
  /**
   * The bucket clients' files go to (domain/uploads/upload-objects.ts), for the functions that take, release and serve
   * them; no other function gets it.
   */
  readonly uploadsBucketName: string | undefined;
  /**
   * Where a browser sends a presigned POST, when it is not the S3 endpoint the SDK would name: locally, the upload gate
   * (local/upload-gate.ts) that enforces the POST policy as S3 does, which the emulator does not. Unset in AWS.
   */
  readonly uploadPostEndpoint: string | undefined;
  /**
   * The AWS KMS asymmetric SIGN_VERIFY key that seals signed documents (domain/signatures/seal), for the document worker
   * only; each agency's certificate for it is the object `signing/<agency id>/certificate.pem` of the documents bucket
   * (docs/deploy.md). Unset locally, where the local stack hands the worker a generated key.
   */
  readonly signingKeyId: string | undefined;
}

export const configVariables = {
  tableName: 'TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  documentQueueUrl: 'DOCUMENT_QUEUE_URL',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  formsDir: 'FORMS_DIR',
  templatesDir: 'TEMPLATES_DIR',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  sesConfigurationSets: 'SES_CONFIGURATION_SETS',
  jobRetryBaseSeconds: 'JOB_RETRY_BASE_SECONDS',
  deliveryLeaseSeconds: 'DELIVERY_LEASE_SECONDS',
  reviewScheduleGroup: 'REVIEW_SCHEDULE_GROUP',
  reviewSchedulerRoleArn: 'REVIEW_SCHEDULER_ROLE_ARN',
  documentQueueArn: 'DOCUMENT_QUEUE_ARN',
  deadLetterQueueArn: 'DEAD_LETTER_QUEUE_ARN',
  staffPagesUrl: 'STAFF_LINK_BASE_URL',
  packRefreshSeconds: 'PACK_REFRESH_SECONDS',
  uploadsBucketName: 'UPLOADS_BUCKET_NAME',
  uploadPostEndpoint: 'UPLOAD_POST_ENDPOINT',
  signingKeyId: 'SIGNING_KEY_ID',
} as const satisfies Record<keyof Config, string>;

const NUMBERS: Partial<Record<keyof Config, number>> = { jobRetryBaseSeconds: 10, deliveryLeaseSeconds: 120, packRefreshSeconds: 15 };
const OPTIONAL: ReadonlySet<keyof Config> = new Set([
  'sesConfigurationSets', 'publicBaseUrl', 'deadLetterQueueUrl', 'reviewScheduleGroup', 'reviewSchedulerRoleArn', 'documentQueueArn', 'deadLetterQueueArn', 'staffPagesUrl',
  'uploadsBucketName', 'uploadPostEndpoint', 'signingKeyId',
]);
/** Settings given as a JSON object of non-empty strings, e.g. `{"demo":"caseforms-prod-demo"}`. */
const STRING_MAPS: ReadonlySet<keyof Config> = new Set(['sesConfigurationSets']);

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const missing: string[] = [];
  const entries = (Object.entries(configVariables) as Array<[keyof Config, string]>).map(([field, name]) => {
    const value = env[name] || undefined;
    const fallback = NUMBERS[field];
    if (fallback !== undefined) {
      const number = Number(value ?? fallback);
      if (!Number.isFinite(number) || number <= 0) throw new Error(`${name} must be a positive number of seconds`);
      return [field, number];
    }
    if (value === undefined && !OPTIONAL.has(field)) missing.push(name);
    if (value !== undefined && STRING_MAPS.has(field)) return [field, parseStringMap(name, value)];
    return [field, value];
  });
  if (missing.length > 0) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  return Object.fromEntries(entries) as Config;
}

/** A JSON object whose values are all non-empty strings; anything else is a deploy mistake, reported by name. */
function parseStringMap(name: string, value: string): Readonly<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`${name} must be JSON: an object mapping agency ids to names`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${name} must be a JSON object mapping agency ids to names`);
  }
  const bad = Object.entries(parsed).filter(([, entry]) => typeof entry !== 'string' || entry === '').map(([key]) => key);
  if (bad.length > 0) throw new Error(`${name}: the value for ${bad.join(', ')} must be a non-empty string`);
  return Object.freeze({ ...(parsed as Record<string, string>) });
}
