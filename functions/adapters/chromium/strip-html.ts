import type { Page } from 'puppeteer-core';

/**
 * Removes what would act on the page beyond drawing it: `<script>` (JavaScript is off, but a script is nothing a
 * document needs), `<base>` (it would point every relative URL elsewhere) and `<meta http-equiv>` (`refresh`
 * navigates the page away mid-render; `set-cookie` and `content-security-policy` with its reports act beyond
 * the page too; a document needs none of them). Templates are agency-editable, so the HTML may hold any of these.
 *
 * Chromium's own parser does it, in an inert document (`DOMParser`: no browsing context, so nothing in it loads or
 * runs), so what is removed is exactly what the rendering parser would have seen; a separate parser could read
 * the same bytes differently. Serializing and parsing again can, in odd markup, make elements appear that were
 * not there before, so the result is parsed once more and refused if any of them is still in it.
 */
const STRIP_IN_PAGE = `(html) => {
  const SELECTOR = 'script, base, meta[http-equiv]';
  // Template contents are documents of their own (and may become shadow roots): they are searched too.
  const strip = (root) => {
    let removed = 0;
    for (const element of root.querySelectorAll(SELECTOR)) { element.remove(); removed += 1; }
    for (const template of root.querySelectorAll('template')) removed += strip(template.content);
    return removed;
  };
  const parse = (text) => new DOMParser().parseFromString(text, 'text/html');
  // The doctype as written (public and system ids too), so the page keeps its rendering mode.
  const serialize = (doc) => (doc.doctype ? new XMLSerializer().serializeToString(doc.doctype) : '') + doc.documentElement.outerHTML;
  const doc = parse(html);
  if (strip(doc) === 0) return { html, remaining: 0 };
  const stripped = serialize(doc);
  return { html: stripped, remaining: strip(parse(stripped)) };
}`;

interface Stripped {
  /** The HTML as given when nothing was removed, so an ordinary document renders from its own bytes. */
  html: string;
  /** Elements found on parsing the stripped HTML again: none, or the HTML is refused. */
  remaining: number;
}

export class UnstrippableHtmlError extends Error {
  override readonly name = 'UnstrippableHtmlError';
}

/** The document's HTML without scripts, `<base>` and `<meta http-equiv>`, parsed by the page's own Chromium. */
export async function stripHtml(page: Page, html: string): Promise<string> {
  const result = (await page.evaluate(`(${STRIP_IN_PAGE})(${JSON.stringify(html)})`)) as Stripped;
  if (result.remaining > 0) {
    throw new UnstrippableHtmlError(`${result.remaining} script, base or meta http-equiv element(s) survived stripping`);
  }
  return result.html;
}
