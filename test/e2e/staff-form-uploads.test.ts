import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { browse, hiddenFields, postForm, signIn, type CookieJar } from '../support/staff-session.ts';
import { formsDirWithTenancy, postToPresigned, sampleExe, samplePdf, samplePng } from '../support/upload-pack.ts';
import { harborApiKeyHeader, harborPackDir } from '../support/harbor-pack.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';

/**
 * A staff form's file question, through the staff pages' upload routes against the emulators: the tenancy pack's
 * `income-check` (payslips, PDF) and, in a second pack, Harbor's `lease-check` (a lease copy, PNG, French).
 */
let stack: LocalStack;

/** Harbor, with a staff form that takes a picture of the lease: a pack the upload code was not written for. */
const LEASE_CHECK = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Lease check',
  'x-caseforms': { access: 'staff', transitions: [{ from: ['intake'], to: 'assessed' }] },
  type: 'object',
  additionalProperties: false,
  required: ['seen'],
  properties: {
    seen: { title: 'Lease seen', type: 'boolean' },
    leaseCopy: { title: 'Lease copy', type: 'array', items: { type: 'string' }, maxItems: 1, 'x-caseforms': { upload: { accept: ['image/png'], maxMegabytes: 1 } } },
  },
  examples: [{ seen: true }],
};

beforeAll(async () => {
  const formsDir = formsDirWithTenancy();
  cpSync(harborPackDir, join(formsDir, 'harbor'), { recursive: true });
  writeFileSync(join(formsDir, 'harbor', 'forms', 'lease-check.json'), JSON.stringify(LEASE_CHECK, null, 2));
  stack = await startTestStack({ formsDir, documentWorker: false });
});
afterAll(async () => { await stack?.stop(); });

