import { directionOf } from '../../domain/forms/text-direction.ts';
import { html } from './html.ts';

export interface AddressCheckPage {
  readonly locale: string;
  readonly title: string;
  readonly message: string;
  readonly agencyName: string;
  readonly agencyPhone: string;
  /** The confirm button's words: present only on the page that asks, which posts back to its own address. */
  readonly button?: string;
}

/**
 * The pages of a client's confirm link: the question with its one button, the thanks, or why the link does not
 * work. Plain HTML with no style, script or link to follow (nothing the pages' Content-Security-Policy forbids).
 * Confirming is a POST from the button, never the GET itself, so a mail scanner that opens every link confirms
 * nothing.
 */
export function addressCheckPageHtml(page: AddressCheckPage): string {
  return html`<!doctype html>
<html lang="${page.locale}" dir="${directionOf(page.locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${page.title} · ${page.agencyName}</title></head>
<body><main><h1>${page.title}</h1><p>${page.message}</p>${page.button === undefined ? undefined : html`<form method="post"><button type="submit">${page.button}</button></form>`}<p>${page.agencyName} · ${page.agencyPhone}</p></main></body>
</html>
`.text;
}
