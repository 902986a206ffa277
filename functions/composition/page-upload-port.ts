import { randomUUID } from 'node:crypto';
import { AwsUploadStore } from '../adapters/aws/upload-store.ts';
import type { Config } from '../contracts/config.ts';
import type { UploadStore } from '../domain/uploads/upload-ports.ts';
import type { PageUploadPort, ReceivedUpload } from '../web/uploads/page-uploads.ts';

/** The intake page's view of the uploads; none without an uploads bucket (the page then offers no attaching). */
export function pageUploadPort(config: Config): PageUploadPort | undefined {
  if (!config.uploadsBucketName) return undefined;
  return uploadPortOf(new AwsUploadStore(config.uploadsBucketName, config.tableName, config.uploadPostEndpoint));
}

/**
 * The page's two needs of the upload store: the files its address names (received for this form and not yet linked:
 * an id of another agency is not found under this agency's key, one of another form is left out), and a presigned POST
 * per file question for a page without JavaScript.
 */
export function uploadPortOf(store: UploadStore): PageUploadPort {
  return {
    async received(agencyId, formId, uploadIds) {
      const stored = await store.findUploads(agencyId, uploadIds);
      return uploadIds.flatMap((uploadId): ReceivedUpload[] => {
        const upload = stored.get(uploadId);
        if (!upload?.received) return [];
        const { record } = upload;
        return record.formId === formId && record.caseId === undefined ? [{ uploadId: record.uploadId, field: record.field, name: record.name, size: record.size, scan: record.scan }] : [];
      });
    },
    async presignPageForm({ agencyId, formId, field, redirect }) {
      const uploadId = randomUUID();
      const post = await store.presign({
        agencyId, formId, field: field.pointer, uploadId, maxBytes: field.maxBytes, redirect: redirect(uploadId),
        // A browser's form sends no type of its own, nor the file's name: the receive step reads the type from the
        // bytes and names the file by it.
        contentType: 'application/octet-stream',
      });
      return { url: post.url, fields: post.fields };
    },
  };
}
