/**
 * Whether the Origin a browser sent with a post from a public page is this site's: the public base URL's origin in
 * AWS (CloudFront), or the Host the request came to locally. A post without Origin is refused too: every browser that
 * can fill in the page sends it. Shared by the intake page's post and its inline check, so a page on another site can
 * neither post a client's browser into a form (cross-site request forgery) nor use the check as an oracle.
 */
export function sameOrigin(origin: string | undefined, host: string | undefined, publicBaseUrl: string | undefined): boolean {
  if (!origin) return false;
  if (publicBaseUrl) return origin === new URL(publicBaseUrl).origin;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The inline check's test, for a `fetch` from the page rather than a form post: `sameOrigin` when the browser sent an
 * Origin; without one (Chromium leaves Origin off a same-origin fetch), the browser's own `Sec-Fetch-Site:
 * same-origin`, which no page's script can set or change. Neither header: refused, as a post without Origin is.
 */
export function fromOwnPage(headers: Readonly<Record<string, string | undefined>>, publicBaseUrl: string | undefined): boolean {
  if (headers.origin) return sameOrigin(headers.origin, headers.host, publicBaseUrl);
  return headers['sec-fetch-site'] === 'same-origin';
}
