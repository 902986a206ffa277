import type { AuditRecord } from './case-record.ts';
import { attachmentDisposition, downloadName } from '../uploads/download-name.ts';
import type { UploadType } from '../uploads/upload-field.ts';
import type { CaseFile, ScanResult } from '../uploads/upload-record.ts';

/** What opening a file needs: the case's file, the audit trail, and a short-lived link to the released bytes. */
export interface CaseFileOpener {
  caseFile(agencyId: string, caseId: string, uploadId: string): Promise<CaseFile | undefined>;
  recordAccess(audit: AuditRecord): Promise<void>;
}

export interface FileLinks {
  /** A link to the released file (upload-objects.ts `files/`) that serves it as `download` says, for a short while. */
  releasedFileLink(agencyId: string, uploadId: string, download: { readonly disposition: string; readonly contentType: UploadType }): Promise<string>;
}

export type FileOpening =
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'refused'; readonly scan: Exclude<ScanResult, 'clean'> }
  | { readonly outcome: 'link'; readonly url: string };

/**
 * A staff member opens a file of a case (audit.agencyId is their agency, so another agency's file is simply not
 * found). Only a file the scan found clean opens, from its released copy; the opening is audited before the link is
 * made. A refusal is not an access: nothing was read.
 */
export async function openCaseFile(store: CaseFileOpener, links: FileLinks, audit: AuditRecord & { readonly target: string }): Promise<FileOpening> {
  const file = await store.caseFile(audit.agencyId, audit.caseId, audit.target);
  if (!file) return { outcome: 'not-found' };
  if (file.scan !== 'clean') return { outcome: 'refused', scan: file.scan };
  await store.recordAccess(audit);
  const url = await links.releasedFileLink(audit.agencyId, file.uploadId, { disposition: attachmentDisposition(downloadName(file.name, file.type)), contentType: file.type });
  return { outcome: 'link', url };
}
