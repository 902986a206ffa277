import { UploadReleaseStore } from '../adapters/aws/upload-release-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { SCAN_RESULT_DETAIL_TYPE, SCAN_RESULT_SOURCE, type MalwareScanEvent } from '../contracts/malware-scan-event.ts';
import { releaseScanned, type ReleaseOutcome } from '../domain/uploads/release-upload.ts';
import { parseQuarantineKey } from '../domain/uploads/upload-objects.ts';
import { logger } from '../observability/logger.ts';

/**
 * EventBridge → here: GuardDuty Malware Protection's "Object Scan Result" for an object in the uploads bucket's
 * quarantine/ (locally, the scan stand-in's same event). A clean file is released to files/ without its image
 * metadata, an infected one moved to held/, and the record (and the case's file) says which. A failure throws, so
 * Lambda retries the event; every step can be repeated.
 */
export function build(settings: () => Config = readConfig) {
  const store = builtOnce(() => {
    const config = settings();
    if (!config.uploadsBucketName) throw new Error('UPLOADS_BUCKET_NAME is not set for the upload-scanned function');
    return { release: new UploadReleaseStore(config.tableName, config.uploadsBucketName), bucket: config.uploadsBucketName };
  });
  return async function uploadScanned(event: MalwareScanEvent): Promise<ReleaseOutcome | 'ignored'> {
    const { release, bucket } = store();
    const details = event.detail?.s3ObjectDetails;
    const upload = details && details.bucketName === bucket ? parseQuarantineKey(details.objectKey) : undefined;
    if (event.source !== SCAN_RESULT_SOURCE || event['detail-type'] !== SCAN_RESULT_DETAIL_TYPE || !upload || !details?.eTag) {
      // The rule matches only this bucket's scans; anything else is a wiring mistake, not an upload.
      logger.warn('scan result ignored', { source: event.source, detailType: event['detail-type'] });
      return 'ignored';
    }
    const status = event.detail.scanStatus === 'COMPLETED' ? event.detail.scanResultDetails.scanResultStatus : 'FAILED';
    const outcome = await releaseScanned(release, { ...upload, etag: details.eTag, status }, new Date());
    logger.info('upload scanned', { agencyId: upload.agencyId, uploadId: upload.uploadId, scanStatus: status, outcome });
    return outcome;
  };
}

export const handler = build();