const dynamo = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = () => new S3Client({ forcePathStyle: true });
const item = async (pk: string, sk: string) => (await dynamo().send(new GetCommand({ TableName: stack.resources.tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;

interface Presigned { uploadId: string; url: string; fields: Record<string, string> }

const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|#96|#61);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', '#61': '=' })[name]!);

/** The Documents section's upload forms of a page (no JavaScript): where each posts, and its signed fields. */
function documentsForms(html: string): Array<{ url: string; fields: Record<string, string> }> {
  return [...html.matchAll(/<form method="post" enctype="multipart\/form-data" action="([^"]+)">([\s\S]*?)<\/form>/g)].map(([, action, inner]) => ({
    url: unescape(action!),
    fields: Object.fromEntries([...inner!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [unescape(name!), unescape(value!)])),
  }));
}

async function openCase(agencyId: string, formId: string, answers: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const opened = await post(stack, `/agencies/${agencyId}/forms/${formId}/submissions`, { body: JSON.stringify(answers), headers });
  expect(opened.status).toBe(201);
  return (opened.json as { caseId: string }).caseId;
}

const jsonPost = (jar: CookieJar, path: string, body: unknown, headers: Record<string, string> = {}) => browse(stack, jar, path, {
  method: 'POST', headers: { origin: stack.url, 'content-type': 'application/json', ...headers }, body: body === undefined ? '' : JSON.stringify(body),
});

/** Presign, the POST through the upload gate, the scan, and the receive: what the staff page's script does. */
async function attach(jar: CookieJar, formPath: string, field: string, bytes: Buffer, name: string, type: string, headers: Record<string, string> = {}) {
  const asked = await jsonPost(jar, `${formPath}/uploads`, { field, name, type, size: bytes.length }, headers);
  expect(asked.status).toBe(201);
  const presigned = await asked.json() as Presigned;
  expect((await postToPresigned(presigned, bytes, name)).status).toBe(204);
  await stack.scansSettled();
  return { presigned, received: await jsonPost(jar, `${formPath}/uploads/${presigned.uploadId}`, undefined, headers) };
}

/** The staff form's page, sent with these answers (hidden token and case version from the page itself). */
async function sendForm(jar: CookieJar, formPath: string, fields: Record<string, string>) {
  const page = await browse(stack, jar, formPath);
  expect(page.status).toBe(200);
  return postForm(stack, jar, formPath, { ...hiddenFields(await page.text()), ...fields });
}

describe('a staff form with a file question (tenancy pack)', () => {
  it('a case manager attaches a payslip and sends the form: the case has the file, and the record is linked', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Rosa Díaz' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const formPath = `/staff/tenancy/cases/${caseId}/forms/income-check`;
    const { presigned, received } = await attach(jar, formPath, '/payslips', samplePdf(), 'nómina.pdf', 'application/pdf');
    expect(received.status).toBe(200);
    expect(await received.json()).toMatchObject({ uploadId: presigned.uploadId, name: 'nómina.pdf', type: 'application/pdf', scan: 'clean' });

    const sent = await sendForm(jar, formPath, { '/checked': 'on', '/payslips': presigned.uploadId });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/staff/tenancy/cases/${caseId}?saved=income-check`);
    const file = await item(keys.case('tenancy', caseId), keys.caseFile(presigned.uploadId));
    expect(file).toMatchObject({ formId: 'income-check', field: '/payslips', name: 'nómina.pdf', scan: 'clean' });
    const record = await item(keys.upload('tenancy', presigned.uploadId), keys.uploadRecord());
    expect(record).toMatchObject({ caseId, submissionId: file!.submissionId });
    expect(record!.expiresAt).toBeUndefined();
    // The case page lists it among the case's files.
    expect(await (await browse(stack, jar, `/staff/tenancy/cases/${caseId}`)).text()).toContain('nómina.pdf');
  });

  it('the staff API (submit-staff-form) links a file attached on the staff pages', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Julia Pardo' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const { presigned } = await attach(jar, `/staff/tenancy/cases/${caseId}/forms/income-check`, '/payslips', samplePdf(), 'p.pdf', 'application/pdf');
    const path = `/agencies/tenancy/cases/${caseId}/forms/income-check/submissions`;
    const headers = { ...bearer(await staffToken('tenancy', ['case-manager'])), 'accept-language': 'es' };
    const sent = await post(stack, path, { body: JSON.stringify({ checked: true, payslips: [presigned.uploadId] }), headers });
    expect(sent.status).toBe(201);
    expect(await item(keys.case('tenancy', caseId), keys.caseFile(presigned.uploadId))).toMatchObject({ formId: 'income-check', submissionId: (sent.json as { id: string }).id });
    expect(await item(keys.upload('tenancy', presigned.uploadId), keys.uploadRecord())).toMatchObject({ caseId, submissionId: (sent.json as { id: string }).id });
  });

  it('refuses an .exe renamed .pdf in the staff member\'s language (not the browser\'s), and deletes it', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Ana Ruiz' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const formPath = `/staff/tenancy/cases/${caseId}/forms/income-check`;
    // The staff member picks Spanish on their pages; their browser still prefers English.
    expect((await browse(stack, jar, `${formPath}?lang=es`)).status).toBe(200);
    const { presigned, received } = await attach(jar, formPath, '/payslips', sampleExe(), 'nómina.pdf', 'application/pdf', { 'accept-language': 'en' });
    expect(received.status).toBe(422);
    const problem = await received.json() as { detail: string; errors: Array<{ pointer: string; message: string }> };
    expect(problem.errors).toEqual([{ pointer: '/payslips', message: 'Este archivo no es un PDF. No se guardó nada.' }]);
    const quarantined = await s3().send(new HeadObjectCommand({ Bucket: stack.resources.uploadsBucketName, Key: uploadObjects.quarantine('tenancy', presigned.uploadId) })).then(() => true, () => false);
    expect(quarantined).toBe(false);
  });

  it('another agency\'s staff get 404 for this agency\'s form uploads, and nothing is presigned', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Luis Gómez' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy-north' });
    const asked = await jsonPost(jar, `/staff/tenancy/cases/${caseId}/forms/income-check/uploads`, { field: '/payslips', name: 'a.pdf', type: 'application/pdf', size: 10 });
    expect(asked.status).toBe(404);
    // Their own agency's path, with this agency's case: no such case there.
    const own = await jsonPost(jar, `/staff/tenancy-north/cases/${caseId}/forms/income-check/uploads`, { field: '/payslips', name: 'a.pdf', type: 'application/pdf', size: 10 });
    expect(own.status).toBe(404);
  });

  it('refuses a presign from another site (CSRF), and a role the form does not allow, in plain words', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Eva Mora' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const ask = { field: '/payslips', name: 'a.pdf', type: 'application/pdf', size: 10 };
    const crossSite = await jsonPost(jar, `/staff/tenancy/cases/${caseId}/forms/income-check/uploads`, ask, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json() as { detail: string }).detail).toBe('Only the staff pages of this service may send files for a staff form. Nothing was sent.');
    // The page's script: a same-origin fetch, which Chromium may send without Origin, and Sec-Fetch-Site says so.
    const path = `/staff/tenancy/cases/${caseId}/forms/income-check/uploads`;
    const fetchFrom = (site: string) => browse(stack, jar, path, { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': site }, body: JSON.stringify(ask) });
    expect((await fetchFrom('same-origin')).status).toBe(201);
    expect((await fetchFrom('cross-site')).status).toBe(403);
    expect((await fetchFrom('same-site')).status).toBe(403);
    // An agency admin passes the route (a legal hold is theirs to send) but income-check is not their form.
    const admin = (await signIn(stack, 'agency-admin', { agencyId: 'tenancy' })).jar;
    const notTheirs = await jsonPost(admin, `/staff/tenancy/cases/${caseId}/forms/income-check/uploads`, ask);
    expect(notTheirs.status).toBe(403);
    expect((await notTheirs.json() as { detail: string }).detail).toMatch(/^Your role may not submit the form "income-check"/);
  });

  it('without JavaScript, storage\'s redirect receives the file and returns to the staff form page with files=', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Nora Vidal' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const formPath = `/staff/tenancy/cases/${caseId}/forms/income-check`;
    const asked = await jsonPost(jar, `${formPath}/uploads`, { field: '/payslips', name: 'p.pdf', type: 'application/pdf', size: samplePdf().length });
    const presigned = await asked.json() as Presigned;
    expect((await postToPresigned(presigned, samplePdf(), 'p.pdf')).status).toBe(204);
    await stack.scansSettled();
    const back = await browse(stack, jar, `${formPath}/uploads/${presigned.uploadId}?lang=es`);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`${formPath}?lang=es&files=${presigned.uploadId}`);
    expect(await item(keys.upload('tenancy', presigned.uploadId), keys.uploadRecord())).toMatchObject({ formId: 'income-check', field: '/payslips' });
  });
});

describe('the staff form page of a form with a file question, without JavaScript (tenancy pack, Spanish)', () => {
  it('lets storage be a form\'s action and the script\'s destination', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Inés Prado' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const gate = new URL(stack.uploadGateUrl).origin;
    const policy = (await browse(stack, jar, `/staff/tenancy/cases/${caseId}/forms/income-check`)).headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(new RegExp(`form-action 'self' [^;]*${gate.replaceAll('.', '\\.')}`));
    expect(policy).toMatch(new RegExp(`connect-src 'self' ${gate.replaceAll('.', '\\.')}`));
  });

  it('attaches a payslip through the Documents form: storage\'s redirect receives it and comes back with the language and the version the form was opened at', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Marta Soler' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const formPath = `/staff/tenancy/cases/${caseId}/forms/income-check`;
    const opened = await browse(stack, jar, `${formPath}?lang=es`);
    expect(opened.status).toBe(200);
    const html = await opened.text();
    const { _version: version } = hiddenFields(html);
    expect(version).toMatch(/^\d+$/);
    const [upload, ...more] = documentsForms(html);
    expect(more).toEqual([]);
    expect(upload!.url.startsWith(stack.uploadGateUrl)).toBe(true);
    const redirect = new URL(upload!.fields.success_action_redirect!);
    expect(`${redirect.origin}${redirect.pathname}`).toMatch(new RegExp(`^${stack.url}${formPath}/uploads/[0-9a-f-]{36}$`));
    expect(Object.fromEntries(redirect.searchParams)).toEqual({ lang: 'es', version });

    // The browser posts the question's form to storage, which sends it to the staff receive route, which sends it back.
    const stored = await postToPresigned(upload!, samplePdf(), 'nómina.pdf');
    expect(stored.status).toBe(303);
    await stack.scansSettled();
    const received = await browse(stack, jar, stored.headers.get('location')!);
    expect(received.status).toBe(303);
    const uploadId = redirect.pathname.split('/').pop()!;
    expect(received.headers.get('location')).toBe(`${formPath}?lang=es&files=${uploadId}&version=${version}`);
    const back = await browse(stack, jar, received.headers.get('location')!);
    expect(back.status).toBe(200);
    const page = await back.text();
    expect(page).toContain('<html lang="es"');
    // Named by its kind: a browser's form cannot send the file's name to storage.
    expect(page).toContain('<span class="file-name">document.pdf</span>');
    expect(hiddenFields(page)).toMatchObject({ _version: version, '/payslips': uploadId });

    // Sent: the case has the file.
    const sent = await postForm(stack, jar, formPath, { ...hiddenFields(page), '/checked': 'on' });
    expect(sent.status).toBe(303);
    expect(await item(keys.case('tenancy', caseId), keys.caseFile(uploadId))).toMatchObject({ formId: 'income-check', field: '/payslips', scan: 'clean' });
  });

  it('shows the page again with its files when the save is refused', async () => {
    const caseId = await openCase('tenancy', 'application', { fullName: 'Pablo Ortiz' });
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const formPath = `/staff/tenancy/cases/${caseId}/forms/income-check`;
    const { presigned } = await attach(jar, formPath, '/payslips', samplePdf(), 'p.pdf', 'application/pdf');
    const fields = hiddenFields(await (await browse(stack, jar, `${formPath}?lang=es`)).text());
    // Saved onto another version of the case than the one the form was opened at: the page comes back (409), the file kept.
    const refused = await postForm(stack, jar, formPath, { ...fields, _version: String(Number(fields._version) + 1), '/checked': 'on', '/payslips': presigned.uploadId });
    expect(refused.status).toBe(409);
    const again = await refused.text();
    expect(again).toContain('<span class="file-name">p.pdf</span>');
    expect(hiddenFields(again)).toMatchObject({ '/payslips': presigned.uploadId });
    // The question takes one file: the Documents section says it is full, with no form to attach another.
    expect(documentsForms(again)).toEqual([]);
    expect(again).toContain('Ya adjuntó todos los archivos que admite esta pregunta.');
  });
});

describe('a staff form with a file question (second pack: Harbor, French)', () => {
  it('a case manager attaches a lease copy (PNG) and sends the form; a PDF is refused in French', async () => {
    const intake = JSON.parse(readFileSync(join(harborPackDir, 'forms', 'intake.json'), 'utf8')) as { examples: Array<Record<string, unknown>> };
    const caseId = await openCase('harbor', 'intake', intake.examples[0]!, harborApiKeyHeader);
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor' });
    const formPath = `/staff/harbor/cases/${caseId}/forms/lease-check`;
    expect((await browse(stack, jar, `${formPath}?lang=fr`)).status).toBe(200);
    const refused = await jsonPost(jar, `${formPath}/uploads`, { field: '/leaseCopy', name: 'bail.pdf', type: 'application/pdf', size: 100 });
    expect(refused.status).toBe(422);
    const problem = await refused.json() as { detail: string; errors: Array<{ pointer: string; message: string }> };
    expect(problem.detail).toBe("Ce fichier ne peut pas être accepté. Rien n'a été conservé.");
    expect(problem.errors[0]!.message).toMatch(/^Cette question accepte seulement .*PNG/);

    const { presigned, received } = await attach(jar, formPath, '/leaseCopy', samplePng(), 'bail.png', 'image/png');
    expect(received.status).toBe(200);
    const sent = await sendForm(jar, formPath, { '/seen': 'on', '/leaseCopy': presigned.uploadId });
    expect(sent.status).toBe(303);
    expect(await item(keys.case('harbor', caseId), keys.caseFile(presigned.uploadId))).toMatchObject({ formId: 'lease-check', field: '/leaseCopy', name: 'bail.png' });
    expect(await item(keys.upload('harbor', presigned.uploadId), keys.uploadRecord())).toMatchObject({ caseId });
  });
});
