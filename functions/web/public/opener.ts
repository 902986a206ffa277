import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { viewerAddressHeader } from './client-key.ts';

/**
 * Where a public token's use came from, for the audit trail (not a log: security.md): the viewer's address as the
 * public edge sets it (client-key.ts), else the caller's as API Gateway saw it, and the user agent as sent, cut to a
 * sane length. A secure link's opening (open-link.ts) and a confirm link's use (confirm-address.ts) record it.
 */
export function openerOf(event: APIGatewayProxyEventV2): { sourceAddress?: string; userAgent?: string } {
  const sourceAddress = event.headers?.[viewerAddressHeader] || event.requestContext.http?.sourceIp;
  const userAgent = event.headers?.['user-agent'] || event.requestContext.http?.userAgent;
  return { ...(sourceAddress ? { sourceAddress } : {}), ...(userAgent ? { userAgent: userAgent.slice(0, 512) } : {}) };
}
