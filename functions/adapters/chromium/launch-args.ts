/**
 * Chromium's command line for rendering documents: @sparticuz/chromium's serverless flags, less what would let a
 * page reach further, plus a host resolver that resolves nothing. Templates are agency-editable, so a document may
 * name any URL; the page refuses every request (sealed-page.ts), and this is the floor beneath that: a request
 * that escapes the page's interception (a `<link rel=prefetch>` did) still cannot find a host to talk to.
 */

/**
 * Flags of @sparticuz/chromium's that widen what a page may do, and that rendering HTML to PDF does not need:
 * `--disable-web-security` turns off the same-origin policy; `--allow-running-insecure-content` lets an https page
 * load http content. Rendering without them is tested (test/documents/).
 */
export const DROPPED_FLAGS: readonly string[] = ['--disable-web-security', '--allow-running-insecure-content'];

/**
 * Every host name and every IP literal (`localhost` and `127.0.0.1` included) fails to resolve, so nothing is
 * connected to. The DevTools connection is not affected: puppeteer connects to it from Node, not through the
 * browser's own resolver.
 */
export const RESOLVE_NOTHING = '--host-resolver-rules=MAP * ~NOTFOUND';

export function launchArgs(serverlessArgs: readonly string[]): string[] {
  const kept = serverlessArgs.filter((arg) => !DROPPED_FLAGS.includes(arg.split('=')[0]!));
  return [...kept, RESOLVE_NOTHING];
}
