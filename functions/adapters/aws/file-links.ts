import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FileLinks } from '../../domain/cases/open-case-file.ts';
import type { UploadType } from '../../domain/uploads/upload-field.ts';
import { uploadObjects } from '../../domain/uploads/upload-objects.ts';
import { guard } from './guard.ts';
import { s3Client } from './s3-client.ts';

/** Long enough for the browser to follow the redirect; a copied link is useless a minute later. */
export const FILE_LINK_SECONDS = 60;

/**
 * Presigned GETs of released files: a Lambda response cannot carry a 20 MB file, so the browser fetches it from S3,
 * which serves it with the disposition and type the link pins (never the object's own, never inline).
 */
export class S3FileLinks implements FileLinks {
  constructor(private readonly bucket: string) {}

  releasedFileLink(agencyId: string, uploadId: string, download: { readonly disposition: string; readonly contentType: UploadType }): Promise<string> {
    return guard('s3 presign file link', () => getSignedUrl(s3Client(), new GetObjectCommand({
      Bucket: this.bucket, Key: uploadObjects.released(agencyId, uploadId),
      ResponseContentDisposition: download.disposition, ResponseContentType: download.contentType,
    }), { expiresIn: FILE_LINK_SECONDS }));
  }
}
