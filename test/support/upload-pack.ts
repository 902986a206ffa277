import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { projectRoot } from '../../local/stack.ts';

/**
 * A tenancy-support agency written for the upload tests (English and Spanish): its public application asks for a
 * name and, optionally, proof of income (PDF or PNG, 1 MB, at most 2 files). Written twice, as `tenancy` and
 * `tenancy-north`, so a test can send one agency's upload id to the other.
 */
export const TENANCY_FORM = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Rent support application',
  'x-caseforms': { access: 'public', documents: [] },
  type: 'object',
  additionalProperties: false,
  required: ['fullName'],
  properties: {
    fullName: { title: 'Full name', type: 'string', minLength: 1, maxLength: 120 },
    proofOfIncome: {
      title: 'Proof of income',
      type: 'array',
      items: { type: 'string' },
      maxItems: 2,
      'x-caseforms': { upload: { accept: ['application/pdf', 'image/png'], maxMegabytes: 1 } },
    },
  },
  examples: [{ fullName: 'Rosa Díaz' }],
};

/** A staff form with a file question: staff attach payslips through the staff form's upload routes. */
export const INCOME_CHECK_FORM = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Income check',
  'x-caseforms': { access: 'staff', transitions: [{ from: ['intake'], to: 'assessed' }] },
  type: 'object',
  additionalProperties: false,
  required: ['checked'],
  properties: {
    checked: { title: 'Income checked', type: 'boolean' },
    payslips: { title: 'Payslips', type: 'array', items: { type: 'string' }, 'x-caseforms': { upload: { accept: ['application/pdf'] } } },
  },
  examples: [{ checked: true }],
};

const SPANISH = { forms: { application: { title: 'Solicitud de ayuda con el alquiler', fields: { '/fullName': 'Nombre completo', '/proofOfIncome': 'Comprobante de ingresos' } } } };

function writeAgency(formsDir: string, id: string, name: string): void {
  const dir = join(formsDir, id);
  mkdirSync(join(dir, 'forms'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const harbor = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'packs', 'harbor', 'agency.json'), 'utf8'));
  const { providers: _providers, intake: _intake, delivery: _delivery, ...agency } = harbor;
  writeFileSync(join(dir, 'agency.json'), JSON.stringify({
    ...agency, id, name, locales: ['en', 'es'], intakeInbox: `intake@${id}.caseforms.test`, supervisorInbox: `supervisors@${id}.caseforms.test`,
    sender: { name, email: `no-reply@${id}.caseforms.test` },
  }, null, 2));
  writeFileSync(join(dir, 'forms', 'application.json'), JSON.stringify(TENANCY_FORM, null, 2));
  writeFileSync(join(dir, 'forms', 'income-check.json'), JSON.stringify(INCOME_CHECK_FORM, null, 2));
  writeFileSync(join(dir, 'locales', 'es.json'), JSON.stringify(SPANISH, null, 2));
}

/** A forms directory with the shipped packs and the two tenancy agencies. */
export function formsDirWithTenancy(): string {
  const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-uploads-'));
  cpSync(join(projectRoot, 'form-schemas'), formsDir, { recursive: true });
  writeAgency(formsDir, 'tenancy', 'Tenancy Support Line');
  writeAgency(formsDir, 'tenancy-north', 'Tenancy Support North');
  return formsDir;
}

/** Bytes file-type knows: a real (tiny) PDF, a real 1×1 PNG, and a Windows program (MZ) to rename `.pdf`. */
export const samplePdf = (): Buffer => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export function samplePng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))), chunk('IEND', Buffer.alloc(0))]);
}
export function sampleExe(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'ascii');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'binary');
  return exe;
}

/** Sends a file as a browser does with a presigned POST: the signed fields first, the file last. */
export async function postToPresigned(presigned: { url: string; fields: Record<string, string> }, bytes: Buffer, fileName: string): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: presigned.fields['Content-Type'] ?? 'application/octet-stream' }), fileName);
  return fetch(presigned.url, { method: 'POST', body: form, redirect: 'manual' });
}
