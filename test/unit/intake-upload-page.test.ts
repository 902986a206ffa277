import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import type { UploadField } from '../../functions/domain/uploads/upload-field.ts';
import { formDataToJson } from '../../functions/web/public-pages/form-data.ts';
import { fieldId } from '../../functions/web/public-pages/intake-page-html.ts';
import { formPageResponse, resolveIntakePage, type IntakePage } from '../../functions/web/public/intake-page-request.ts';
import { pageUploads, postedUploadIds, type PageUploadPort, type ReceivedUpload } from '../../functions/web/uploads/page-uploads.ts';
import { pageSecurityHeaders, uploadPostOrigin } from '../../functions/web/http/page-responses.ts';
import { filesParameter } from '../../functions/web/uploads/upload-addresses.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

// A pack written here, not the demo: Harbor with a form of file questions (one at the top, one in a group), served in
// Spanish and Arabic too, rendered through the same request code the intake page handler runs.
const ID_UPLOAD = '0b7f6a4e-8c1d-4a5b-9e2f-1a2b3c4d5e6f';
const LETTER_UPLOAD = '1c8e7b5f-9d2e-4b6c-8f3a-2b3c4d5e6f70';
const OTHER_FORM_UPLOAD = '2d9f8c60-ae3f-4c7d-9a4b-3c4d5e6f7081';

function packWithFileQuestions(): string {
  const formsDir = formsDirWithHarbor();
  const pack = join(formsDir, 'harbor');
  const agency = JSON.parse(readFileSync(join(pack, 'agency.json'), 'utf8'));
  writeFileSync(join(pack, 'agency.json'), JSON.stringify({ ...agency, locales: ['en', 'fr', 'es', 'ar'], intake: { ...agency.intake, jsonApi: 'open' } }));
  writeFileSync(join(pack, 'forms', 'papers.json'), JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Send us your papers',
    'x-caseforms': { access: 'public' },
    type: 'object',
    additionalProperties: false,
    required: ['fullName', 'idDocument'],
    properties: {
      fullName: { title: 'Full name', type: 'string', minLength: 1, maxLength: 120 },
      idDocument: {
        title: 'Photo ID', type: 'array', items: { type: 'string' }, maxItems: 2,
        'x-caseforms': { upload: { accept: ['image/jpeg', 'image/png', 'application/pdf'], maxMegabytes: 5 } },
      },
      notice: {
        title: 'The notice', type: 'object', additionalProperties: false,
        properties: {
          letter: { title: 'The letter you received', type: 'array', items: { type: 'string' }, 'x-caseforms': { upload: { accept: ['application/pdf'], maxMegabytes: 10 } } },
        },
      },
    },
  }));
  mkdirSync(join(pack, 'locales'), { recursive: true });
  writeFileSync(join(pack, 'locales', 'es.json'), JSON.stringify({ forms: { papers: { title: 'Envíenos sus papeles', fields: { '/fullName': 'Nombre completo', '/idDocument': 'Documento de identidad con foto', '/notice': 'El aviso', '/notice/letter': 'La carta que recibió' } } } }));
  writeFileSync(join(pack, 'locales', 'ar.json'), JSON.stringify({ forms: { papers: { title: 'أرسل لنا أوراقك', fields: { '/fullName': 'الاسم الكامل', '/idDocument': 'هوية بصورة', '/notice': 'الإشعار', '/notice/letter': 'الرسالة التي استلمتها' } } } }));
  return formsDir;
}

const catalog = loadCatalog(packWithFileQuestions());
const templatesDir = join(projectRoot, 'templates');

function intakePage(locale: string): IntakePage {
  const event = { pathParameters: { agencyId: 'harbor', formId: 'papers' }, headers: {}, queryStringParameters: { lang: locale } } as unknown as APIGatewayProxyEventV2;
  const page = resolveIntakePage(event, catalog, templatesDir, locale);
  if (!('model' in page)) throw new Error(`no page: ${page.statusCode}`);
  return page;
}

/** The uploads as the page would find them: this form's received files, and one of another form that must not show. */
function fakePort(): PageUploadPort & { readonly presigned: Array<{ field: UploadField; redirect: string }>; readonly asked: string[][] } {
  const records: Array<ReceivedUpload & { readonly formId: string }> = [
    { uploadId: ID_UPLOAD, formId: 'papers', field: '/idDocument', name: 'passport <scan>.jpg', size: 2_400_000, scan: 'pending' },
    { uploadId: LETTER_UPLOAD, formId: 'papers', field: '/notice/letter', name: 'notice.pdf', size: 81_000, scan: 'clean' },
    { uploadId: OTHER_FORM_UPLOAD, formId: 'intake', field: '/idDocument', name: 'elsewhere.pdf', size: 10, scan: 'clean' },
  ];
  const presigned: Array<{ field: UploadField; redirect: string }> = [];
  const asked: string[][] = [];
  return {
    presigned, asked,
    async received(agencyId, formId, ids) {
      asked.push([...ids]);
      return records.filter((record) => agencyId === 'harbor' && record.formId === formId && ids.includes(record.uploadId));
    },
    async presignPageForm({ field, redirect }) {
      const uploadId = `9e0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2${presigned.length}`;
      presigned.push({ field, redirect: redirect(uploadId) });
      return { url: 'http://127.0.0.1:4599/uploads-bucket', fields: { key: `quarantine/harbor/${uploadId}`, 'Content-Type': 'application/octet-stream', Policy: 'eyJ"policy' } };
    },
  };
}

