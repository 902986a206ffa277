import { directionOf } from '../../domain/forms/text-direction.ts';
import { html, SafeHtml } from './html.ts';
import { SIGN_STYLE } from './sign-style.ts';

/**
 * The pages of a signing link (docs/signatures.md "The client signs"): HTML with one hashed style block (sign-style.ts:
 * large text and targets for a phone) and no script, so the link pages' strict policy holds (page-responses.ts
 * linkPageSecurityHeaders); every choice is a button in a form, so they work from the keyboard and without JavaScript.
 */

/** What every page shows: the agency, in the client's language. */
export interface SignPageFrame {
  readonly locale: string;
  readonly agencyName: string;
  readonly agencyPhone: string;
  /** The link's own path: its forms post under it. */
  readonly linkPath: string;
}

/** The consent page's words, already filled in: the title and paragraphs are the consent text the evidence keeps. */
export interface ConsentWords {
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly agree: string;
  readonly paper: string;
}

export interface ReadWords {
  readonly title: string;
  readonly lead: string;
  readonly openDocument: string;
  /** The intent, as the evidence keeps it ("I agree to this care plan."). */
  readonly intent: string;
  readonly nameLabel: string;
  readonly nameHint: string;
  readonly sign: string;
  readonly paper: string;
}

function page(frame: SignPageFrame, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${frame.locale}" dir="${directionOf(frame.locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title} · ${frame.agencyName}</title><style>${new SafeHtml(SIGN_STYLE)}</style></head>
<body><header><p>${frame.agencyName}</p></header><main><h1>${title}</h1>${body}</main><footer><p>${frame.agencyName} · ${frame.agencyPhone}</p></footer></body>
</html>
`.text;
}

const paperButton = (frame: SignPageFrame, label: string) =>
  html`<form method="post" action="${frame.linkPath}/consent"><p><button type="submit" name="choice" value="paper">${label}</button></p></form>`;

/** Step 1: the consent to sign electronically, how to get paper instead and how to withdraw; two buttons. */
export function consentPageHtml(frame: SignPageFrame, words: ConsentWords, error?: string): string {
  const alert = error ? html`<p role="alert"><strong>${error}</strong></p>` : html``;
  const paragraphs = html`${words.paragraphs.map((text) => html`<p>${text}</p>`)}`;
  return page(frame, words.title, html`${alert}${paragraphs}
<form method="post" action="${frame.linkPath}/consent"><p><button type="submit" name="choice" value="agree">${words.agree}</button></p></form>
${paperButton(frame, words.paper)}`);
}

/**
 * Step 2: the document (a link to the very PDF whose SHA-256 the signature records) and the sign form: the intent
 * box with its words, the typed name, and the way out to paper. An error names the field it is about.
 */
export function readPageHtml(frame: SignPageFrame, words: ReadWords, error?: { readonly field: 'intent' | 'name'; readonly message: string }): string {
  const alert = error ? html`<p id="sign-error" role="alert"><strong>${error.message}</strong></p>` : html``;
  const invalid = (field: 'intent' | 'name') => (error?.field === field ? html` aria-invalid="true" aria-describedby="sign-error${field === 'name' ? ' name-hint' : ''}"` : field === 'name' ? html` aria-describedby="name-hint"` : html``);
  return page(frame, words.title, html`${alert}<p>${words.lead}</p>
<p><a href="${frame.linkPath}?document=pdf">${words.openDocument}</a></p>
<form method="post" action="${frame.linkPath}/sign">
<p><input id="intent" name="intent" type="checkbox" value="yes" required${invalid('intent')}> <label for="intent">${words.intent}</label></p>
<p><label for="name">${words.nameLabel}</label><br><span id="name-hint">${words.nameHint}</span><br>
<input id="name" name="name" type="text" autocomplete="name" maxlength="200" required${invalid('name')}></p>
<p><button type="submit">${words.sign}</button></p>
</form>
${paperButton(frame, words.paper)}`);
}

/** Step 3, or the end of the paper choice: a message, and a link to the document when there is one to keep. */
export function signMessagePageHtml(frame: SignPageFrame, title: string, message: string, copy?: string): string {
  const link = copy ? html`<p><a href="${frame.linkPath}?document=pdf">${copy}</a></p>` : html``;
  return page(frame, title, html`<p>${message}</p>${link}`);
}
