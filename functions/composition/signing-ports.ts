import type { BlobStore } from '../adapters/aws/blob-store.ts';
import { kmsSigningKey } from '../adapters/aws/kms-signing-key.ts';
import { DynamoSigningStore } from '../adapters/aws/signing-store.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import type { Config } from '../contracts/config.ts';
import type { Agency } from '../domain/forms/agency.ts';
import type { SigningPorts } from '../domain/jobs/job-ports.ts';
import type { PdfSigningKey } from '../domain/seal/pdf-signing-key.ts';

/** Where an agency's certificate for the seal key is kept, in the documents bucket (docs/deploy.md). */
export const sealCertificateKey = (agencyId: string): string => `signing/${agencyId}/certificate.pem`;

/** The PEM blocks of a file, in order: the agency's certificate first, then its chain. */
const pemBlocks = (text: string): string[] => text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

/**
 * The document worker's signing ports: records on the table, final PDFs written once and locked in the documents bucket, and the
 * seal key: `sealKey` when the caller brings one (the local stack's generated key), else KMS (SIGNING_KEY_ID) with
 * the agency's certificate read once from the documents bucket.
 */
export function signingPorts(config: Config, blobs: BlobStore, sealKey?: (agency: Agency) => PdfSigningKey): SigningPorts {
  const certificates = new Map<string, Promise<string[]>>();
  const kmsKey = async (agency: Agency): Promise<PdfSigningKey> => {
    if (!config.signingKeyId) throw new Error('SIGNING_KEY_ID is not set: the worker has no key to seal documents with');
    let chain = certificates.get(agency.id);
    if (!chain) {
      chain = blobs.get(sealCertificateKey(agency.id)).then((body) => pemBlocks(body.toString('utf8')));
      // A missing certificate is looked for again next time (an operator may have uploaded it since).
      chain.catch(() => certificates.delete(agency.id));
      certificates.set(agency.id, chain);
    }
    const certificatePems = await chain;
    if (certificatePems.length === 0) throw new Error(`${sealCertificateKey(agency.id)} holds no PEM certificate`);
    return kmsSigningKey({ keyId: config.signingKeyId, certificatePems });
  };
  return {
    store: new DynamoSigningStore(config.tableName),
    sealKey: async (agency) => (sealKey ? sealKey(agency) : kmsKey(agency)),
    putFinalPdf: (key, pdf, lockedUntil) => blobs.putOnce(key, pdf, 'application/pdf', lockedUntil),
    queue: new SqsJobQueue(config.documentQueueUrl),
  };
}
