import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { signInVariables } from '../../functions/contracts/sign-in-config.ts';
import { staffPageSecurityHeaders } from '../../functions/web/http/page-responses.ts';
import { fieldId } from '../../functions/web/public-pages/intake-page-html.ts';
import { staffLanguage } from '../../functions/web/staff-pages/staff-words.ts';
import type { StaffPageEvent } from '../../functions/web/staff/staff-page-handler.ts';
import { resolveStaffForm, staffFormResponse, staffFormUploads, type StaffFormPage } from '../../functions/web/staff/staff-form-request.ts';
import type { PageUploadPort, ReceivedUpload } from '../../functions/web/uploads/page-uploads.ts';
import { filesParameter, formPageAddress, uploadReturnAddress, uploadRoutesUnder, versionParameter } from '../../functions/web/uploads/upload-addresses.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithTenancy } from '../support/upload-pack.ts';

// A staff form's file questions on its page, rendered through the same request code the staff form handlers run, on
// the tenancy pack written for the upload tests (its staff form `income-check` asks for payslips), in Spanish.
const CASE_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const PAYSLIP = '0b7f6a4e-8c1d-4a5b-9e2f-1a2b3c4d5e6f';
const OTHER_FORM = '2d9f8c60-ae3f-4c7d-9a4b-3c4d5e6f7081';
const PAGES = 'https://staff.example.test';
const FORM_PATH = `/staff/tenancy/cases/${CASE_ID}/forms/income-check`;
const QUESTION = fieldId('/payslips');

const catalog = loadCatalog(formsDirWithTenancy());
const templatesDir = join(projectRoot, 'templates');

beforeAll(() => {
  // Storage's redirect is absolute: the staff pages' own address, as the sign-in knows it.
  for (const [name, value] of Object.entries({ issuer: 'https://issuer.test', clientId: 'c', signInBaseUrl: 'https://sign-in.test', jwksUrl: 'https://issuer.test/jwks', pagesBaseUrl: `${PAGES}/` })) {
    vi.stubEnv(signInVariables[name as keyof typeof signInVariables], value);
  }
});
afterAll(() => { vi.unstubAllEnvs(); });

function staffForm(locale: string): StaffFormPage {
  const language = staffLanguage(new TemplateLibrary(templatesDir), 'tenancy', locale);
  const event = {
    pathParameters: { agencyId: 'tenancy', caseId: CASE_ID, formId: 'income-check' },
    staff: { subject: 'cm-1', agencyId: 'tenancy', roles: ['case-manager'], email: undefined },
    language, chrome: { agencyName: 'Tenancy Support Line', language },
  } as unknown as StaffPageEvent;
  const page = resolveStaffForm(event, catalog, templatesDir, locale);
  if (!page || page === 'unavailable') throw new Error('no staff form');
  return page;
}

/** The tenancy's received uploads: a payslip for this form, and a file of another form that must not show. */
function fakePort(): PageUploadPort & { readonly redirects: string[] } {
  const records: Array<ReceivedUpload & { readonly formId: string }> = [
    { uploadId: PAYSLIP, formId: 'income-check', field: '/payslips', name: 'nómina <marzo>.pdf', size: 120_000, scan: 'clean' },
    { uploadId: OTHER_FORM, formId: 'application', field: '/proofOfIncome', name: 'elsewhere.pdf', size: 10, scan: 'clean' },
  ];
  const redirects: string[] = [];
  return {
    redirects,
    async received(agencyId, formId, ids) {
      return records.filter((record) => agencyId === 'tenancy' && record.formId === formId && ids.includes(record.uploadId));
    },
    async presignPageForm({ redirect }) {
      const uploadId = `9e0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2${redirects.length}`;
      redirects.push(redirect(uploadId));
      return { url: 'http://127.0.0.1:4599/uploads-bucket', fields: { key: `quarantine/tenancy/${uploadId}`, success_action_redirect: redirect(uploadId) } };
    },
  };
}

async function rendered(port: PageUploadPort | undefined, files?: string) {
  const page = staffForm('es');
  const attached = await staffFormUploads(port, page, { ids: filesParameter(files), version: 7 });
  const response = staffFormResponse(page, 200, { token: 'token-1234567890abcdef', data: attached?.data ?? {}, errors: [], caseVersion: 7, ...(attached ? { uploads: attached.uploads } : {}) });
  return response.body as string;
}

