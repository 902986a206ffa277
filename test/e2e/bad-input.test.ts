import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { bucketKeys, itemsOfType, queueDepth, tableItems } from '../../local/aws-readback.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH, type PostOptions } from '../support/test-stack.ts';

let stack: LocalStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

function nested(depth: number): string {
  return `{"situation":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

interface BadCase {
  readonly name: string;
  readonly path?: string;
  readonly request: PostOptions;
  readonly status: number;
  readonly pointers?: readonly string[];
}

const example = demoExample();
const cases: BadCase[] = [
  { name: 'malformed JSON', request: { body: '{"givenName": "Ana",' }, status: 400 },
  { name: 'an empty body', request: { body: '' }, status: 400 },
  { name: 'invalid UTF-8', request: { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), contentType: 'application/json' }, status: 400 },
  { name: 'an array body', request: { body: JSON.stringify([example]) }, status: 400, pointers: [''] },
  { name: 'a string body', request: { body: '"hello"' }, status: 400, pointers: [''] },
  { name: 'a null body', request: { body: 'null' }, status: 400, pointers: [''] },
  { name: 'nesting deeper than 32', request: { body: nested(33) }, status: 400 },
  { name: 'a __proto__ key', request: { body: JSON.stringify(example).replace('{', '{"__proto__":{"isAdmin":true},') }, status: 400, pointers: ['/__proto__'] },
  { name: 'a nested constructor key', request: { body: JSON.stringify({ ...example, contact: { constructor: { prototype: {} } } }) }, status: 400, pointers: ['/contact/constructor'] },
  { name: 'a prototype key inside an array', request: { body: JSON.stringify({ ...example, needs: [{ prototype: 1 }] }) }, status: 400, pointers: ['/needs/0/prototype'] },
  { name: 'a body over 256 KB', request: { body: JSON.stringify({ ...example, situation: 'x'.repeat(256 * 1024) }) }, status: 413 },
  { name: 'text/plain', request: { body: JSON.stringify(example), contentType: 'text/plain' }, status: 415 },
  { name: 'no content type', request: { body: JSON.stringify(example), contentType: null }, status: 415 },
  { name: 'form-urlencoded', request: { body: 'givenName=Ana', contentType: 'application/x-www-form-urlencoded' }, status: 415 },
  { name: 'a non-UTF-8 charset', request: { body: JSON.stringify(example), contentType: 'application/json; charset=latin1' }, status: 415 },
  { name: 'an unknown agency', path: '/agencies/nobody/forms/intake/submissions', request: { body: JSON.stringify(example) }, status: 404 },
  { name: 'an unknown form', path: '/agencies/demo/forms/nothing/submissions', request: { body: JSON.stringify(example) }, status: 404 },
  { name: 'a staff-only form', path: '/agencies/demo/forms/assessment/submissions', request: { body: JSON.stringify(demoExample('assessment')) }, status: 404 },
  { name: 'a .. path segment', path: '/agencies/../forms/intake/submissions', request: { body: JSON.stringify(example) }, status: 404 },
  { name: 'an encoded slash in a segment', path: '/agencies/demo%2f..%2fdemo/forms/intake/submissions', request: { body: JSON.stringify(example) }, status: 404 },
  { name: 'an upper-case id', path: '/agencies/DEMO/forms/intake/submissions', request: { body: JSON.stringify(example) }, status: 404 },
  { name: 'a malformed Idempotency-Key', request: { body: JSON.stringify(example), idempotencyKey: 'has spaces and ünïcode' }, status: 400 },
  {
    name: 'missing required fields, one error each',
    request: { body: JSON.stringify({ givenName: 'Ana', contact: {} }) },
    status: 422,
    pointers: ['/familyName', '/dateOfBirth', '/preferredLanguage', '/needs', '/consentToContact', '/contact/phone'],
  },
  {
    name: 'wrong types and a property the schema does not allow',
    request: { body: JSON.stringify({ ...example, givenName: 42, household: { size: 'three' }, favouriteColour: 'blue' }) },
    status: 422,
    pointers: ['/givenName', '/household/size', '/favouriteColour'],
  },
  {
    name: 'format, enum and const violations',
    request: { body: JSON.stringify({ ...example, dateOfBirth: '1984-13-45', preferredLanguage: 'klingon', consentToContact: false, contact: { phone: '+1 555 0142', email: 'not-an-email' } }) },
    status: 422,
    pointers: ['/dateOfBirth', '/preferredLanguage', '/consentToContact', '/contact/email', '/contact/emailIsSafe'],
  },
];

describe('bad input gets a 4xx problem body and stores nothing', () => {
  it.each(cases)('$name → $status', async ({ path = SUBMIT_PATH, request, status, pointers }) => {
    const itemsBefore = (await tableItems(stack.resources.tableName)).length;
    const objectsBefore = (await bucketKeys(stack.resources.bucketName)).length;

    const response = await post(stack, path, request);

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = response.json!;
    expect(problem).toMatchObject({ type: expect.stringMatching(/^urn:caseforms:problem:/), title: expect.any(String), status, detail: expect.any(String) });
    expect(Array.isArray(problem.errors)).toBe(true);
    const errors = problem.errors as Array<{ pointer: string; message: string }>;
    for (const error of errors) expect(error).toEqual({ pointer: expect.any(String), message: expect.any(String) });
    if (pointers) expect(errors.map((error) => error.pointer).sort()).toEqual([...pointers].sort());

    expect((await tableItems(stack.resources.tableName)).length).toBe(itemsBefore);
    expect((await bucketKeys(stack.resources.bucketName)).length).toBe(objectsBefore);
    expect(await queueDepth(stack.resources.documentQueueUrl)).toBe(0);
  });

  it('names each failing field with its title, in plain words', async () => {
    const response = await post(stack, SUBMIT_PATH, { body: JSON.stringify({ ...example, dateOfBirth: undefined, givenName: 7 }) });
    const errors = response.json!.errors as Array<{ pointer: string; message: string }>;
    expect(errors).toContainEqual({ pointer: '/dateOfBirth', message: 'Date of birth: please fill this in' });
    expect(errors).toContainEqual({ pointer: '/givenName', message: 'Given name: enter text here' });
  });

  it('answers an unknown route with a 404 problem, not a 500', async () => {
    const response = await fetch(`${stack.url}/agencies/demo/forms/intake/submissions/extra`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('conditional sections', () => {
  it('requires the dependents section when the client says people depend on them, and ignores it otherwise', async () => {
    const { dependents: _, ...withoutDependents } = example as Record<string, unknown>;
    const missing = await post(stack, SUBMIT_PATH, { body: JSON.stringify({ ...withoutDependents, hasDependents: true }) });
    expect(missing.status).toBe(422);
    expect((missing.json!.errors as Array<{ pointer: string }>).map((error) => error.pointer)).toEqual(['/dependents']);

    // A section that does not apply is not an error (a page without JavaScript shows it to everyone): its answers
    // are dropped before validation and not stored.
    const unexpected = await post(stack, SUBMIT_PATH, { body: JSON.stringify({ ...example, hasDependents: false }) });
    expect(unexpected.status, unexpected.text).toBe(201);
    const items = await tableItems(stack.resources.tableName);
    const submission = itemsOfType(items, 'submission').find((item) => item.submissionId === unexpected.json!.id)!;
    const raw = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: stack.resources.bucketName, Key: String(submission.rawKey) }));
    expect(JSON.parse(await raw.Body!.transformToString('utf8'))).toEqual({ ...withoutDependents, hasDependents: false });
  });
});

describe('errors in the language the client asks for', () => {
  it('answers in Spanish with Content-Language when Accept-Language prefers it', async () => {
    const response = await fetch(`${stack.url}${SUBMIT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
      body: JSON.stringify({ ...example, dateOfBirth: undefined }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-language')).toBe('es');
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([{ pointer: '/dateOfBirth', message: 'Fecha de nacimiento: este campo es obligatorio' }]);
  });
});
