import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { createUploadsBucket, formsDirWithTenancy, postToPresigned, sampleExe, samplePdf, samplePng } from '../support/upload-pack.ts';

// A tenancy-support agency written for this test (English and Spanish, a "proof of income" file question: PDF or
// PNG, 1 MB, 2 files): the whole JSON path of an upload against the emulator, and every bad input the issue names.
let stack: LocalStack;
const uploadsBucket = `test-uploads-${randomBytes(4).toString('hex')}`;
const UPLOADS = '/intake/tenancy/application/uploads';
const FIELD = '/proofOfIncome';

beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithTenancy(), documentWorker: false, functionEnvironment: { UPLOADS_BUCKET_NAME: uploadsBucket } });
  await createUploadsBucket(uploadsBucket);
});
afterAll(async () => { await stack?.stop(); });

const s3 = () => new S3Client({ forcePathStyle: true });
const dynamo = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));

interface Presigned { uploadId: string; url: string; fields: Record<string, string>; expiresAt: string }

async function presign(ask: Record<string, unknown>, { language = 'en', path = UPLOADS } = {}) {
  return post(stack, path, { body: JSON.stringify(ask), headers: { 'accept-language': language } });
}

async function receive(uploadId: string, { language = 'en', path = UPLOADS } = {}) {
  return post(stack, `${path}/${uploadId}`, { body: '', contentType: null, headers: { 'accept-language': language } });
}

/** Presigns, POSTs the bytes to the presigned URL (as a browser would) and receives: what a page's script does. */
async function upload(bytes: Buffer, { name = 'payslip.pdf', type = 'application/pdf', size = bytes.length, language = 'en', path = UPLOADS } = {}) {
  const asked = await presign({ field: FIELD, name, type, size }, { language, path });
  expect(asked.status).toBe(201);
  const presigned = asked.json as unknown as Presigned;
  const sent = await postToPresigned(presigned, bytes, name);
  expect(sent.status).toBeLessThan(400);
  return { presigned, received: await receive(presigned.uploadId, { language, path }) };
}

const uploadItem = async (agencyId: string, uploadId: string) =>
  (await dynamo().send(new GetCommand({ TableName: stack.resources.tableName, Key: { pk: keys.upload(agencyId, uploadId), sk: keys.uploadRecord() }, ConsistentRead: true }))).Item;
const quarantined = async (agencyId: string, uploadId: string) =>
  s3().send(new HeadObjectCommand({ Bucket: uploadsBucket, Key: uploadObjects.quarantine(agencyId, uploadId) })).then(() => true, () => false);

describe('an upload through the JSON API', () => {
  it('presigns a POST that pins the key, the type, the size range and the metadata', async () => {
    const asked = await presign({ field: FIELD, name: 'nómina marzo.pdf', type: 'application/pdf', size: 1234 });
    expect(asked.status).toBe(201);
    const { uploadId, url, fields, expiresAt } = asked.json as unknown as Presigned;
    expect(uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(url).toContain(`/${uploadsBucket}`);
    expect(fields.key).toBe(`quarantine/tenancy/${uploadId}`);
    expect(fields['Content-Type']).toBe('application/pdf');
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 1024 * 1024]);
    expect(policy.conditions).toContainEqual({ key: `quarantine/tenancy/${uploadId}` });
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'application/pdf' });
    expect(policy.conditions).toContainEqual({ 'x-amz-meta-form': 'application' });
    expect(policy.conditions).toContainEqual({ 'x-amz-meta-field': FIELD });
    expect(policy.conditions).toContainEqual({ 'x-amz-meta-name': encodeURIComponent('nómina marzo.pdf') });
    const minutes = (Date.parse(policy.expiration) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
  });

  it('receives a PDF: checks its bytes, keeps its record (pending its scan, expiring in a day) and answers what it kept', async () => {
    const bytes = samplePdf();
    const { presigned, received } = await upload(bytes, { name: 'nómina marzo.pdf' });
    expect(received.status).toBe(200);
    expect(received.json).toEqual({ uploadId: presigned.uploadId, name: 'nómina marzo.pdf', size: bytes.length, type: 'application/pdf', scan: 'pending' });
    const item = await uploadItem('tenancy', presigned.uploadId);
    expect(item).toMatchObject({ agencyId: 'tenancy', formId: 'application', field: FIELD, name: 'nómina marzo.pdf', size: bytes.length, contentType: 'application/pdf', scan: 'pending' });
    expect(item?.etag).toMatch(/^"?[0-9a-f]{32}"?$/);
    expect(item?.caseId).toBeUndefined();
    const hours = ((item?.expiresAt as number) * 1000 - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    expect(await quarantined('tenancy', presigned.uploadId)).toBe(true);
  });

  it('takes a PNG by its bytes, whatever the browser declared', async () => {
    const { received } = await upload(samplePng(), { name: 'payslip.png', type: 'image/png' });
    expect(received.status).toBe(200);
    expect((received.json as { type: string }).type).toBe('image/png');
  });

  it('answers a second receive of the same file with 409 and changes nothing', async () => {
    const { presigned } = await upload(samplePdf());
    const before = await uploadItem('tenancy', presigned.uploadId);
    const again = await receive(presigned.uploadId, { language: 'es' });
    expect(again.status).toBe(409);
    expect((again.json as { detail: string }).detail).toBe('Este archivo ya se recibió.');
    expect(await uploadItem('tenancy', presigned.uploadId)).toEqual(before);
  });
});

