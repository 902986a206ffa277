import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { logger } from '../../observability/logger.ts';
import { Problem } from './problem.ts';
import { phrase } from './problem-phrases/index.ts';

/**
 * The header CloudFront adds to every request it forwards to the API (infra/public-edge.ts). Its value is a secret
 * only CloudFront and the public functions know, so a request that carries it came through the public edge and its
 * WAF rate limits, not straight to the API's execute-api endpoint. Lower case: headers are normalized before it is read.
 */
export const originVerifyHeader = 'x-caseforms-origin-verify';

/**
 * Where the public functions find the accepted values: the current one (what CloudFront sends) and the next one, which
 * CloudFront will send after the next rotation and which the functions accept from before it (see
 * infra/origin-verify.ts). Set by the stack on the public functions only; neither is set locally, and then the check is off.
 */
export const originVerifyVariables = {
  current: 'ORIGIN_VERIFY_SECRET',
  next: 'ORIGIN_VERIFY_NEXT_SECRET',
} as const;

/** The accepted values the environment holds, empty when the check is not configured. */
export function acceptedOriginSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env[originVerifyVariables.current], env[originVerifyVariables.next]].filter((value): value is string => Boolean(value));
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether the presented header value is one of the accepted ones, in constant time: both sides are hashed to
 * equal-length digests first (timingSafeEqual needs equal lengths, and this way the secret's length does not leak
 * either), and every accepted value is compared, whatever the first comparison found.
 */
export function isAcceptedOriginSecret(presented: string | undefined, accepted: readonly string[]): boolean {
  if (presented === undefined || accepted.length === 0) return false;
  const candidate = digest(presented);
  let matched = false;
  for (const value of accepted) matched = timingSafeEqual(candidate, digest(value)) || matched;
  return matched;
}

/**
 * Refuses, with a 403 problem, a request to a public route that did not come through the public edge. The accepted
 * values are read once per container, on the first request (not at import, so tests can set the environment first).
 * When none is configured (the local stack, `npm start`) every request passes. Staff routes do not use this: their
 * requests go to the API endpoint directly and are checked by the JWT authorizer.
 */
export function originVerify(
  readAccepted: () => readonly string[] = () => acceptedOriginSecrets(),
): MiddlewareObj<{ headers?: Readonly<Record<string, string | undefined>> }> {
  let accepted: readonly string[] | undefined;
  return {
    before: (request) => {
      accepted ??= readAccepted();
      if (accepted.length === 0) return;
      if (isAcceptedOriginSecret(request.event.headers?.[originVerifyHeader], accepted)) return;
      // Never the value presented: a near miss would still be worth keeping out of the logs.
      logger.warn('public request not through the public edge', { present: request.event.headers?.[originVerifyHeader] !== undefined });
      throw new Problem('forbidden', phrase('notPublicAddress'));
    },
  };
}
