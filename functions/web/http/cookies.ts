import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A cookie the request carries (API Gateway's payload 2.0 passes them in `cookies`, one `name=value` each). */
export function readCookie(event: Pick<APIGatewayProxyEventV2, 'cookies'>, name: string): string | undefined {
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (at > 0 && cookie.slice(0, at).trim() === name) return cookie.slice(at + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  readonly path: string;
  readonly maxAgeSeconds: number;
  /** Secure whenever the pages are served over https (always in AWS; the local stack is plain http on loopback). */
  readonly secure: boolean;
  /** Lax (default) for the staff pages, reached from links; Strict where a cookie must never ride on another site's request. */
  readonly sameSite?: 'Lax' | 'Strict';
}

/**
 * A Set-Cookie value: HttpOnly so no script can read a session, SameSite=Lax (or Strict) so another site's page cannot
 * send it with a post (the pages check Origin as well), and scoped to its pages' path.
 */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  return [`${name}=${value}`, `Path=${options.path}`, `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`, 'HttpOnly', `SameSite=${options.sameSite ?? 'Lax'}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

export function clearCookie(name: string, options: Omit<CookieOptions, 'maxAgeSeconds'>): string {
  return setCookie(name, '', { ...options, maxAgeSeconds: 0 });
}
