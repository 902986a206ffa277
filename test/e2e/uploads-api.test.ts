import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { keys, tableDesign } from '../../functions/contracts/table-design.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { formsDirWithTenancy, postToPresigned, sampleExe, samplePdf, samplePng } from '../support/upload-pack.ts';

// A tenancy-support agency written for this test (English and Spanish, a "proof of income" file question: PDF or
// PNG, 1 MB, 2 files): the whole JSON path of an upload against the emulator, and every bad input the issue names.
let stack: LocalStack;
const UPLOADS = '/intake/tenancy/application/uploads';
const FIELD = '/proofOfIncome';

beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithTenancy(), documentWorker: false });
});
afterAll(async () => { await stack?.stop(); });

const s3 = () => new S3Client({ forcePathStyle: true });
const uploadsBucket = () => stack.resources.uploadsBucketName;
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
  expect(sent.status).toBe(204);
  // The scan stand-in answers some moments after the POST, as GuardDuty does: waited for, so the result is known.
  await stack.scansSettled();
  return { presigned, received: await receive(presigned.uploadId, { language, path }) };
}

/** An object in quarantine as S3 would keep it, put straight into the emulator (no gate, no scan). */
const putQuarantined = (uploadId: string, bytes: Buffer, { name, ...metadata }: Record<string, string>) =>
  s3().send(new PutObjectCommand({
    Bucket: uploadsBucket(), Key: uploadObjects.quarantine('tenancy', uploadId), Body: bytes, ContentType: 'application/pdf',
    Metadata: { ...metadata, ...(name === undefined ? {} : { name: encodeURIComponent(name) }) },
  }));

const released = async (agencyId: string, uploadId: string) =>
  s3().send(new HeadObjectCommand({ Bucket: uploadsBucket(), Key: uploadObjects.released(agencyId, uploadId) })).then(() => true, () => false);

const uploadItem = async (agencyId: string, uploadId: string) =>
  (await dynamo().send(new GetCommand({ TableName: stack.resources.tableName, Key: { pk: keys.upload(agencyId, uploadId), sk: keys.uploadRecord() }, ConsistentRead: true }))).Item;
const quarantined = async (agencyId: string, uploadId: string) =>
  s3().send(new HeadObjectCommand({ Bucket: uploadsBucket(), Key: uploadObjects.quarantine(agencyId, uploadId) })).then(() => true, () => false);

