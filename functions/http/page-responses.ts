import type httpSecurityHeaders from '@middy/http-security-headers';
import { STYLE_HASH } from '../pages/intake-page.ts';
import { SCRIPT_HASH } from '../pages/intake-script.ts';
import { STAFF_STYLE_HASH } from '../staff-pages/staff-style.ts';
import { signInVariables } from '../auth/sign-in-config.ts';
import type { HttpResponse } from './responses.ts';

/**
 * The public pages' security headers: middy's defaults (which forbid everything) opened just enough for a form that
 * posts to itself and styles itself from its one inline, hashed style block, and runs its one inline, hashed script
 * (intake-script.ts), which may ask only its own origin (`connect-src 'self'`: the inline check); nothing third-party.
 * Trusted Types stay required and none are allowed (middy's default), so no script can write HTML as text.
 * The sandbox keeps forms, scripts and the page's own origin (which its form posts to); `upgrade-insecure-requests` is left
 * out, since it would send the local stack's form to https (CloudFront redirects http to https in AWS anyway).
 */
type SecurityHeaderOptions = NonNullable<Parameters<typeof httpSecurityHeaders>[0]>;

export const PAGE_SECURITY_HEADERS = {
  // Not `no-referrer`: with it a browser sends `Origin: null` on the form's post, and the Origin check refuses it.
  // The pages' URLs carry no personal data, and nothing goes to another origin.
  referrerPolicy: { policy: 'same-origin' },
  contentSecurityPolicy: {
    'default-src': "'none'",
    'style-src': STYLE_HASH,
    'script-src': SCRIPT_HASH,
    'connect-src': "'self'",
    'img-src': "'self'",
    'form-action': "'self'",
    'navigate-to': '',
    sandbox: 'allow-forms allow-same-origin allow-scripts',
    // middy adds the bare directive only for an empty string; undefined leaves it out.
    'upgrade-insecure-requests': undefined as unknown as string,
  },
} satisfies SecurityHeaderOptions;

/**
 * The staff pages: the same policy, with the staff style block's hash beside the public one, downloads allowed (a
 * case's documents are PDFs sent as attachments), and forms allowed to end at the sign-in domain: signing out posts
 * here and is redirected to its logout, which `form-action` governs too. Read when a handler module loads, after
 * the environment is set.
 */
export function staffPageSecurityHeaders(signInUrl = process.env[signInVariables.signInBaseUrl]): SecurityHeaderOptions {
  let signInOrigin = '';
  try {
    if (signInUrl) signInOrigin = ` ${new URL(signInUrl).origin}`;
  } catch {
    // A malformed setting fails the sign-in itself, with its own message; the pages keep the strict policy.
  }
  return {
    ...PAGE_SECURITY_HEADERS,
    contentSecurityPolicy: {
      ...PAGE_SECURITY_HEADERS.contentSecurityPolicy,
      'style-src': `${STYLE_HASH} ${STAFF_STYLE_HASH}`,
      'form-action': `'self'${signInOrigin}`,
      sandbox: 'allow-forms allow-same-origin allow-scripts allow-downloads',
    },
  };
}

export function htmlResponse(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    // Pages may show what a client typed: never stored by a shared cache or the browser's back-forward cache.
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body,
  };
}
