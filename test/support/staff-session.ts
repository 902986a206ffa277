import type { Role } from '../../functions/contracts/roles.ts';
import type { LocalStack } from '../../local/stack.ts';

/** A browser's cookie jar, as far as these tests need one: name → value, from Set-Cookie headers. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A request as the browser sends it: the jar's cookies, no redirects followed, Set-Cookie kept. */
export async function browse(stack: LocalStack, jar: CookieJar, pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${stack.url}${pathOrUrl}`;
  const headers = new Headers(init.headers);
  if (jar.cookies.size > 0) headers.set('cookie', jar.header());
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.take(response);
  return response;
}

export interface SignedIn {
  readonly jar: CookieJar;
  /** Where the sign-in landed (the case list, or returnTo). */
  readonly landedAt: string;
}

export interface SignInOptions {
  readonly agencyId?: string;
  readonly email?: string;
  readonly returnTo?: string;
}

/** A sign-in up to the dev issuer's answer: where it sent the browser to authorize, and the callback it sends it back to. */
export interface ChosenAtIssuer {
  readonly authorize: URL;
  readonly callback: URL;
}

/**
 * The first half of a sign-in, as a browser does it: the staff entrance, then the dev issuer's sign-in page with its
 * form posted. The callback is returned, not followed, so a test can tamper with it or follow it itself.
 */
export async function chooseAtDevIssuer(stack: LocalStack, jar: CookieJar, role: Role, { agencyId = 'demo', email = '', returnTo }: SignInOptions = {}): Promise<ChosenAtIssuer> {
  const start = await browse(stack, jar, `/staff/sign-in?${new URLSearchParams({ start: '1', ...(returnTo ? { returnTo } : {}) }).toString()}`);
  if (start.status !== 303) throw new Error(`sign-in start answered ${start.status}`);
  const authorize = new URL(start.headers.get('location')!);
  const page = await browse(stack, jar, authorize.toString());
  if (page.status !== 200) throw new Error(`dev issuer sign-in page answered ${page.status}`);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('agency', agencyId);
  form.set('role', role);
  form.set('email', email);
  const chosen = await browse(stack, jar, `${authorize.origin}${authorize.pathname}`, { method: 'POST', body: form });
  if (chosen.status !== 302) throw new Error(`dev issuer answered ${chosen.status}`);
  return { authorize, callback: new URL(chosen.headers.get('location')!) };
}

/**
 * Signs in the way a browser does: the staff entrance, the dev issuer's sign-in page (posting its form), the callback.
 * Every step is the real HTTP exchange; nothing is minted by the test.
 */
export async function signIn(stack: LocalStack, role: Role, options: SignInOptions = {}): Promise<SignedIn> {
  const jar = new CookieJar();
  const { callback: callbackUrl } = await chooseAtDevIssuer(stack, jar, role, options);
  const callback = await browse(stack, jar, callbackUrl.toString());
  if (callback.status !== 303) throw new Error(`callback answered ${callback.status}: ${await callback.text()}`);
  return { jar, landedAt: callback.headers.get('location')! };
}

/**
 * The hidden fields a form page was rendered with (token, case version, language): the page's own form's, when it has
 * one (`#form-start`; a staff form's Documents section puts storage's upload forms before it).
 */
export function hiddenFields(html: string): Record<string, string> {
  const start = html.indexOf('id="form-start"');
  const fields: Record<string, string> = {};
  for (const match of (start >= 0 ? html.slice(start) : html).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[match[1]!] = match[2]!;
  return fields;
}

/** A staff page's form post, as the browser sends it from the stack's own page. */
export function postForm(stack: LocalStack, jar: CookieJar, path: string, fields: Record<string, string>, origin = stack.url): Promise<Response> {
  return browse(stack, jar, path, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
}