describe('an upload through the JSON API', () => {
  it('presigns a POST that pins the key, the type, the size range and the metadata', async () => {
    const asked = await presign({ field: FIELD, name: 'nómina marzo.pdf', type: 'application/pdf', size: 1234 });
    expect(asked.status).toBe(201);
    const { uploadId, url, fields, expiresAt } = asked.json as unknown as Presigned;
    expect(uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(url).toBe(`${stack.uploadGateUrl}/${uploadsBucket()}`);
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

  it('receives a PDF: checks its bytes, keeps its record (with the scan\'s answer, expiring in a day) and answers what it kept', async () => {
    const bytes = samplePdf();
    const { presigned, received } = await upload(bytes, { name: 'nómina marzo.pdf' });
    expect(received.status).toBe(200);
    expect(received.json).toEqual({ uploadId: presigned.uploadId, name: 'nómina marzo.pdf', size: bytes.length, type: 'application/pdf', scan: 'clean' });
    const item = await uploadItem('tenancy', presigned.uploadId);
    expect(item).toMatchObject({ agencyId: 'tenancy', formId: 'application', field: FIELD, name: 'nómina marzo.pdf', size: bytes.length, contentType: 'application/pdf', scan: 'clean' });
    expect(item?.etag).toMatch(/^"?[0-9a-f]{32}"?$/);
    expect(item?.caseId).toBeUndefined();
    const hours = ((item?.expiresAt as number) * 1000 - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    // The scan (waited for) answered before the receive: the receive released the file, as the scan could not.
    expect(await quarantined('tenancy', presigned.uploadId)).toBe(false);
    expect(await released('tenancy', presigned.uploadId)).toBe(true);
  });

  it('records a file received before the scan answered as pending', async () => {
    const bytes = samplePdf();
    const presigned = (await presign({ field: FIELD, name: 'early.pdf', type: 'application/pdf', size: bytes.length })).json as unknown as Presigned;
    // As if S3 had stored it and GuardDuty had not looked yet (the gate would start the stand-in's scan).
    await putQuarantined(presigned.uploadId, bytes, { form: 'application', field: FIELD, name: 'early.pdf' });
    const received = await receive(presigned.uploadId);
    expect(received.status).toBe(200);
    expect((received.json as { scan: string }).scan).toBe('pending');
    expect((await uploadItem('tenancy', presigned.uploadId))?.scan).toBe('pending');
  });

  it('names a file whose POST carried no usable name by its type (a page\'s own form cannot send the name)', async () => {
    const presigned = (await presign({ field: FIELD, name: 'x.png', type: 'image/png', size: 100 })).json as unknown as Presigned;
    await putQuarantined(presigned.uploadId, samplePng(), { form: 'application', field: FIELD });
    const received = await receive(presigned.uploadId);
    expect(received.status).toBe(200);
    expect(received.json).toMatchObject({ name: 'picture.png', type: 'image/png' });
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

describe('receiving after S3 sends a page without JavaScript back (GET)', () => {
  async function sendOnly(bytes: Buffer, name: string) {
    const presigned = (await presign({ field: FIELD, name, type: 'application/pdf', size: bytes.length })).json as unknown as Presigned;
    expect((await postToPresigned(presigned, bytes, name)).status).toBe(204);
    await stack.scansSettled();
    return presigned.uploadId;
  }
  const getReceive = (uploadId: string, query: string) => fetch(`${stack.url}${UPLOADS}/${uploadId}?${query}`, { redirect: 'manual' });

  it('answers 303 back to the intake page with the file added to those the page had, in its language', async () => {
    const earlier = await receivedPdf();
    const uploadId = await sendOnly(samplePdf(), 'payslip.pdf');
    // S3 appends bucket, key and etag to the redirect: they are ignored.
    const response = await getReceive(uploadId, `lang=es&files=${earlier}&bucket=b&key=quarantine%2Ftenancy%2F${uploadId}&etag=%22x%22`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/intake/tenancy/application?lang=es&files=${earlier}%2C${uploadId}`);
    expect((await uploadItem('tenancy', uploadId))?.name).toBe('payslip.pdf');
  });

  it('answers 303 back with refused=type for a program renamed .pdf, keeps the files the page had, and deletes it', async () => {
    const earlier = await receivedPdf();
    const uploadId = await sendOnly(sampleExe(), 'payslip.pdf');
    const response = await getReceive(uploadId, `lang=es&files=${earlier},not-an-id`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/intake/tenancy/application?lang=es&files=${earlier}&refused=type`);
    expect(await quarantined('tenancy', uploadId)).toBe(false);
    expect(await uploadItem('tenancy', uploadId)).toBeUndefined();
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

  it('never stores an empty or too large file: S3 (here the gate) refuses the POST by its policy', async () => {
    for (const [bytes, code] of [[Buffer.alloc(0), 'EntityTooSmall'], [Buffer.concat([samplePdf(), Buffer.alloc(1024 * 1024)]), 'EntityTooLarge']] as const) {
      const presigned = (await presign({ field: FIELD, name: 'payslip.pdf', type: 'application/pdf', size: 10 })).json as unknown as Presigned;
      const sent = await postToPresigned(presigned, bytes, 'payslip.pdf');
      expect(sent.status).toBe(400);
      expect(await sent.text()).toContain(`<Code>${code}</Code>`);
      expect(await quarantined('tenancy', presigned.uploadId)).toBe(false);
      expect((await receive(presigned.uploadId)).status).toBe(404);
    }
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'This file is empty. Choose the file again.'],
    ['a file over the question\'s limit', Buffer.concat([samplePdf(), Buffer.alloc(1024 * 1024)]), 'This file is too large: this question takes files of up to 1 MB.'],
  ])('refuses %s when receiving it too (should one ever reach the quarantine), and deletes it', async (_what, bytes, message) => {
    const presigned = (await presign({ field: FIELD, name: 'payslip.pdf', type: 'application/pdf', size: 10 })).json as unknown as Presigned;
    await putQuarantined(presigned.uploadId, bytes, { form: 'application', field: FIELD, name: 'payslip.pdf' });
    const received = await receive(presigned.uploadId);
    expect(received.status).toBe(422);
    expect((received.json as { errors: unknown[] }).errors).toEqual([{ pointer: FIELD, message }]);
    expect(await quarantined('tenancy', presigned.uploadId)).toBe(false);
    expect(await uploadItem('tenancy', presigned.uploadId)).toBeUndefined();
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

const SUBMIT = '/agencies/tenancy/forms/application/submissions';

async function submit(answers: Record<string, unknown>, { language = 'en', path = SUBMIT } = {}) {
  return post(stack, path, { body: JSON.stringify(answers), headers: { 'accept-language': language } });
}

async function receivedPdf(path = UPLOADS): Promise<string> {
  const { presigned, received } = await upload(samplePdf(), { path });
  expect(received.status).toBe(200);
  return presigned.uploadId;
}

/** The agency's cases, from the index the case list reads: a refused submission must leave none behind. */
async function caseCount(agencyId: string): Promise<number> {
  const { Count } = await dynamo().send(new QueryCommand({
    TableName: stack.resources.tableName, IndexName: tableDesign.indexes.casesByAgency.name,
    KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': tableDesign.indexes.casesByAgency.partitionKey },
    ExpressionAttributeValues: { ':pk': keys.agencyCases(agencyId) }, Select: 'COUNT',
  }));
  return Count ?? 0;
}

describe('a submission links its files', () => {
  it('links each file to the new case: the record names the case and no longer expires, and the case lists the file', async () => {
    const pdf = await receivedPdf();
    const { presigned: png } = await upload(samplePng(), { name: 'recibo.png', type: 'image/png' });
    const response = await submit({ fullName: 'Rosa Díaz', proofOfIncome: [pdf, png.uploadId] });
    expect(response.status).toBe(201);
    const { caseId, id: submissionId } = response.json as { caseId: string; id: string };

    for (const uploadId of [pdf, png.uploadId]) {
      const record = await uploadItem('tenancy', uploadId);
      expect(record).toMatchObject({ caseId, submissionId });
      expect(record?.expiresAt).toBeUndefined();
    }
    const file = (await dynamo().send(new GetCommand({ TableName: stack.resources.tableName, Key: { pk: keys.case('tenancy', caseId), sk: keys.caseFile(png.uploadId) } }))).Item;
    expect(file).toMatchObject({
      type: 'file', uploadId: png.uploadId, formId: 'application', field: FIELD, submissionId, name: 'recibo.png', contentType: 'image/png',
      size: samplePng().length, scan: 'clean',
    });
  });

  it('refuses an upload id of another agency, in the client\'s language, and opens no case', async () => {
    const northId = await receivedPdf('/intake/tenancy-north/application/uploads');
    const before = await caseCount('tenancy');
    const response = await submit({ fullName: 'Rosa Díaz', proofOfIncome: [northId] }, { language: 'es' });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-language')).toBe('es');
    expect((response.json as { errors: unknown[] }).errors).toEqual([
      { pointer: FIELD, message: 'Comprobante de ingresos: este archivo no se recibió o ya no se guarda: adjúntelo de nuevo' },
    ]);
    expect(await caseCount('tenancy')).toBe(before);
    expect((await uploadItem('tenancy-north', northId))?.caseId).toBeUndefined();
  });

  it('refuses a file a first submission already linked when a second names it, and opens no second case', async () => {
    const pdf = await receivedPdf();
    const first = await submit({ fullName: 'Rosa Díaz', proofOfIncome: [pdf] });
    expect(first.status).toBe(201);
    const before = await caseCount('tenancy');
    const second = await submit({ fullName: 'Someone Else', proofOfIncome: [pdf] }, { language: 'es' });
    expect(second.status).toBe(422);
    expect((second.json as { errors: unknown[] }).errors).toEqual([
      { pointer: FIELD, message: 'Comprobante de ingresos: este archivo ya se envió con otro formulario: adjúntelo de nuevo' },
    ]);
    expect(await caseCount('tenancy')).toBe(before);
    expect((await uploadItem('tenancy', pdf))?.caseId).toBe((first.json as { caseId: string }).caseId);
  });

  it('refuses more files than the question takes, the same file twice, and ids that are not uploads', async () => {
    const [a, b, c] = [await receivedPdf(), await receivedPdf(), await receivedPdf()];
    const tooMany = await submit({ fullName: 'Rosa Díaz', proofOfIncome: [a, b, c] }, { language: 'es' });
    expect(tooMany.status).toBe(422);
    expect((tooMany.json as { errors: Array<{ pointer: string }> }).errors.map((error) => error.pointer)).toEqual([FIELD]);
    const twice = await submit({ fullName: 'Rosa Díaz', proofOfIncome: [a, a] });
    expect(twice.status).toBe(422);
    expect((twice.json as { errors: unknown[] }).errors).toContainEqual({ pointer: FIELD, message: 'Proof of income: the same file is attached twice: attach each file once' });
    const madeUp = await submit({ fullName: 'Rosa Díaz', proofOfIncome: ['../../quarantine/tenancy/x'] });
    expect(madeUp.status).toBe(422);
    for (const id of [a, b, c]) expect((await uploadItem('tenancy', id))?.caseId).toBeUndefined();
  });

  it('refuses a file the scan found infected', async () => {
    const pdf = await receivedPdf();
    await dynamo().send(new UpdateCommand({
      TableName: stack.resources.tableName, Key: { pk: keys.upload('tenancy', pdf), sk: keys.uploadRecord() },
      UpdateExpression: 'SET #scan = :infected', ExpressionAttributeNames: { '#scan': 'scan' }, ExpressionAttributeValues: { ':infected': 'infected' },
    }));
    const response = await submit({ fullName: 'Rosa Díaz', proofOfIncome: [pdf] });
    expect(response.status).toBe(422);
    expect((response.json as { errors: unknown[] }).errors).toEqual([{ pointer: FIELD, message: 'Proof of income: this file was refused: the virus check found something harmful in it' }]);
  });
});

describe('a staff form with a file question', () => {
  // Staff attach their own files through the staff form's upload routes (test/e2e/staff-form-uploads.test.ts): a file
  // received for the public form is not one of this staff form's, and is refused as not found.
  it('refuses a file received for another form (the public one): it is not linked to the staff submission', async () => {
    const opened = await submit({ fullName: 'Rosa Díaz' });
    expect(opened.status).toBe(201);
    const { caseId } = opened.json as { caseId: string };
    const path = `/agencies/tenancy/cases/${caseId}/forms/income-check/submissions`;
    const headers = { ...bearer(await staffToken('tenancy', ['case-manager'])), 'accept-language': 'es' };
    const withFile = await post(stack, path, { body: JSON.stringify({ checked: true, payslips: [await receivedPdf()] }), headers });
    expect(withFile.status).toBe(422);
    expect((withFile.json as { errors: unknown[] }).errors).toEqual([{ pointer: '/payslips', message: 'Payslips: este archivo no se recibió o ya no se guarda: adjúntelo de nuevo' }]);
    const without = await post(stack, path, { body: JSON.stringify({ checked: true }), headers });
    expect(without.status).toBe(201);
  });
});
