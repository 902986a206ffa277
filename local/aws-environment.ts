/**
 * Points the AWS SDK at the local emulator with its standard variables: the functions contain no emulator
 * branches, they simply read AWS_ENDPOINT_URL_<SERVICE> like any SDK v3 program does.
 */
export function emulatorEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_SQS: endpoint,
    AWS_ENDPOINT_URL_SESV2: endpoint,
  };
}
