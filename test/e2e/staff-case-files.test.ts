import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import type { CaseFile } from '../../functions/domain/uploads/upload-record.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { EICAR, storeCaseFile, uploadsBucket } from '../support/case-files.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { browse, signIn, type CookieJar } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';

// Issue 22, the staff side: a case's files on its page (in the reader's language), opened through the audited file
// route as a one-minute download link, refused when not clean, and kept from other agencies; demo and Harbor (French).
let stack: LocalStack;
let bucket: string;
beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarbor() });
  bucket = await uploadsBucket(stack);
});
afterAll(async () => { await stack?.stop(); });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7), Buffer.from([0xff, 0xd9])]);

async function submissionOf(agencyId: string, caseId: string): Promise<string> {
  const items = await tableItems(stack.resources.tableName);
  return String(items.find((item) => item.pk === keys.case(agencyId, caseId) && item.type === 'submission')!.submissionId);
}

async function demoCase(): Promise<{ caseId: string; submissionId: string }> {
  const { caseId } = (await post(stack, SUBMIT_PATH, { body: JSON.stringify(demoExample()) })).json as { caseId: string };
  return { caseId, submissionId: await submissionOf('demo', caseId) };
}

async function harborCase(): Promise<{ caseId: string; submissionId: string }> {
  const lucie = {
    fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email: 'lucie@example.org', emailIsSafe: true,
    assistanceType: 'eviction', eviction: { noticeReceivedOn: '2026-11-28', noticeKind: 'court-summons', hearingDate: '2027-01-12' }, householdSize: 3, consent: true,
  };
  const { caseId } = (await post(stack, '/agencies/harbor/forms/intake/submissions', { body: JSON.stringify(lucie), headers: harborApiKeyHeader })).json as { caseId: string };
  return { caseId, submissionId: await submissionOf('harbor', caseId) };
}

const fileRoute = (agencyId: string, caseId: string, uploadId: string) => `/staff/${agencyId}/cases/${caseId}/files/${uploadId}`;
const auditOf = async (agencyId: string, caseId: string) => (await tableItems(stack.resources.tableName)).filter((item) => item.pk === keys.audit(agencyId, caseId));

