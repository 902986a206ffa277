import { html } from '../public-pages/html.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH } from './staff-words.ts';

/** The staff entrance: one button to the sign-in domain, and why the user is here again when a session ended. */
export function renderSignInPage(chrome: StaffChrome, returnTo: string | undefined): string {
  const words = (chrome.language ?? ENGLISH).words('staffSignIn');
  return staffDocument(words.t('title'), chrome, html`<h1>${words.t('title')}</h1>
<p>${words.t('intro')}</p>
<p><a class="button primary" href="${startHref(returnTo)}">${words.t('signIn')}</a></p>`);
}

/**
 * A link, not a form: the policy's `form-action 'self'` would stop a form's redirect to the sign-in domain, which is
 * another origin in AWS.
 */
function startHref(returnTo: string | undefined): string {
  return `/staff/sign-in?${new URLSearchParams({ start: '1', ...(returnTo ? { returnTo } : {}) }).toString()}`;
}

/**
 * Where a sign-in may send the browser afterwards: a staff page of this site only (a path, never another origin:
 * no `//host`, no backslash tricks), else nowhere.
 */
export function safeReturnTo(value: string | undefined | null): string | undefined {
  if (!value || value.length > 1000) return undefined;
  return /^\/staff\/[A-Za-z0-9\-._~/?=&%]*$/.test(value) && !value.includes('//') ? value : undefined;
}
