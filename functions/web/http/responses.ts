import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Problem } from './problem.ts';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** The problem worded in `locale` (Content-Language says so), or in English when the language is not known. */
export function problemResponse(problem: Problem, locale?: string): HttpResponse {
  return {
    statusCode: problem.status,
    headers: {
      'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store', ...problem.headers,
      ...(locale ? { 'Content-Language': locale } : {}),
    },
    body: JSON.stringify(problem.body(locale)),
  };
}

/**
 * A generated document as a download: never cached, and its RFC 9530 digest (the SHA-256 recorded when it was
 * generated), so it can be checked end to end.
 */
export function pdfResponse(pdf: Buffer, filename: string, sha256Hex: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'Repr-Digest': `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`,
      ...headers,
    },
    body: pdf.toString('base64'),
    isBase64Encoded: true,
  };
}
