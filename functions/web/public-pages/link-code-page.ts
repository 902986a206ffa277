import { directionOf } from '../../domain/forms/text-direction.ts';
import { LINK_CODE_DIGITS } from '../../domain/delivery/link-code.ts';
import { html } from './html.ts';

/** The words of a code page, already in the opener's language (problem-phrases: linkCode*). */
export interface LinkCodePageWords {
  readonly title: string;
  /** What happens or happened: "we will send a code…" or "we sent a code…". */
  readonly lead: string;
  readonly send: string;
  readonly label: string;
  readonly open: string;
  readonly resend: string;
}

export interface LinkCodePage {
  readonly locale: string;
  readonly agencyName: string;
  readonly agencyPhone: string;
  /** The link's own path: the code is checked there, and sent from `<path>/code`. */
  readonly linkPath: string;
  /** `ask`: only the Send button; `enter`: the code field, and a button for a new code. */
  readonly step: 'ask' | 'enter';
  readonly words: LinkCodePageWords;
  /** Why the last try did not work, announced to screen readers. */
  readonly error?: string;
}

/**
 * The page a secure link shows when it wants a one-time code: plain HTML with no style or script, so the link pages'
 * strict policy holds (page-responses.ts linkPageSecurityHeaders). Sending is a POST, so a mail scanner that follows
 * the link sends nothing; the field is labelled, numeric, and offered the code from the mail by the browser
 * (`autocomplete="one-time-code"`); an error is tied to the field and announced.
 */
export function linkCodePageHtml(page: LinkCodePage): string {
  const { words } = page;
  const error = page.error ? html`<p id="code-error" role="alert"><strong>${page.error}</strong></p>` : html``;
  const described = page.error ? html` aria-describedby="code-error" aria-invalid="true"` : html``;
  const enter = page.step === 'enter'
    ? html`<form method="post" action="${page.linkPath}"><p><label for="code">${words.label}</label><br>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="${String(LINK_CODE_DIGITS + 2)}" required${described}></p>
<p><button type="submit">${words.open}</button></p></form>
<form method="post" action="${page.linkPath}/code"><p><button type="submit">${words.resend}</button></p></form>`
    : html`<form method="post" action="${page.linkPath}/code"><p><button type="submit">${words.send}</button></p></form>`;
  return html`<!doctype html>
<html lang="${page.locale}" dir="${directionOf(page.locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${words.title} · ${page.agencyName}</title></head>
<body><main><h1>${words.title}</h1>${error}<p>${words.lead}</p>${enter}<p>${page.agencyName} · ${page.agencyPhone}</p></main></body>
</html>
`.text;
}
