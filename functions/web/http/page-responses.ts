import type httpSecurityHeaders from '@middy/http-security-headers';
import { STYLE_HASH } from '../public-pages/intake-page-html.ts';
import { SCRIPT_HASH } from '../public-pages/intake-script.ts';
import { SIGN_STYLE_HASH } from '../public-pages/sign-style.ts';
import { STAFF_STYLE_HASH } from '../staff-pages/staff-style.ts';
import { STUDIO_SCRIPT_HASH } from '../staff-pages/studio-script.ts';
import { signInVariables } from '../../contracts/sign-in-config.ts';
import { configVariables } from '../../contracts/config.ts';
import type { HttpResponse } from './responses.ts';
import { chosenBrandColor } from '../../domain/forms/brand.ts';
import { brandStyleSources } from '../public-pages/brand-style.ts';
import { allServedAgencies, type ServedAgencies } from './served-agencies.ts';

/** The brand blocks' sources, by the agencies' colours: a publish in the studio may change a colour. */
const brandSourcesOf = new Map<string, string>();

/**
 * The style sources of every page: the fixed sheets, and each loaded agency's brand block (brand-style.ts). Read
 * at each response (middy reads the policy then), since the agencies are known only once the catalog has loaded;
 * the hashes are worked out once per set of colours.
 */
function styleSources(fixed: string, agencies: ServedAgencies | undefined): string {
  const catalog = allServedAgencies(agencies);
  // No catalog (a setting is missing): the page is an error page already, and keeps the default accent.
  if (!catalog) return fixed;
  const colors = catalog.agencies().map(({ agency }) => chosenBrandColor(agency)).filter((color) => color !== undefined);
  const key = colors.join(' ');
  let brands = brandSourcesOf.get(key);
  if (brands === undefined) {
    brands = colors.length > 0 ? brandStyleSources(colors) : '';
    brandSourcesOf.set(key, brands);
  }
  return brands === '' ? fixed : `${fixed} ${brands}`;
}

/**
 * The public pages' security headers: middy's defaults (which forbid everything) opened just enough for a form that
 * posts to itself and styles itself from its one inline, hashed style block, and runs its one inline, hashed script
 * (intake-script.ts), which may ask only its own origin (`connect-src 'self'`: the inline check) and, on the public
 * pages, the uploads' storage (pageSecurityHeaders); nothing third-party.
 * Trusted Types stay required and none are allowed (middy's default), so no script can write HTML as text.
 * The sandbox keeps forms, scripts and the page's own origin (which its form posts to); `upgrade-insecure-requests` is left
 * out, since it would send the local stack's form to https (CloudFront redirects http to https in AWS anyway).
 */
type SecurityHeaderOptions = NonNullable<Parameters<typeof httpSecurityHeaders>[0]>;

/** The policy every page shares, but for its style sources (see pagePolicy). */
const BASE_POLICY = {
  'default-src': "'none'",
  'script-src': SCRIPT_HASH,
  'connect-src': "'self'",
  'img-src': "'self'",
  'form-action': "'self'",
  'navigate-to': '',
  sandbox: 'allow-forms allow-same-origin allow-scripts',
  // middy adds the bare directive only for an empty string; undefined leaves it out.
  'upgrade-insecure-requests': undefined as unknown as string,
};

/**
 * A page policy whose `style-src` is a getter: middy copies the policy at each response, and the brand blocks depend
 * on the catalog (styleSources). Spreading the result would read the getter once, so each policy is built here whole.
 */
function pagePolicy(agencies: ServedAgencies | undefined, fixedStyles: string, overrides: Partial<typeof BASE_POLICY> = {}): typeof BASE_POLICY & { readonly 'style-src': string } {
  return { ...BASE_POLICY, ...overrides, get 'style-src'() { return styleSources(fixedStyles, agencies); } };
}

// Not `no-referrer`: with it a browser sends `Origin: null` on the form's post, and the Origin check refuses it.
// The pages' URLs carry no personal data, and nothing goes to another origin.
const REFERRER_POLICY = { policy: 'same-origin' };

