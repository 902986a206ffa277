import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Agency } from '../../functions/domain/forms/agency.ts';
import { receiptClientKey, viewerAddressHeader } from '../../functions/web/public/client-key.ts';

const agency = (receipt: boolean) => ({ id: 'demo', delivery: receipt ? { routes: { receipt: ['client'] } } : {} }) as unknown as Agency;
const event = (headers: Record<string, string>, sourceIp = '192.0.2.50') => ({ headers, requestContext: { http: { sourceIp } } }) as unknown as APIGatewayProxyEventV2;

describe('the receipt limit\'s client key', () => {
  it('counts by the address the edge saw, not CloudFront\'s, and never holds the address itself', () => {
    const viaEdge = receiptClientKey(agency(true), event({ [viewerAddressHeader]: '203.0.113.9' }, '130.176.0.1'));
    const sameClient = receiptClientKey(agency(true), event({ [viewerAddressHeader]: '203.0.113.9' }, '130.176.0.2'));
    const otherClient = receiptClientKey(agency(true), event({ [viewerAddressHeader]: '203.0.113.10' }, '130.176.0.1'));
    expect(viaEdge).toBe(sameClient);
    expect(viaEdge).not.toBe(otherClient);
    expect(viaEdge).toMatch(/^[0-9a-f]{32}$/);
    expect(viaEdge).not.toContain('203.0.113.9');
  });

  it('falls back to the source address without the edge (locally), and is not made for agencies without receipts', () => {
    expect(receiptClientKey(agency(true), event({}, '192.0.2.50'))).toBe(receiptClientKey(agency(true), event({ [viewerAddressHeader]: '192.0.2.50' }, '10.0.0.1')));
    expect(receiptClientKey(agency(false), event({ [viewerAddressHeader]: '203.0.113.9' }))).toBeUndefined();
  });
});
