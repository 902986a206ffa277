import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

/**
 * Cognito's rules for a domain prefix: lower-case letters, digits and inner hyphens, at most 63 characters, and none
 * of the words Cognito reserves.
 */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED = /aws|amazon|cognito/;

/**
 * The `staffSignInDomainPrefix` context (`-c staffSignInDomainPrefix=agency-caseforms`, or cdk.json): undefined when
 * unset or empty, else a prefix Cognito accepts, checked at synth so a typo fails there rather than mid-deploy.
 */
export function parseSignInDomainPrefix(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && DOMAIN_PREFIX.test(value) && !RESERVED.test(value)) return value;
  throw new Error(
    `staffSignInDomainPrefix must be lower-case letters, digits and inner hyphens, at most 63 characters, without "aws", "amazon" or "cognito", not ${JSON.stringify(value)}`,
  );
}

/**
 * Prefixes are global per region, across every AWS account: the stack name alone (`caseforms-prod`) would collide with
 * any other agency's deployment, so the account id makes it unique.
 */
export function defaultSignInDomainPrefix(scope: Construct): string {
  const stack = Stack.of(scope);
  return `${stack.stackName.toLowerCase()}-${stack.account}`;
}

export interface ManagedLoginProps {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domainPrefix: string;
}

/**
 * Cognito's managed login on `https://<prefix>.auth.<region>.amazoncognito.com`: the password, the TOTP enrolment at
 * first sign-in and every later TOTP prompt happen there, never in caseforms' own pages. Managed login (version 2)
 * rather than the classic hosted UI: version 2 is the one Cognito develops, and the Plus plan the pool is on covers it.
 * A version-2 domain shows an error page to a client with no branding style, so the client gets Cognito's default
 * style (no assets to upload: it synthesizes offline).
 */
export function addManagedLogin(scope: Construct, { userPool, client, domainPrefix }: ManagedLoginProps): cognito.UserPoolDomain {
  const domain = userPool.addDomain('SignInDomain', {
    cognitoDomain: { domainPrefix },
    managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
  });
  new cognito.CfnManagedLoginBranding(scope, 'SignInBranding', {
    userPoolId: userPool.userPoolId,
    clientId: client.userPoolClientId,
    useCognitoProvidedValues: true,
  });
  return domain;
}
