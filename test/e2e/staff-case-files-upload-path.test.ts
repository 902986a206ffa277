import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { browse, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { formsDirWithTenancy, postToPresigned, samplePdf } from '../support/upload-pack.ts';
import { waitFor } from '../support/wait.ts';

// The staff side through the real upload path, end to end: a client presigns, POSTs through the upload gate, the
// service checks the bytes, the scan stand-in releases the file, the submission links it; then staff see it on the
// case page and open it. (staff-case-files.test.ts covers every scan result with items written directly.)
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithTenancy() });
});
afterAll(async () => { await stack?.stop(); });

describe('a file sent with an application, opened by staff', () => {
  it('is listed on the case page once clean, and opens as the bytes the client sent', async () => {
    const bytes = samplePdf();
    const asked = await post(stack, '/intake/tenancy/application/uploads', { body: JSON.stringify({ field: '/proofOfIncome', name: 'nómina marzo.pdf', type: 'application/pdf', size: bytes.length }) });
    expect(asked.status).toBe(201);
    const presigned = asked.json as { uploadId: string; url: string; fields: Record<string, string> };
    expect((await postToPresigned(presigned, bytes, 'nómina marzo.pdf')).status).toBeLessThan(400);
    expect((await post(stack, `/intake/tenancy/application/uploads/${presigned.uploadId}`, { body: '', contentType: null })).status).toBe(200);
    const submitted = await post(stack, '/agencies/tenancy/forms/application/submissions', { body: JSON.stringify({ fullName: 'Rosa Díaz', proofOfIncome: [presigned.uploadId] }) });
    expect(submitted.status).toBe(201);
    const { caseId } = submitted.json as { caseId: string };

    const token = await staffToken('tenancy', ['case-manager']);
    const file = await waitFor(async () => {
      const view = (await (await fetch(`${stack.url}/agencies/tenancy/cases/${caseId}`, { headers: bearer(token) })).json()) as { files: Array<Record<string, unknown>> };
      return view.files.find((listed) => listed.uploadId === presigned.uploadId && listed.scan === 'clean');
    }, 30_000, 'the file released as clean');
    expect(file).toMatchObject({ name: 'nómina marzo.pdf', type: 'application/pdf', size: bytes.length, field: '/proofOfIncome' });

    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'tenancy' });
    const html = await (await browse(stack, jar, `/staff/tenancy/cases/${caseId}`)).text();
    expect(html).toContain(`<a href="/staff/tenancy/cases/${caseId}/files/${presigned.uploadId}"><bdi dir="auto">nómina marzo.pdf</bdi></a>`);
    expect(html).toContain('<td>Proof of income (Rent support application)</td>');
    const opened = await browse(stack, jar, `/staff/tenancy/cases/${caseId}/files/${presigned.uploadId}`);
    expect(opened.status).toBe(303);
    const download = await fetch(opened.headers.get('location')!);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('nómina marzo.pdf')}`);
  });
});
