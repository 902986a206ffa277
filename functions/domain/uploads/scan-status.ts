import type { ScanResultStatus } from '../../contracts/malware-scan-event.ts';
import type { ScanResult } from './upload-record.ts';

/** The object tag GuardDuty Malware Protection for S3 (and the local stand-in) puts on every object it scans. */
export const SCAN_STATUS_TAG = 'GuardDutyMalwareScanStatus';

/** What a scan status (the event's, or the object tag's) means for a file: anything unknown is "could not be checked". */
export function scanResultOf(status: ScanResultStatus | string): ScanResult {
  if (status === 'NO_THREATS_FOUND') return 'clean';
  if (status === 'THREATS_FOUND') return 'infected';
  return 'not-scanned';
}
