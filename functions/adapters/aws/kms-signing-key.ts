import { SignCommand } from '@aws-sdk/client-kms';
import type { PdfSigningAlgorithm, PdfSigningKey } from '../../domain/seal/pdf-signing-key.ts';
import { kmsClient } from './kms-client.ts';

export interface KmsSigningKeySettings {
  /** The asymmetric SIGN_VERIFY key: id, ARN or alias. */
  readonly keyId: string;
  /** The agency's certificate for the key's public key, then its chain, as PEM: configured per agency. */
  readonly certificatePems: readonly string[];
  /** RSASSA_PKCS1_V1_5_SHA_256 for an RSA key (RSA_3072 recommended), ECDSA_SHA_256 for ECC_NIST_P256. */
  readonly algorithm?: PdfSigningAlgorithm;
}

/**
 * An agency's seal key held in AWS KMS: the private key never leaves it. KMS signs the SHA-256 digest the seal
 * hands it (MessageType DIGEST), returning PKCS#1 v1.5 bytes for RSA and a DER ECDSA-Sig-Value for ECDSA, which is
 * what a CMS SignerInfo carries.
 */
export function kmsSigningKey(settings: KmsSigningKeySettings): PdfSigningKey {
  const algorithm = settings.algorithm ?? 'RSASSA_PKCS1_V1_5_SHA_256';
  return {
    certificatePems: settings.certificatePems,
    algorithm,
    async sign(digest) {
      const { Signature } = await kmsClient().send(new SignCommand({
        KeyId: settings.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm,
      }));
      if (!Signature) throw new Error('KMS returned no signature');
      return Signature;
    },
  };
}