describe('a demo case\'s files', () => {
  let caseId: string;
  let clean: CaseFile;
  let infected: CaseFile;
  let pending: CaseFile;
  let manager: CookieJar;

  beforeAll(async () => {
    const made = await demoCase();
    caseId = made.caseId;
    const base = { agencyId: 'demo', caseId, submissionId: made.submissionId, formId: 'intake', field: '/documents' };
    clean = await storeCaseFile(stack, bucket, { ...base, name: 'lease signed (1).pdf', type: 'application/pdf', scan: 'clean', bytes: PDF });
    infected = await storeCaseFile(stack, bucket, { ...base, name: 'eicar.pdf', type: 'application/pdf', scan: 'infected', bytes: Buffer.from(EICAR) });
    pending = await storeCaseFile(stack, bucket, { ...base, name: 'id.jpg', type: 'image/jpeg', scan: 'pending', bytes: JPEG });
    manager = (await signIn(stack, 'intake-worker')).jar;
  });

  it('are listed on the case page with their type, size, question and scan result; only the clean one is a link', async () => {
    const page = await browse(stack, manager, `/staff/demo/cases/${caseId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const files = html.slice(html.indexOf('<h2 id="files">'), html.indexOf('</section>', html.indexOf('<h2 id="files">')));
    expect(files).toContain(`<a href="${fileRoute('demo', caseId, clean.uploadId)}"><bdi dir="auto">lease signed (1).pdf</bdi></a>`);
    expect(files).toContain('<td>Documents you want to share (Request for services)</td>');
    expect(files).toContain('Refused: a virus was found. Kept for the security officer; it cannot be opened.');
    expect(files).toContain('<td>Being checked for viruses</td>');
    expect(files).toContain('<td>JPEG photo</td>');
    expect(files).not.toContain(`/files/${infected.uploadId}`);
    expect(files).not.toContain(`/files/${pending.uploadId}`);
  });

  it('in Spanish too', async () => {
    const html = await (await browse(stack, manager, `/staff/demo/cases/${caseId}?lang=es`)).text();
    expect(html).toContain('<h2 id="files">Archivos</h2>');
    // The question and form by the pack's Spanish words.
    expect(html).toContain('<td>Documentos que quiere compartir (Solicitud de servicios)</td>');
    expect(html).toContain('<td>Se está revisando en busca de virus</td>');
    expect(html).toContain('Rechazado: se encontró un virus.');
    // Back to English for the pages after this one (the choice is kept).
    expect((await browse(stack, manager, `/staff/demo/cases/${caseId}?lang=en`)).status).toBe(200);
  });

  it('a clean file opens: a 303 to a one-minute link whose GET is the bytes, as an attachment of the detected type; the opening is audited', async () => {
    const response = await browse(stack, manager, fileRoute('demo', caseId, clean.uploadId));
    expect(response.status).toBe(303);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const link = new URL(response.headers.get('location')!);
    expect(link.pathname).toBe(`/${bucket}/files/demo/${clean.uploadId}`);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('60');
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''lease%20signed%20%281%29.pdf");
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const audit = await auditOf('demo', caseId);
    expect(audit.filter((record) => record.action === 'read-file')).toEqual([expect.objectContaining({ target: clean.uploadId, roles: ['intake-worker'] })]);
    // And the audit trail supervisors read lists it.
    const trail = await fetch(`${stack.url}/agencies/demo/cases/${caseId}/audit`, { headers: bearer(await staffToken('demo', ['supervisor'])) });
    const { records } = (await trail.json()) as { records: Array<Record<string, unknown>> };
    expect(records.filter((record) => record.action === 'read-file')).toEqual([expect.objectContaining({ target: clean.uploadId, actor: expect.any(String) })]);
  });

  it('an infected or unchecked file never opens: 409 in words, no link, nothing audited as read', async () => {
    for (const [file, words] of [[infected, 'A virus was found in this file.'], [pending, 'still being checked for viruses']] as const) {
      const response = await browse(stack, manager, fileRoute('demo', caseId, file.uploadId));
      expect(response.status).toBe(409);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain(words);
    }
    expect((await auditOf('demo', caseId)).filter((record) => record.action === 'read-file' && record.target !== clean.uploadId)).toEqual([]);
  });

  it('is 404 for another case\'s id, an unknown id, or a path that is not an id', async () => {
    const other = await demoCase();
    expect((await browse(stack, manager, fileRoute('demo', other.caseId, clean.uploadId))).status).toBe(404);
    expect((await browse(stack, manager, fileRoute('demo', caseId, '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect((await browse(stack, manager, fileRoute('demo', caseId, '..%2F..%2Fdocuments'))).status).toBe(404);
  });

  it('is listed in the case\'s FHIR export as a DocumentReference, without a link', async () => {
    const supervisor = (await signIn(stack, 'supervisor')).jar;
    const response = await browse(stack, supervisor, `/staff/demo/cases/${caseId}/fhir`);
    expect(response.status).toBe(200);
    const bundle = (await response.json()) as { entry: Array<{ resource: Record<string, any> }> };
    const references = bundle.entry.map((entry) => entry.resource).filter((resource) => resource.resourceType === 'DocumentReference');
    expect(references.map((reference) => reference.id).sort()).toEqual([clean.uploadId, infected.uploadId, pending.uploadId].sort());
    expect(references.find((reference) => reference.id === clean.uploadId)!.content[0].attachment).toEqual({
      contentType: 'application/pdf', size: PDF.length, title: 'lease signed (1).pdf', creation: clean.receivedAt,
    });
    expect(JSON.stringify(bundle)).not.toContain(bucket);
  });
});

describe('a Harbor case\'s files, in French', () => {
  it('lists them in French, opens the clean one for Harbor staff, and is 404 for the demo agency\'s staff', async () => {
    const { caseId, submissionId } = await harborCase();
    const photo = await storeCaseFile(stack, bucket, {
      agencyId: 'harbor', caseId, submissionId, formId: 'intake', field: '/eviction/noticeKind', name: 'avis d’expulsion.jpg', type: 'image/jpeg', scan: 'clean', bytes: JPEG,
    });
    const lea = (await signIn(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' })).jar;
    const html = await (await browse(stack, lea, `/staff/harbor/cases/${caseId}?lang=fr`)).text();
    expect(html).toContain('<h2 id="files">Fichiers</h2>');
    expect(html).toContain('<td>Photo JPEG</td>');
    expect(html).toContain('<td>2 Ko</td>');
    expect(html).toContain('<td>Quel type d&#39;avis ? (Demande d&#39;aide au logement)</td>');
    expect(html).toContain('<td>Contrôlé : aucun virus trouvé</td>');

    const opened = await browse(stack, lea, fileRoute('harbor', caseId, photo.uploadId));
    expect(opened.status).toBe(303);
    const download = await fetch(opened.headers.get('location')!);
    expect(Buffer.from(await download.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('avis d’expulsion.jpg')}`);
    expect(download.headers.get('content-type')).toBe('image/jpeg');

    // The demo agency's staff: the session's agency is not Harbor, so Harbor's file does not exist for them.
    const demoSupervisor = (await signIn(stack, 'supervisor')).jar;
    expect((await browse(stack, demoSupervisor, fileRoute('harbor', caseId, photo.uploadId))).status).toBe(404);
    expect((await browse(stack, demoSupervisor, fileRoute('demo', caseId, photo.uploadId))).status).toBe(404);
    expect((await auditOf('harbor', caseId)).filter((record) => record.action === 'read-file')).toHaveLength(1);
  });
});
