import { keys } from '../../contracts/table-design.ts';
import { isUploadType } from './upload-field.ts';
import type { CaseFile, ScanResult } from './upload-record.ts';

const SCAN_RESULTS: readonly ScanResult[] = ['pending', 'clean', 'infected', 'not-scanned'];
const FILE_PREFIX = keys.caseFile('');

/** Whether a stored case item is one of its files (keys.caseFile): known by its sort key, whatever else it carries. */
export const isCaseFileItem = (item: Readonly<Record<string, unknown>>): boolean => typeof item.sk === 'string' && item.sk.startsWith(FILE_PREFIX);

/**
 * A case's files from its items, oldest first, with only the fields a CaseFile has (never the keys). A scan result
 * the service does not know reads as not scanned: such a file is never offered to open.
 */
export function caseFilesOf(items: readonly Readonly<Record<string, unknown>>[]): CaseFile[] {
  return items.filter(isCaseFileItem)
    // The item's `type` is the file's (CaseFile), unless the item keeps `type` for its kind and the file's in `contentType`.
    .flatMap((item) => caseFileOf(item, isUploadType(item.contentType) ? item.contentType : item.type) ?? [])
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}

function caseFileOf(item: Readonly<Record<string, unknown>>, type: unknown): CaseFile | undefined {
  if (!isUploadType(type)) return undefined;
  const uploadId = String(item.sk).slice(FILE_PREFIX.length);
  return {
    uploadId, formId: String(item.formId ?? ''), field: String(item.field ?? ''), submissionId: String(item.submissionId ?? ''),
    name: String(item.name ?? ''), size: Number(item.size ?? 0), type,
    scan: SCAN_RESULTS.includes(item.scan as ScanResult) ? (item.scan as ScanResult) : 'not-scanned', receivedAt: String(item.receivedAt ?? ''),
  };
}
