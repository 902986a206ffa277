/** Runtime settings, all from the environment: the CDK stack sets them in AWS, local/ sets them locally. */
export interface Config {
  readonly tableName: string;
  readonly bucketName: string;
  readonly documentQueueUrl: string;
  readonly formsDir: string;
  readonly templatesDir: string;
}

export const configVariables = {
  tableName: 'TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  documentQueueUrl: 'DOCUMENT_QUEUE_URL',
  formsDir: 'FORMS_DIR',
  templatesDir: 'TEMPLATES_DIR',
} as const satisfies Record<keyof Config, string>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const missing: string[] = [];
  const read = (name: string): string => {
    const value = env[name];
    if (!value) missing.push(name);
    return value ?? '';
  };
  const config: Config = {
    tableName: read(configVariables.tableName),
    bucketName: read(configVariables.bucketName),
    documentQueueUrl: read(configVariables.documentQueueUrl),
    formsDir: read(configVariables.formsDir),
    templatesDir: read(configVariables.templatesDir),
  };
  if (missing.length > 0) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  return config;
}
