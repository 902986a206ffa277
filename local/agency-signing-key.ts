import { createPrivateKey, generateKeyPairSync, privateEncrypt, constants, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import type { PdfSigningKey } from '../functions/domain/seal/pdf-signing-key.ts';

export interface AgencyIdentity {
  readonly id: string;
  readonly name: string;
}

export interface LocalSigningKeyFiles {
  readonly keyPem: string;
  readonly certificatePem: string;
}

/**
 * The local stand-in for an agency's KMS key and certificate: an RSA 3072 key and a self-signed certificate (CN and O
 * the agency's name), made on first use under `<dir>/<agency id>/` and reused afterwards, so documents sealed
 * locally keep verifying across restarts. Never deployed. Readers show the signature valid but the certificate
 * untrusted, as for any self-signed certificate.
 */
export function localSigningKey(dir: string, agency: AgencyIdentity): PdfSigningKey {
  const files = localSigningKeyFiles(dir, agency);
  const key = createPrivateKey(files.keyPem);
  return { certificatePems: [files.certificatePem], algorithm: 'RSASSA_PKCS1_V1_5_SHA_256', sign: async (digest) => signDigest(key, digest) };
}

/** The key and certificate as PEM, made first if they are not there (the benchmark signs with them through a P12). */
export function localSigningKeyFiles(dir: string, agency: AgencyIdentity): LocalSigningKeyFiles {
  const folder = join(dir, agency.id);
  const keyFile = join(folder, 'key.pem');
  const certificateFile = join(folder, 'certificate.pem');
  if (!existsSync(keyFile) || !existsSync(certificateFile)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    mkdirSync(folder, { recursive: true });
    writeFileSync(certificateFile, selfSignedCertificate(keyPem, agency.name));
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
  }
  return { keyPem: readFileSync(keyFile, 'utf8'), certificatePem: readFileSync(certificateFile, 'utf8') };
}

function selfSignedCertificate(keyPem: string, agencyName: string): string {
  const privateKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.rsa.setPublicKey(privateKey.n, privateKey.e);
  // Positive (top bit clear) and random, as RFC 5280 asks.
  certificate.serialNumber = `0${randomBytes(15).toString('hex')}`;
  certificate.validity.notBefore = new Date();
  certificate.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  // UTF8String, so a name in any script survives; @types/node-forge types valueTagClass as a tag class, not a type.
  const name = [
    { shortName: 'CN', value: agencyName, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'O', value: agencyName, valueTagClass: forge.asn1.Type.UTF8 },
  ] as unknown as forge.pki.CertificateField[];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(certificate);
}

/**
 * RSASSA-PKCS1-v1_5 over a digest already made, as KMS does with MessageType DIGEST: Node's sign() hashes its input
 * itself, so the DigestInfo (SHA-256 and the digest) is built here and padded with the private key.
 */
function signDigest(key: KeyObject, digest: Uint8Array): Uint8Array {
  const digestInfo = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.2.1' }), new asn1js.Null()] }),
      new asn1js.OctetString({ valueHex: digest }),
    ],
  });
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(digestInfo.toBER()));
}
