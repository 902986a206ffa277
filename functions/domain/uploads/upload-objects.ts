/**
 * Where an upload's bytes live in the uploads bucket, by stage:
 * - `quarantine/`: where the client's presigned POST puts them. Nobody reads here but the release step; the malware
 *   scan watches this prefix alone; anything left is deleted after a day.
 * - `files/`: a clean file, its image metadata removed: the only copy staff ever open.
 * - `held/`: a file the scan found infected, kept for the agency's security officer and never served.
 */
export const uploadObjects = {
  quarantinePrefix: 'quarantine/',
  quarantine: (agencyId: string, uploadId: string) => `quarantine/${agencyId}/${uploadId}`,
  released: (agencyId: string, uploadId: string) => `files/${agencyId}/${uploadId}`,
  held: (agencyId: string, uploadId: string) => `held/${agencyId}/${uploadId}`,
};

/** The presigned POST pins these as the object's metadata: which form and question the file was sent for. */
export const UPLOAD_METADATA = { form: 'form', field: 'field' } as const;

const QUARANTINE_KEY = /^quarantine\/([a-z0-9][a-z0-9-]{0,62})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The agency and upload a quarantine key names; undefined for any other key. */
export function parseQuarantineKey(key: string): { readonly agencyId: string; readonly uploadId: string } | undefined {
  const match = QUARANTINE_KEY.exec(key);
  return match ? { agencyId: match[1]!, uploadId: match[2]! } : undefined;
}