/**
 * The public pages, whose file questions send files straight to storage: a presigned POST's origin (the uploads
 * bucket's S3 address in AWS, the local upload gate locally) is allowed as a form's action (the page without
 * JavaScript) and as a place the script may send to (with it), and nothing more. Read when a handler module loads,
 * after the environment is set; without an uploads bucket the policy stays as strict as ever.
 */
export function pageSecurityHeaders(agencies: ServedAgencies, uploadOrigin = uploadPostOrigin()): SecurityHeaderOptions {
  const extra = uploadOrigin ? ` ${uploadOrigin}` : '';
  return {
    referrerPolicy: REFERRER_POLICY,
    contentSecurityPolicy: pagePolicy(agencies, STYLE_HASH, { 'form-action': `'self'${extra}`, 'connect-src': `'self'${extra}` }),
  };
}

/**
 * Where a browser sends a presigned POST: the upload endpoint when one is set (the local gate), else the bucket's
 * regional S3 address, which is where the SDK's presigned POST points.
 */
export function uploadPostOrigin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const bucket = env[configVariables.uploadsBucketName];
  if (!bucket) return undefined;
  const endpoint = env[configVariables.uploadPostEndpoint];
  try {
    if (endpoint) return new URL(endpoint).origin;
  } catch {
    return undefined;
  }
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return region ? `https://${bucket}.s3.${region}.amazonaws.com` : undefined;
}

/**
 * The staff pages: the same policy, with the staff style block's hash beside the public one, downloads allowed (a
 * case's documents are PDFs sent as attachments), and forms allowed to end at the sign-in domain: signing out posts
 * here and is redirected to its logout, which `form-action` governs too. A staff form's file questions send files
 * straight to storage as the intake page's do, so with an uploads bucket its origin is allowed as a form's action and
 * a place the script may send to (pageSecurityHeaders). Read when a handler module loads, after the environment is set.
 */
export function staffPageSecurityHeaders(agencies?: ServedAgencies, signInUrl = process.env[signInVariables.signInBaseUrl], uploadOrigin = uploadPostOrigin()): SecurityHeaderOptions {
  let signInOrigin = '';
  try {
    if (signInUrl) signInOrigin = ` ${new URL(signInUrl).origin}`;
  } catch {
    // A malformed setting fails the sign-in itself, with its own message; the pages keep the strict policy.
  }
  const uploads = uploadOrigin ? ` ${uploadOrigin}` : '';
  return {
    referrerPolicy: REFERRER_POLICY,
    contentSecurityPolicy: pagePolicy(agencies, `${STYLE_HASH} ${STAFF_STYLE_HASH}`, {
      'form-action': `'self'${signInOrigin}${uploads}`,
      'connect-src': `'self'${uploads}`,
      // The studio editor's JSON check (studio-script.ts), beside the intake script staff forms run.
      'script-src': `${SCRIPT_HASH} ${STUDIO_SCRIPT_HASH}`,
      sandbox: 'allow-forms allow-same-origin allow-scripts allow-downloads',
    }),
  };
}

/**
 * A secure link's pages (the one-time code: link-code-page.ts) and its PDF: no style or script at all, forms that post
 * only to this origin, and `no-referrer` so the token in the URL never leaves in a Referer. Under `no-referrer` a
 * browser posts with `Origin: null`, so the link's posts do not check Origin: the token in their path is the credential,
 * which a page on another site does not have.
 */
export function linkPageSecurityHeaders(): SecurityHeaderOptions {
  return {
    contentSecurityPolicy: {
      'form-action': "'self'", 'navigate-to': '', sandbox: 'allow-forms allow-same-origin',
      // The signing pages' one style block (sign-style.ts), by its hash; the code and refusal pages have none.
      'style-src': SIGN_STYLE_HASH,
      'upgrade-insecure-requests': undefined as unknown as string,
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
