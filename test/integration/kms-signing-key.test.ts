import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kmsSigningKey } from '../../functions/adapters/aws/kms-signing-key.ts';
import { PdfRenderer } from '../../functions/adapters/chromium/pdf-renderer.ts';
import { localizedTitle, renderDocumentHtml } from '../../functions/domain/documents/document-view.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { sealDocument } from '../../functions/domain/seal/seal-document.ts';
import { writeFontConfig } from '../../local/fonts.ts';
import { projectRoot } from '../../local/stack.ts';
import { packDocuments } from '../documents/pack-documents.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { pdfsig } from '../support/pdf-tools.ts';

/**
 * The seal with the agency's key in KMS (moto's, with local/moto-patches/kms_digest_signing.py making Sign honour
 * MessageType DIGEST as KMS does): an RSA 3072 SIGN_VERIFY key, its public key certified by a CA made here (as an
 * agency's CA would certify the key's GetPublicKey), and Harbor's care plan sealed with it. pdfsig checking the
 * signature against that certificate proves KMS signed the digest the seal asked for.
 */

const catalog = loadCatalog(formsDirWithHarbor());
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const agency = catalog.agency('harbor')!;
let workDir: string;
let renderer: PdfRenderer;
let keyId: string;
let certificatePems: string[];

/** A CA, and a certificate it issues to the agency for the KMS key's public key. */
function certify(publicKeyDer: Uint8Array): string[] {
  const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const caKey = forge.pki.privateKeyFromPem(ca.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const caName = [{ shortName: 'CN', value: 'Test Agencies CA' }];
  const issue = (publicKey: forge.pki.PublicKey, subject: typeof caName, extensions: object[]) => {
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = publicKey;
    certificate.serialNumber = `0${randomBytes(15).toString('hex')}`;
    certificate.validity.notBefore = new Date(Date.now() - 60_000);
    certificate.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
    certificate.setSubject(subject);
    certificate.setIssuer(caName);
    certificate.setExtensions(extensions);
    certificate.sign(caKey, forge.md.sha256.create());
    return forge.pki.certificateToPem(certificate);
  };
  const caPem = issue(forge.pki.publicKeyFromPem(ca.publicKey.export({ type: 'spki', format: 'pem' }).toString()), caName, [
    { name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  const kmsPublicKey = forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(publicKeyDer).toString('binary'))));
  const agencyPem = issue(kmsPublicKey, [{ shortName: 'CN', value: agency.name }, { shortName: 'O', value: agency.name }], [
    { name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  return [agencyPem, caPem];
}

beforeAll(async () => {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_KMS: inject('emulatorEndpoint'), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
  });
  const kms = new KMSClient({ endpoint: inject('emulatorEndpoint') });
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY', Description: 'harbor seal' }));
  keyId = KeyMetadata!.KeyId!;
  const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  certificatePems = certify(PublicKey!);
  workDir = mkdtempSync(join(tmpdir(), 'caseforms-kms-seal-'));
  process.env.FONTCONFIG_FILE = writeFontConfig(workDir);
  renderer = new PdfRenderer();
}, 120_000);

afterAll(async () => {
  await renderer?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function sealWith(signingKey: ReturnType<typeof kmsSigningKey>) {
  const input = packDocuments(catalog, catalog.pack('harbor')!).find((one) => one.documentType === 'care-plan')!.input('en');
  const title = localizedTitle(templates, input);
  const pdf = await renderer.render(renderDocumentHtml(templates, input), {
    footer: [agency.name, title], paperSize: 'Letter', metadata: { title, author: agency.name, language: 'en' },
  });
  return sealDocument({
    pdf, agency, locale: 'en', documentTitle: title, templates, htmlToPdf: renderer, signingKey, clock: () => new Date('2027-05-01T17:00:00Z'),
    evidence: [{
      signerRole: 'client', signerName: 'Sam Rivera', method: 'typed', intentText: 'I agree to this service agreement', consentText: 'I agree to sign electronically.',
      locale: 'en', signedAt: '2027-05-01T16:40:00Z', identifiedBy: 'link-and-code: s•••@example.net', sourceAddress: '192.0.2.44',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)', documentSha256: 'a'.repeat(64),
    }],
  });
}

describe('sealing with the agency key held in KMS', () => {
  it('KMS signs the digest; pdfsig says the signature is valid, covers the whole document and names the agency', async () => {
    const { pdf } = await sealWith(kmsSigningKey({ keyId, certificatePems }));
    const report = pdfsig(pdf);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain(`Signer Certificate Common Name: ${agency.name}`);
    const changed = Buffer.from(pdf);
    const at = changed.indexOf('stream\n') + 30;
    changed[at] = changed[at]! ^ 0x01;
    expect(pdfsig(changed)).toContain('Digest Mismatch');
  });

  it('a certificate for another key: the signature does not verify', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    const { pdf } = await sealWith(kmsSigningKey({ keyId, certificatePems: certify(other) }));
    expect(pdfsig(pdf)).not.toContain('Signature is Valid.');
  });

  it('a key KMS does not have: the seal fails, nothing is produced', async () => {
    await expect(sealWith(kmsSigningKey({ keyId: '00000000-0000-4000-8000-000000000000', certificatePems }))).rejects.toThrow(/not found|does not exist|Invalid keyId/i);
  });
});
