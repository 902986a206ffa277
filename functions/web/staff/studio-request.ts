import type { FormBodyEvent } from '../http/form-body.ts';
import type { HttpResponse } from '../http/responses.ts';
import { sameOrigin } from '../http/same-origin.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import type { StaffChrome } from '../staff-pages/staff-layout.ts';
import { staffPageMessage } from './staff-page-handler.ts';
import { ENGLISH } from '../staff-pages/staff-words.ts';

/**
 * What a studio post refuses before it changes anything: a body that is not the page's form (or too large), and one
 * another site's page made a signed-in browser send (the session cookie is SameSite=Lax, which lets a top-level POST in).
 */
export function refusedStudioPost(event: FormBodyEvent, chrome: StaffChrome): HttpResponse | undefined {
  const words = (chrome.language ?? ENGLISH).words('staffStudio');
  if (!event.formBody.isForm || event.formBody.tooLarge) return staffPageMessage(415, chrome, words.t('refused.title'), words.t('refused.notForm'));
  if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
    return staffPageMessage(403, chrome, words.t('refused.title'), words.t('refused.otherSite'));
  }
  return undefined;
}

/** A draft revision as the page sent it: a whole number from 0, else undefined (a tampered form). */
export function revisionOf(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/** A pack version as pages name it: its 16-hex hash. */
export const isPackVersion = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{16}$/.test(value);