describe('bad files and bad asks', () => {
  it('refuses an .exe renamed .pdf at the file question, in Spanish, and deletes it', async () => {
    const { presigned, received } = await upload(sampleExe(), { name: 'nomina.pdf', language: 'es' });
    expect(received.status).toBe(422);
    expect(received.headers.get('content-language')).toBe('es');
    expect((received.json as { errors: unknown[] }).errors).toEqual([{ pointer: FIELD, message: 'Este archivo no es un PDF o una foto (PNG). No se guardó nada.' }]);
    expect(await quarantined('tenancy', presigned.uploadId)).toBe(false);
    expect(await uploadItem('tenancy', presigned.uploadId)).toBeUndefined();
  });

  it('refuses an empty file when it is received (the policy stops it at S3 in AWS), and deletes it', async () => {
    const asked = await presign({ field: FIELD, name: 'empty.pdf', type: 'application/pdf', size: 10 });
    const presigned = asked.json as unknown as Presigned;
    await postToPresigned(presigned, Buffer.alloc(0), 'empty.pdf');
    const received = await receive(presigned.uploadId);
    expect(received.status).toBe(422);
    expect((received.json as { errors: unknown[] }).errors).toEqual([{ pointer: FIELD, message: 'This file is empty. Choose the file again.' }]);
    expect(await quarantined('tenancy', presigned.uploadId)).toBe(false);
  });

  it('refuses a file larger than the question takes when it is received, and deletes it', async () => {
    const big = Buffer.concat([samplePdf(), Buffer.alloc(1024 * 1024)]);
    const asked = await presign({ field: FIELD, name: 'big.pdf', type: 'application/pdf', size: 10 });
    const presigned = asked.json as unknown as Presigned;
    await postToPresigned(presigned, big, 'big.pdf');
    const received = await receive(presigned.uploadId);
    expect(received.status).toBe(422);
    expect((received.json as { errors: unknown[] }).errors).toEqual([{ pointer: FIELD, message: 'This file is too large: this question takes files of up to 1 MB.' }]);
    expect(await quarantined('tenancy', presigned.uploadId)).toBe(false);
  });

  it.each([
    ['a declared size over the limit', { size: 1024 * 1024 + 1 }, '/size', 'Este archivo es demasiado grande: esta pregunta acepta archivos de hasta 1 MB.'],
    ['an empty file', { size: 0 }, '/size', 'Este archivo está vacío. Vuelva a elegir el archivo.'],
    ['a name with folder parts', { name: '../../etc/passwd.pdf' }, '/name', 'El nombre del archivo no puede contener partes de carpeta como "/", "\\" o "..". Cambie el nombre del archivo y vuelva a intentarlo.'],
    ['a name with a backslash', { name: 'C:\\Users\\rosa\\payslip.pdf' }, '/name', 'El nombre del archivo no puede contener partes de carpeta como "/", "\\" o "..". Cambie el nombre del archivo y vuelva a intentarlo.'],
    ['a name with a control character', { name: 'payslip\r\nX-Injected: 1.pdf' }, '/name', 'El nombre del archivo contiene caracteres que no se pueden mostrar. Cambie el nombre del archivo y vuelva a intentarlo.'],
    ['a name that hides its extension (right-to-left override)', { name: 'payslip\u202Efdp.exe' }, '/name', 'El nombre del archivo contiene caracteres que no se pueden mostrar. Cambie el nombre del archivo y vuelva a intentarlo.'],
    ['an unknown field', { field: '/fullName' }, '/field', 'Este formulario no tiene esa pregunta de archivo.'],
    ['a type the question does not take', { type: 'image/jpeg' }, '/type', 'Esta pregunta solo acepta un PDF o una foto (PNG).'],
  ])('refuses %s with a 422 at %s in the client\'s language, and signs nothing', async (_what, change, pointer, message) => {
    const asked = await presign({ field: FIELD, name: 'payslip.pdf', type: 'application/pdf', size: 1000, ...change }, { language: 'es' });
    expect(asked.status).toBe(422);
    expect(asked.headers.get('content-language')).toBe('es');
    const body = asked.json as { detail: string; errors: unknown[]; uploadId?: string; url?: string };
    expect(body.errors).toEqual([{ pointer, message }]);
    expect(body.detail).toBe('No se puede aceptar este archivo. No se guardó nada.');
    expect(body.url).toBeUndefined();
  });

  it('answers 404 for an upload that was never sent, and for one sent to another agency\'s form', async () => {
    expect((await receive('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await receive('not-an-id')).status).toBe(404);
    const { presigned } = await upload(samplePdf(), { path: '/intake/tenancy-north/application/uploads' });
    expect((await receive(presigned.uploadId)).status).toBe(404);
  });
});
