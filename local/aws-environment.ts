export type AwsService = 'dynamodb' | 's3' | 'sqs' | 'sesv2' | 'scheduler';

export function serviceDefaults(endpoint: string): Record<AwsService, string> {
  return { dynamodb: endpoint, s3: endpoint, sqs: endpoint, sesv2: endpoint, scheduler: endpoint };
}

/**
 * Points the AWS SDK at the local emulator with its standard variables: the functions contain no emulator
 * branches, they simply read AWS_ENDPOINT_URL_<SERVICE> like any SDK v3 program does.
 */
export function emulatorEnvironment(endpoints: Record<AwsService, string>): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SESV2: endpoints.sesv2,
    AWS_ENDPOINT_URL_SCHEDULER: endpoints.scheduler,
  };
}