describe('a staff form\'s file question on its page', () => {
  it('has the Documents section: a multipart POST to storage per question, which sends the browser back to the staff pages', async () => {
    const port = fakePort();
    const body = await rendered(port);
    const documents = body.indexOf('<section class="documents"');
    const main = body.indexOf(`<form method="post" action="${FORM_PATH}"`);
    expect(documents).toBeGreaterThan(0);
    expect(main).toBeGreaterThan(documents);
    expect(body.slice(documents, main)).toContain('<form method="post" enctype="multipart/form-data" action="http://127.0.0.1:4599/uploads-bucket">');
    expect(body).toContain('<h2 id="documents-title">Documentos</h2>');
    // Words for the staff member saving a record, not the client's "send the form".
    expect(body).toContain('responda a las preguntas de abajo y guarde.');
    expect(body).not.toContain('envíe el formulario');
    // The staff receive route, absolute, keeping the page's language and the case version the form was opened at.
    expect(port.redirects).toEqual([`${PAGES}${FORM_PATH}/uploads/9e0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a20?lang=es&version=7`]);
    expect(body).toContain('<input type="hidden" name="_version" value="7">');
  });

  it('lists the attached files of this form, carries their ids in the form, and removes one by a link keeping the version', async () => {
    const port = fakePort();
    const body = await rendered(port, `${PAYSLIP},${OTHER_FORM}`);
    expect(body).toContain('<span class="file-name">nómina &lt;marzo&gt;.pdf</span>');
    expect(body).not.toContain('elsewhere.pdf');
    expect(body.slice(body.indexOf('id="form-start"'))).toContain(`<input type="hidden" name="/payslips" value="${PAYSLIP}">`);
    expect(body).toContain(`<a href="${FORM_PATH}?lang&#61;es&amp;version&#61;7" aria-label="Quitar nómina &lt;marzo&gt;.pdf">Quitar</a>`);
    expect(port.redirects[0]).toBe(`${PAGES}${FORM_PATH}/uploads/9e0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a20?lang=es&files=${PAYSLIP}&version=7`);
  });

  it('gives the script the staff presign route, under the form\'s own page', async () => {
    const body = await rendered(fakePort());
    expect(body).toContain(`data-presign="${FORM_PATH}/uploads"`);
    expect(body).toContain(`<div class="upload-here" hidden>\n<label for="${QUESTION}-input">Adjuntar</label>`);
  });

  it('without an uploads bucket: the question is asked, but there is no form to storage and no script upload', async () => {
    const body = await rendered(undefined);
    expect(body).toContain(`id="${QUESTION}"`);
    expect(body).not.toContain('enctype="multipart/form-data"');
    expect(body).not.toContain('data-presign="');
    expect(body).not.toContain('class="upload-here"');
    expect(body).toContain('Ahora mismo no se pueden adjuntar archivos en esta página.');
  });
});

describe('the page state through storage\'s round trip', () => {
  it('keeps a staff form\'s case version beside the language and the files, and reads back only a plain number', () => {
    expect(formPageAddress(FORM_PATH, { lang: 'es', files: [PAYSLIP], version: 12 }, 'type')).toBe(`${FORM_PATH}?lang=es&files=${PAYSLIP}&version=12&refused=type`);
    expect(uploadReturnAddress(`${PAGES}/`, `${FORM_PATH}/uploads/${PAYSLIP}`, { files: [], version: 0 })).toBe(`${PAGES}${FORM_PATH}/uploads/${PAYSLIP}?version=0`);
    expect(uploadReturnAddress('https://forms.example.test', `/intake/tenancy/application/uploads/${PAYSLIP}`, { lang: 'en', files: [] })).toBe(`https://forms.example.test/intake/tenancy/application/uploads/${PAYSLIP}?lang=en`);
    // The signing page's paper scan has the same routes under its page as a staff form's file question.
    const signing = `/staff/tenancy/cases/${CASE_ID}/signatures/doc-1`;
    expect(uploadReturnAddress(PAGES, uploadRoutesUnder(signing).receive(PAYSLIP), { lang: 'fr', files: [] })).toBe(`${PAGES}${signing}/uploads/${PAYSLIP}?lang=fr`);
    expect(uploadRoutesUnder(signing).presign).toBe(`${signing}/uploads`);
    expect(versionParameter('12')).toBe(12);
    for (const junk of [undefined, '', '-1', '1.5', '1e3', '12abc', '9'.repeat(16)]) expect(versionParameter(junk), String(junk)).toBeUndefined();
  });
});

describe('the staff pages\' Content-Security-Policy with uploads', () => {
  const policy = (origin: string | undefined) => staffPageSecurityHeaders(undefined, 'https://sign-in.test/x', origin).contentSecurityPolicy as Record<string, string>;

  it('lets forms and the script send to the upload origin only when an uploads bucket is configured', () => {
    const open = policy('http://127.0.0.1:4599');
    expect(open['form-action']).toBe("'self' https://sign-in.test http://127.0.0.1:4599");
    expect(open['connect-src']).toBe("'self' http://127.0.0.1:4599");
    const strict = policy(undefined);
    expect(strict['form-action']).toBe("'self' https://sign-in.test");
    expect(strict['connect-src']).toBe("'self'");
    for (const directive of ['default-src', 'script-src', 'img-src', 'sandbox']) expect(open[directive], directive).toBe(strict[directive]);
  });
});
