import { signInVariables, type SignInConfig } from '../functions/contracts/sign-in-config.ts';
import { configVariables, type Config } from '../functions/contracts/config.ts';

/** Repo folders every bundle ships, read at runtime from the Lambda task root. */
export const bundledFolders = { forms: 'form-schemas', templates: 'templates' } as const;

const taskRoot = '/var/task';

export interface DataLocations {
  readonly tableName: string;
  readonly bucketName: string;
  readonly documentQueueUrl: string;
  readonly deadLetterQueueUrl: string;
}

/**
 * The variables functions/contracts/config.ts reads, keyed by its names, so a setting added there
 * fails to type-check here until the stack provides it.
 */
export function functionEnvironment(locations: DataLocations): Record<string, string> {
  const values: Record<keyof Config, string | undefined> = {
    ...locations,
    formsDir: `${taskRoot}/${bundledFolders.forms}`,
    templatesDir: `${taskRoot}/${bundledFolders.templates}`,
    // Set on the document worker once the API (and so its URL) exists: see caseforms-stack.ts.
    publicBaseUrl: undefined,
    // Set on the document worker, the one function that sends mail, from MailEvents: see caseforms-stack.ts.
    sesConfigurationSets: undefined,
    jobRetryBaseSeconds: '10',
    deliveryLeaseSeconds: '120',
    // Set on the document worker, the one function that schedules review reminders: see review-schedules.ts.
    reviewScheduleGroup: undefined,
    reviewSchedulerRoleArn: undefined,
    documentQueueArn: undefined,
    deadLetterQueueArn: undefined,
    // Set on the document worker (its follow-up reminders link to case pages) once the API exists: see caseforms-stack.ts.
    staffPagesUrl: undefined,
    // A publish from the studio reaches every function within this many seconds (docs/form-studio.md).
    packRefreshSeconds: '15',
    // Set on the functions that take, release and serve clients' files: see infra/uploads.ts.
    uploadsBucketName: undefined,
    // Local only: AWS's S3 enforces a POST policy itself.
    uploadPostEndpoint: undefined,
    // Set on the document worker, the one function that seals signed documents: see caseforms-stack.ts.
    signingKeyId: undefined,
  };
  const keys = Object.keys(configVariables) as (keyof Config)[];
  return Object.fromEntries(keys.filter((key) => values[key] !== undefined).map((key) => [configVariables[key], values[key]!]));
}

/**
 * The variables functions/contracts/sign-in-config.ts reads, for the staff pages' functions only: no other function signs
 * anyone in or reads a session. The values are StaffIdentity's `signIn`, a SignInConfig, so a setting added there
 * fails to type-check until the stack provides it.
 */
export function signInEnvironment(config: SignInConfig): Record<string, string> {
  const names = Object.keys(signInVariables) as (keyof SignInConfig)[];
  return Object.fromEntries(names.map((name) => [signInVariables[name], config[name]]));
}