async function rendered(locale: string, files: string | undefined, refused?: string) {
  const page = intakePage(locale);
  const port = fakePort();
  const attached = await pageUploads(port, page, { ids: filesParameter(files), refused, baseUrl: 'https://forms.example.test/' });
  const response = formPageResponse(page, 200, { token: 'token-1234567890abcdef', data: attached!.data, errors: [], uploads: attached!.uploads });
  return { page, port, attached: attached!, body: response.body as string };
}

describe('the page model of a file question', () => {
  it('is an upload field with its types, size and count, not rows', () => {
    const page = intakePage('en');
    const idDocument = page.model.fields.find((field) => field.pointer === '/idDocument');
    expect(idDocument).toEqual({ pointer: '/idDocument', label: 'Photo ID', help: undefined, required: true, kind: 'upload', accept: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 5 * 1024 * 1024, maxFiles: 2 });
    const notice = page.model.fields.find((field) => field.pointer === '/notice');
    expect(notice?.kind === 'group' && notice.children[0]).toMatchObject({ kind: 'upload', pointer: '/notice/letter', accept: ['application/pdf'], maxFiles: 1 });
  });

  it('reads the posted ids back at their questions, and the page shown again finds them there', () => {
    const page = intakePage('en');
    const params = new URLSearchParams([['fullName', 'x'], ['/idDocument', ID_UPLOAD], ['/idDocument', ''], ['/notice/letter', LETTER_UPLOAD]]);
    const json = formDataToJson(page.model, params);
    expect(json).toEqual({ idDocument: [ID_UPLOAD], notice: { letter: [LETTER_UPLOAD] } });
    expect(postedUploadIds(page.model, json)).toEqual([ID_UPLOAD, LETTER_UPLOAD]);
  });
});

describe('the intake page with file questions, without JavaScript', () => {
  it('puts one upload form per question before the main form, each a multipart POST to storage with its signed fields', async () => {
    const { body, port } = await rendered('es', undefined);
    const documents = body.indexOf('<section class="documents"');
    const main = body.indexOf('<form method="post" action="/intake/harbor/papers"');
    expect(documents).toBeGreaterThan(0);
    expect(main).toBeGreaterThan(documents);
    const uploadForms = body.slice(documents, main).match(/<form method="post" enctype="multipart\/form-data" action="http:\/\/127.0.0.1:4599\/uploads-bucket">/g);
    expect(uploadForms).toHaveLength(2);
    // Forms cannot nest: no upload form inside the main one.
    expect(body.slice(main)).not.toContain('enctype="multipart/form-data"');
    expect(body).toContain('<input type="hidden" name="Policy" value="eyJ&quot;policy">');
    expect(body).toMatch(/<input type="file" id="upload-f--idDocument-file" name="file" accept="image\/jpeg,image\/png,application\/pdf,\.jpg,\.jpeg,\.png,\.pdf" aria-describedby="upload-f--idDocument-limits">\n<button type="submit" class="secondary">Adjuntar<\/button>\n<\/form>/);
    // In Spanish: the section, the sentence that says to attach first, the limits.
    expect(body).toContain('<h2 id="documents-title">Documentos</h2>');
    expect(body).toContain('Adjunte primero aquí sus documentos');
    expect(body).toContain('<label for="upload-f--idDocument-file">Archivo para: Documento de identidad con foto</label>');
    expect(body).toContain('JPEG, PNG o PDF, hasta 5 MB cada uno, 2 archivos como máximo.');
    expect(body).toContain('PDF, hasta 10 MB, un archivo.');
    // The presign was asked per question, redirecting back to the receive route with the page's language.
    expect(port.presigned.map((entry) => [entry.field.pointer, entry.redirect])).toEqual([
      ['/idDocument', 'https://forms.example.test/intake/harbor/papers/uploads/9e0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a20?lang=es'],
      ['/notice/letter', 'https://forms.example.test/intake/harbor/papers/uploads/9e0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a21?lang=es'],
    ]);
  });

  it('lists the files in files= that are this form\'s, carries their ids at their questions, and removes one by a link', async () => {
    const { body, port, attached } = await rendered('es', `${ID_UPLOAD},not-an-id,${OTHER_FORM_UPLOAD},${LETTER_UPLOAD},${ID_UPLOAD}`);
    expect(port.asked).toEqual([[ID_UPLOAD, OTHER_FORM_UPLOAD, LETTER_UPLOAD]]);
    expect(attached.data).toEqual({ idDocument: [ID_UPLOAD], notice: { letter: [LETTER_UPLOAD] } });
    // Names are the client's words: escaped. Sizes in the page's language.
    expect(body).toContain('<span class="file-name">passport &lt;scan&gt;.jpg</span> <span class="file-size">(2,3 MB)</span><span class="file-scan"> · En revisión</span>');
    expect(body).toContain('<span class="file-name">notice.pdf</span> <span class="file-size">(79 kB)</span> <a href');
    expect(body).not.toContain('elsewhere.pdf');
    expect(body).toContain(`<a href="/intake/harbor/papers?lang&#61;es&amp;files&#61;${LETTER_UPLOAD}" aria-label="Quitar passport &lt;scan&gt;.jpg">Quitar</a>`);
    // The main form sends the ids, named by each question's pointer.
    const main = body.slice(body.indexOf('id="form-start"'));
    expect(main).toContain(`<input type="hidden" name="/idDocument" value="${ID_UPLOAD}">`);
    expect(main).toContain(`<input type="hidden" name="/notice/letter" value="${LETTER_UPLOAD}">`);
    // The letter question takes one file: it is full, so no form to attach another.
    expect(body).toContain('Ya adjuntó todos los archivos que admite esta pregunta.');
    // Storage sends the browser back with what is attached already, the new file added by the receive step.
    expect(port.presigned[0]!.redirect).toBe(`https://forms.example.test/intake/harbor/papers/uploads/9e0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a20?lang=es&files=${ID_UPLOAD}%2C${LETTER_UPLOAD}`);
  });

  it('says why a file was refused, in Arabic, right to left', async () => {
    const { body } = await rendered('ar', undefined, 'type');
    expect(body).toContain('<html lang="ar" dir="rtl">');
    expect(body).toContain('<p class="error" id="upload-refused" role="alert"><span class="visually-hidden">');
    expect(body).toContain('لم يُرفق ملفك: نوعه لا يقبله هذا السؤال.');
    expect(body).toContain('<h2 id="documents-title">المستندات</h2>');
    expect(body).toContain('<legend>هوية بصورة');
    // An unknown reason still gets plain words; markup in it gets none.
    expect((await rendered('ar', undefined, 'whatever')).body).toContain('لم يُرفق ملفك. يُرجى المحاولة مرة أخرى.');
    expect((await rendered('ar', undefined, '<b>')).body).not.toContain('id="upload-refused"');
  });
});

