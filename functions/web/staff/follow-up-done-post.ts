import type { FormBodyEvent } from '../http/form-body.ts';
import type { HttpResponse } from '../http/responses.ts';
import { sameOrigin } from '../http/same-origin.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import type { StaffChrome } from '../staff-pages/staff-layout.ts';
import { staffPageMessage } from './staff-page-handler.ts';
import { ENGLISH } from '../staff-pages/staff-words.ts';

/**
 * What the "Mark done" post refuses before it changes anything: a body that is not the page's form, and one another
 * site's page made a signed-in browser send (the session cookie is SameSite=Lax, which lets a top-level POST through).
 */
export function refusedFollowUpDonePost(event: FormBodyEvent, chrome: StaffChrome): HttpResponse | undefined {
  const words = (chrome.language ?? ENGLISH).words('staffFollowUps');
  if (!event.formBody.isForm || event.formBody.tooLarge) return staffPageMessage(415, chrome, words.t('refused.title'), words.t('refused.notForm'));
  if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
    return staffPageMessage(403, chrome, words.t('refused.title'), words.t('refused.otherSite'));
  }
  return undefined;
}

/** Where the page post sends the browser back to: the list, saying what happened. */
export const followUpsPageAfter = (agencyId: string, result: 'done' | 'already-done') => `/staff/${agencyId}/follow-ups?followUp=${result}`;
