import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * The Lambda context the local stack passes to handlers: the fields handlers and middy read. A class, so its methods
 * are shared rather than made afresh for every request.
 */
class LocalLambdaContext implements Context {
  readonly callbackWaitsForEmptyEventLoop = false;
  readonly functionVersion = '$LATEST';
  readonly memoryLimitInMB = '1024';
  readonly logStreamName = 'local';
  readonly awsRequestId = randomUUID();
  readonly invokedFunctionArn: string;
  readonly logGroupName: string;
  private readonly deadline: number;

  constructor(readonly functionName: string, timeoutMs: number) {
    this.invokedFunctionArn = `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`;
    this.logGroupName = `/aws/lambda/${functionName}`;
    this.deadline = Date.now() + timeoutMs;
  }

  getRemainingTimeInMillis(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  done(): void {}
  fail(): void {}
  succeed(): void {}
}

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  return new LocalLambdaContext(functionName, timeoutMs);
}
