import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { Agency } from '../forms/agency.ts';

/**
 * Where the agency sends intake receipts (a `receipt` route in agency.json), the key the receipt's per-client limit
 * counts by: a hash of the client's network address with the agency id, never the address. Behind CloudFront the
 * client's address is in CloudFront-Viewer-Address (`ip:port`); API Gateway's own source IP is then CloudFront's.
 */
export function receiptClientKey(agency: Agency, event: APIGatewayProxyEventV2): string | undefined {
  if (!agency.delivery?.routes?.receipt) return undefined;
  const viewer = event.headers['cloudfront-viewer-address']?.replace(/:\d+$/, '');
  const address = viewer || event.requestContext.http.sourceIp;
  return createHash('sha256').update(`${agency.id}\n${address}`).digest('hex').slice(0, 32);
}
