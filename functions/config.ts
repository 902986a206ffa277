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
  /** The SES configuration set whose event destination reports deliveries, bounces and complaints (none locally). */
  readonly sesConfigurationSet: string | undefined;
  /** Backoff before a failed job's second attempt, doubling after (default 10 s). */
  readonly jobRetryBaseSeconds: number;
  /** How long a delivery's claim holds before another worker may take it over (default 120 s). */
  readonly deliveryLeaseSeconds: number;
}

export const configVariables = {
  tableName: 'TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  documentQueueUrl: 'DOCUMENT_QUEUE_URL',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  formsDir: 'FORMS_DIR',
  templatesDir: 'TEMPLATES_DIR',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  jobRetryBaseSeconds: 'JOB_RETRY_BASE_SECONDS',
  deliveryLeaseSeconds: 'DELIVERY_LEASE_SECONDS',
} as const satisfies Record<keyof Config, string>;

const NUMBERS: Partial<Record<keyof Config, number>> = { jobRetryBaseSeconds: 10, deliveryLeaseSeconds: 120 };
const OPTIONAL: ReadonlySet<keyof Config> = new Set(['sesConfigurationSet', 'publicBaseUrl', 'deadLetterQueueUrl']);

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
    return [field, value];
  });
  if (missing.length > 0) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  return Object.fromEntries(entries) as Config;
}
