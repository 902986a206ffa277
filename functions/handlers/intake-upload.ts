import { randomUUID } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { StorageError } from '../domain/cases/storage-error.ts';
import { checkPresignAsk } from '../domain/uploads/presign-check.ts';
import { receiveUpload } from '../domain/uploads/receive-upload.ts';
import type { UploadStore } from '../domain/uploads/upload-ports.ts';
import { releaseReceived, type ReleaseStore } from '../domain/uploads/release-upload.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { jsonBody, type JsonBodyEvent } from '../web/http/json-body.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { Problem, serviceUnavailable } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { jsonResponse, type HttpResponse } from '../web/http/responses.ts';
import { publicForm, type PublicFormEvent } from '../web/public/public-form.ts';
import { filesParameter, intakePageAddress } from '../web/public/upload-addresses.ts';
import { presignProblem, receiveProblem } from '../web/public/upload-problems.ts';
import { logger } from '../observability/logger.ts';
import { AwsUploadStore } from '../adapters/aws/upload-store.ts';
import { UploadReleaseStore } from '../adapters/aws/upload-release-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { readConfig, type Config } from '../contracts/config.ts';

type UploadEvent = PublicFormEvent & JsonBodyEvent;

/** The JSON body guard, for the presign request only: receiving has no body. */
function presignBody(): MiddlewareObj<UploadEvent> {
  const guard = jsonBody();
  return { before: (request) => (request.event.pathParameters?.uploadId === undefined ? guard.before!(request) : undefined) };
}

/**
 * A public form's uploads (docs/uploads.md), one function for three routes:
 * - POST /intake/{agencyId}/{formId}/uploads: `{field, name, type, size}` checked against the form's file question,
 *   answered 201 with a presigned POST to the quarantine (the file goes straight to S3, never through a function);
 * - POST /intake/{agencyId}/{formId}/uploads/{uploadId}: the page's script says the file was sent; its bytes are checked
 *   and its record kept (200), or it is deleted (422), or it was received already (409);
 * - GET /intake/{agencyId}/{formId}/uploads/{uploadId}: the same check after S3 sent a page without JavaScript here
 *   (success_action_redirect), answered with a 303 back to the intake page, the file attached (`files=`) or why not (`refused=`).
 */
export function build(settings: () => Config = readConfig, storesFor: (config: Config) => UploadStores | undefined = uploadStores) {
  const parts = builtOnce(() => {
    const config = settings();
    return { catalog: servingCatalog(config), stores: storesFor(config) };
  });
  const agencies = () => parts().catalog;
  return apiHandler<UploadEvent>(async (event) => {
    try {
      return await answer(parts().stores, event);
    } catch (error) {
      if (error instanceof StorageError) {
        logger.warn('upload step failed', { step: error.step, errorName: (error.cause as Error)?.name });
        throw serviceUnavailable(phrase('uploadsUnavailable'));
      }
      throw error;
    }
  }, { middlewares: [originVerify(), publicForm(agencies), presignBody()], agencies });
}

async function answer(stores: UploadStores | undefined, event: UploadEvent): Promise<HttpResponse> {
  if (!stores) throw serviceUnavailable(phrase('uploadsUnavailable'));
  const { uploads, release } = stores;
  const { form } = event;
  const uploadId = event.pathParameters?.uploadId;
  if (uploadId === undefined) return presign(uploads, event);
  if (!isPlainCaseId(uploadId)) throw new Problem('notFound', phrase('uploadNotFound'));
  const received = await receiveUpload(uploads, { agencyId: form.agencyId, formId: form.formId, schema: form.schema, uploadId, now: new Date() }, (record, scan) => releaseReceived(release, record, scan));
  logger.info('upload received', { agencyId: form.agencyId, formId: form.formId, uploadId, outcome: received.outcome, ...(received.outcome === 'refused' ? { reason: received.reason } : {}) });
  if (event.requestContext.http.method === 'GET') {
    const query = event.queryStringParameters ?? {};
    const files = filesParameter(query.files);
    const state = { lang: query.lang, files: received.outcome === 'refused' ? files : [...new Set([...files, uploadId])] };
    return seeOther(intakePageAddress(form.agencyId, form.formId, state, received.outcome === 'refused' ? received.reason : undefined));
  }
  if (received.outcome === 'already-received') throw new Problem('conflict', phrase('uploadAlreadyReceived'));
  if (received.outcome === 'refused') throw receiveProblem(received);
  const { record } = received;
  return jsonResponse(200, { uploadId, name: record.name, size: record.size, type: record.type, scan: record.scan });
}

async function presign(uploads: UploadStore, event: UploadEvent): Promise<HttpResponse> {
  const { form } = event;
  const checked = checkPresignAsk(form.schema, event.jsonBody);
  if ('refusals' in checked) throw presignProblem(checked.refusals);
  const { field, name, type } = checked.ask;
  const uploadId = randomUUID();
  const post = await uploads.presign({ agencyId: form.agencyId, formId: form.formId, field: field.pointer, uploadId, contentType: type, maxBytes: field.maxBytes, name });
  logger.info('upload presigned', { agencyId: form.agencyId, formId: form.formId, uploadId });
  return jsonResponse(201, { uploadId, ...post });
}

function seeOther(location: string): HttpResponse {
  return { statusCode: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' };
}

/** The uploads bucket and records; and the release step's, for a file the scan answered for before it was received. */
interface UploadStores {
  readonly uploads: UploadStore;
  readonly release: ReleaseStore;
}

function uploadStores(config: Config): UploadStores | undefined {
  const bucket = config.uploadsBucketName;
  return bucket ? { uploads: new AwsUploadStore(bucket, config.tableName, config.uploadPostEndpoint), release: new UploadReleaseStore(config.tableName, bucket) } : undefined;
}

export const handler = build();