describe('the intake page with file questions, with JavaScript', () => {
  it('gives the script the presign address, each question\'s limits and every word it says, in the page\'s language', async () => {
    const { body } = await rendered('es', undefined);
    expect(body).toContain('data-presign="/intake/harbor/papers/uploads"');
    const words = JSON.parse(/data-upload-words="([^"]*)"/.exec(body)![1]!.replaceAll('&quot;', '"').replaceAll('&#61;', '='));
    expect(words).toMatchObject({ uploading: 'Enviando…', checking: 'En revisión', remove: 'Quitar', tooLarge: '«{name}» ocupa más de {size}. Elija un archivo más pequeño.' });
    const id = fieldId('/idDocument');
    const setting = JSON.parse(new RegExp(`id="${id}" data-upload="([^"]*)"`).exec(body)![1]!.replaceAll('&quot;', '"'));
    expect(setting).toEqual({ pointer: '/idDocument', accept: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 5242880, maxFiles: 2, types: 'JPEG, PNG o PDF', size: '5 MB' });
    // The file input in place has no name (it never posts) and stays hidden until the script shows it.
    expect(body).toContain(`<div class="upload-here" hidden>\n<label for="${id}-input">Adjuntar</label>\n<input type="file" id="${id}-input" accept="image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf" multiple aria-describedby="${id}-limits">`);
    expect(body).toContain(`<p class="error" id="${id}-refusal" aria-live="assertive"></p>`);
  });
});

describe('the intake page\'s Content-Security-Policy', () => {
  const policy = (origin: string | undefined) => pageSecurityHeaders(() => catalog, origin).contentSecurityPolicy as Record<string, string>;

  it('lets forms and the script send to the upload origin, and nowhere else new', () => {
    const open = policy('http://127.0.0.1:4599');
    expect(open['form-action']).toBe("'self' http://127.0.0.1:4599");
    expect(open['connect-src']).toBe("'self' http://127.0.0.1:4599");
    const strict = policy(undefined);
    expect(strict['form-action']).toBe("'self'");
    expect(strict['connect-src']).toBe("'self'");
    for (const directive of ['default-src', 'script-src', 'img-src', 'sandbox']) expect(open[directive], directive).toBe(strict[directive]);
  });

  it('is the local gate\'s origin when one is set, else the bucket\'s regional S3 address, else none', () => {
    expect(uploadPostOrigin({ UPLOADS_BUCKET_NAME: 'b', UPLOAD_POST_ENDPOINT: 'http://127.0.0.1:4599/gate', AWS_REGION: 'eu-west-1' })).toBe('http://127.0.0.1:4599');
    expect(uploadPostOrigin({ UPLOADS_BUCKET_NAME: 'caseforms-uploads', AWS_REGION: 'eu-west-1' })).toBe('https://caseforms-uploads.s3.eu-west-1.amazonaws.com');
    expect(uploadPostOrigin({ AWS_REGION: 'eu-west-1' })).toBeUndefined();
  });
});
