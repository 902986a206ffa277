import { directionOf } from '../../domain/forms/text-direction.ts';
import { html } from './html.ts';

export interface LinkRefusedPage {
  readonly locale: string;
  readonly title: string;
  readonly message: string;
  readonly agencyName: string;
  readonly agencyPhone: string;
}

/**
 * The page a taken-back secure link answers with (410): plain HTML, no style, script or link to follow, so it needs
 * nothing the default Content-Security-Policy forbids; it says why in the opener's language and whom to call.
 */
export function linkRefusedPageHtml(page: LinkRefusedPage): string {
  return html`<!doctype html>
<html lang="${page.locale}" dir="${directionOf(page.locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${page.title} · ${page.agencyName}</title></head>
<body><main><h1>${page.title}</h1><p>${page.message}</p><p>${page.agencyName} · ${page.agencyPhone}</p></main></body>
</html>
`.text;
}
