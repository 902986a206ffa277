import { Validator } from '@seriousme/openapi-schema-validator';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/contracts/routes.ts';
import { projectRoot } from '../../local/stack.ts';

const file = join(projectRoot, 'docs', 'openapi.yaml');

async function loadSpec() {
  const validator = new Validator();
  const result = await validator.validate(file);
  return { result, spec: validator.specification as { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: string[] }>> } };
}

describe('docs/openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const { result, spec } = await loadSpec();
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(spec.openapi).toMatch(/^3\.1\./);
  });

  it('documents exactly the routes of the route table, with their access and roles', async () => {
    const { spec } = await loadSpec();
    const documented = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.entries(operations).filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method)).map(([method, operation]) => ({ path, method, operation })));
    expect(documented.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
    for (const route of routes) {
      const operation = spec.paths[route.path]![route.method.toLowerCase()]!;
      if (route.handler === 'submit') {
        // Open unless the agency asks for a page token or an API key (agency.json intake.jsonApi).
        expect(operation.security, route.path).toEqual([{}, { intakePageToken: [] }, { intakeApiKey: [] }]);
      } else if (route.access === 'public' || (route.access === 'staff-page' && !route.roles)) {
        expect(operation.security, route.path).toEqual([]);
      } else if (route.access === 'staff-page') {
        expect(operation.security, route.path).toEqual([{ staffSession: [] }]);
        expect([...(operation['x-roles'] ?? [])].sort(), route.path).toEqual([...route.roles!].sort());
      } else {
        expect(operation.security, route.path).toEqual([{ staffJwt: [] }]);
        expect([...(operation['x-roles'] ?? [])].sort(), route.path).toEqual([...(route.roles ?? [])].sort());
      }
    }
  });
});
