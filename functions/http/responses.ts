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

export function problemResponse(problem: Problem): HttpResponse {
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store', ...problem.headers },
    body: JSON.stringify(problem.body()),
  };
}
