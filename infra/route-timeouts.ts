import { Duration } from 'aws-cdk-lib';
import { CHROMIUM_ROUTES } from './chromium-function.ts';

/**
 * The exports read an agency's case index page by page while they write the file (docs/staff-pages.md, Exports):
 * their time grows with the agency, so they get what an HTTP API waits for an integration at most (30 s), not the
 * routes' 10 s. Every other route answers from a handful of reads.
 */
const EXPORT_TIMEOUT = Duration.seconds(29);
const LONG_ROUTES = new Set(['staff-exports', 'staff-csv-export', 'staff-case-list-export']);

/**
 * A route function's timeout, when it is not the default. A route that renders a PDF while the admin waits (the
 * studio's document preview) gets as long as the exports: a cold Chromium launch alone takes seconds on Lambda.
 */
export function routeTimeout(handler: string): Duration | undefined {
  return LONG_ROUTES.has(handler) || CHROMIUM_ROUTES.has(handler) ? EXPORT_TIMEOUT : undefined;
}
