/**
 * Per-client rate limits on the public routes: enforced by WAF in AWS (infra/public-edge.ts) and by the local
 * gateway (local/rate-limiter.ts), so the local stack refuses what the deployed one would.
 */

/** WAF rate-based rules count over this window (seconds); 300 is WAF's default and the smallest CloudFront-friendly choice. */
export const RATE_WINDOW_SECONDS = 300;
/**
 * Submissions per client IP per window. A submission costs a PDF render and an email, so this is the expensive path;
 * 300 in five minutes is still one a second, far above what a person (or a shared kiosk or shelter NAT) submits.
 */
export const SUBMISSIONS_PER_IP = 300;
/** Any public request per client IP per window: form schema fetches, pages and link opens included. */
export const PUBLIC_REQUESTS_PER_IP = 1500;
