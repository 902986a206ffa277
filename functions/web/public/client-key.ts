import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { Agency } from '../../domain/forms/agency.ts';

/**
 * The client's address, set by the public edge's CloudFront Function over any value the client sent
 * (infra/public-edge.ts). Requests that did not come through the edge are refused by the origin check in AWS.
 */
export const viewerAddressHeader = 'x-caseforms-viewer-address';

/**
 * Where the agency sends intake receipts (a `receipt` route in agency.json), the key the receipt's per-client limit
 * counts by: a hash of the client's network address with the agency id, never the address. Behind CloudFront,
 * API Gateway's own source IP is CloudFront's: the client's address is in the edge's header.
 */
export function receiptClientKey(agency: Agency, event: APIGatewayProxyEventV2): string | undefined {
  if (!agency.delivery?.routes?.receipt) return undefined;
  const address = event.headers[viewerAddressHeader] || event.requestContext.http.sourceIp;
  return createHash('sha256').update(`${agency.id}\n${address}`).digest('hex').slice(0, 32);
}
