import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LINK_CODE_VALID_MINUTES, LINK_PASS_MINUTES } from '../../domain/delivery/link-code.ts';
import type { Agency } from '../../domain/forms/agency.ts';
import { readCookie, setCookie } from '../http/cookies.ts';
import { htmlResponse } from '../http/page-responses.ts';
import { phrase, wordPhrase, type Phrase } from '../http/problem-phrases/index.ts';
import type { LocaleEvent } from '../http/request-locale.ts';
import type { HttpResponse } from '../http/responses.ts';
import { linkCodePageHtml } from '../public-pages/link-code-page.ts';

/** The cookie a browser that confirmed a link's code keeps; scoped to that link's path. */
export const LINK_PASS_COOKIE = 'caseforms_link_pass';

/** A link's path on the public API (the code pages post there), as the mail's link names it. */
export function linkPath(agencyId: string, token: string): string {
  return `/agencies/${agencyId}/links/${token}`;
}

/** A code page in the opener's language (the page's locale, from Accept-Language among the agency's). */
export function linkCodePage(
  event: APIGatewayProxyEventV2, agency: Agency, token: string,
  { status = 200, step, error, headers = {} }: { status?: number; step: 'ask' | 'enter'; error?: Phrase; headers?: Record<string, string> },
): HttpResponse {
  const locale = (event as LocaleEvent).locale;
  const say = (text: Phrase) => wordPhrase(text, locale);
  return htmlResponse(status, linkCodePageHtml({
    locale, agencyName: agency.name, agencyPhone: agency.contact.phone, linkPath: linkPath(agency.id, token), step,
    words: {
      title: say(phrase('linkCodeTitle')),
      lead: say(step === 'ask' ? phrase('linkCodeAsk') : phrase('linkCodeSent', LINK_CODE_VALID_MINUTES)),
      send: say(phrase('linkCodeSend')), label: say(phrase('linkCodeLabel')), open: say(phrase('linkCodeOpen')), resend: say(phrase('linkCodeResend')),
    },
    ...(error ? { error: say(error) } : {}),
  }), { 'Content-Language': locale, ...headers });
}

/** The pass a request carries for its link, if any. */
export function linkPassOf(event: APIGatewayProxyEventV2): string | undefined {
  const pass = readCookie(event, LINK_PASS_COOKIE);
  return pass && /^[A-Za-z0-9_-]{43}$/.test(pass) ? pass : undefined;
}

/**
 * After a right code: back to the link itself (a GET, so reloading does not post the code again), with the pass in an
 * HttpOnly, SameSite=Strict cookie sent to that link's path only; Secure whenever the API is served over https.
 */
export function openWithPass(agencyId: string, token: string, pass: string, publicBaseUrl: string | undefined): HttpResponse {
  const path = linkPath(agencyId, token);
  return {
    statusCode: 303,
    headers: { Location: path, 'Cache-Control': 'no-store' },
    cookies: [setCookie(LINK_PASS_COOKIE, pass, { path, maxAgeSeconds: LINK_PASS_MINUTES * 60, secure: publicBaseUrl?.startsWith('https:') ?? true, sameSite: 'Strict' })],
  };
}
