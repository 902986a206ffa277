import { createHash, X509Certificate } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { PdfSigningKey } from './pdf-signing-key.ts';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/**
 * The CMS signature @signpdf puts in the PDF, built with pkijs around a key that only signs digests (KMS, or the local
 * key): the detached SignedData of PAdES baseline B-B (ETSI EN 319 142-1). Its signed attributes are content-type,
 * message-digest and signing-certificate-v2 (the hash of the agency's certificate, so it cannot be swapped); no
 * signing-time, which PAdES puts in the signature dictionary's /M instead. @signpdf's own P12Signer (node-forge)
 * cannot be used: it needs the private key in memory, signs synchronously, and writes signing-time, not
 * signing-certificate-v2.
 */
export class CadesSigner extends Signer {
  constructor(private readonly key: PdfSigningKey) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const [signing, ...chain] = this.key.certificatePems.map((pem) => new X509Certificate(pem).raw);
    if (!signing) throw new Error('the signing key has no certificate');
    const certificate = pkijs.Certificate.fromBER(signing);
    const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: derSorted([
        new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
        new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: sha256(content) })] }),
        // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with its default (SHA-256)
        // hash algorithm left out, as DER requires, and without issuerSerial (optional, RFC 5035).
        new pkijs.Attribute({
          type: OID.signingCertificateV2,
          values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(signing) })] })] })] })],
        }),
      ]),
    });
    // What is signed is the attributes' DER with the SET OF tag, not the [0] IMPLICIT tag they carry in SignerInfo.
    const toBeSigned = new Uint8Array(signedAttrs.toSchema().toBER());
    toBeSigned[0] = 0x31;
    const signature = await this.key.sign(sha256(toBeSigned));

    const sha256Algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
    const signerInfo = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
      digestAlgorithm: sha256Algorithm,
      signedAttrs,
      signatureAlgorithm: this.key.algorithm === 'ECDSA_SHA_256'
        ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
        : new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
      signature: new asn1js.OctetString({ valueHex: signature }),
    });
    const signedData = new pkijs.SignedData({
      version: 1,
      digestAlgorithms: [sha256Algorithm],
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      certificates: [certificate, ...chain.map((der) => pkijs.Certificate.fromBER(der))],
      signerInfos: [signerInfo],
    });
    const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
    return Buffer.from(contentInfo.toSchema().toBER());
  }
}

/** DER orders a SET OF by its members' encodings; readers re-encode the attributes and must get the same bytes. */
function derSorted(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER()) }));
  return encoded.sort((a, b) => Buffer.compare(a.der, b.der)).map(({ attribute }) => attribute);
}
