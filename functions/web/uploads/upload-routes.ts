import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { checkPresignAsk } from '../../domain/uploads/presign-check.ts';
import { receiveUpload, type ReceiveOutcome } from '../../domain/uploads/receive-upload.ts';
import type { UploadStore } from '../../domain/uploads/upload-ports.ts';
import { releaseReceived, type ReleaseStore } from '../../domain/uploads/release-upload.ts';
import { isPlainCaseId } from '../../contracts/ids.ts';
import { readJsonBody, type JsonBodyEvent } from '../http/json-body.ts';
import { Problem } from '../http/problem.ts';
import { phrase } from '../http/problem-phrases/index.ts';
import { jsonResponse, type HttpResponse } from '../http/responses.ts';
import { filesParameter, formPageAddress, versionParameter } from './upload-addresses.ts';
import { presignProblem, receiveProblem } from '../public/upload-problems.ts';

/**
 * The three upload routes of a form, as the intake's and a staff form's uploads share them (docs/uploads.md): presign
 * (`POST …/uploads`), receive from the page's script (`POST …/uploads/{uploadId}`) and receive after storage sent a page
 * without JavaScript back (`GET …/uploads/{uploadId}`, a 303 to the form's page). Who may ask is the handler's to check.
 */

/** The uploads bucket and records; and the release step's, for a file the scan answered for before it was received. */
export interface UploadStores {
  readonly uploads: UploadStore;
  readonly release: ReleaseStore;
}

/** The form the uploads are for, and its page (where the GET route sends the browser back). */
export interface UploadForm {
  readonly agencyId: string;
  readonly formId: string;
  readonly schema: Record<string, unknown>;
  readonly pagePath: string;
}

/** What a handler logs of each step (never a file's name). */
export type UploadStep =
  | { readonly step: 'presigned'; readonly uploadId: string }
  | { readonly step: 'received'; readonly uploadId: string; readonly outcome: ReceiveOutcome['outcome']; readonly reason?: string };

/** One of the three steps: presign on the route without `{uploadId}`, else receive. */
export async function answerUpload(
  stores: UploadStores, form: UploadForm, event: APIGatewayProxyEventV2 & JsonBodyEvent, log: (step: UploadStep) => void,
): Promise<HttpResponse> {
  const { uploads, release } = stores;
  const { uploadId } = event.pathParameters ?? {};
  if (uploadId === undefined) {
    // Only the presign request has a body (JSON), read once the handler knows who asks: receiving has none.
    readJsonBody(event);
    return presign(uploads, form, event.jsonBody, log);
  }
  if (!isPlainCaseId(uploadId)) throw new Problem('notFound', phrase('uploadNotFound'));
  const received = await receiveUpload(uploads, { agencyId: form.agencyId, formId: form.formId, schema: form.schema, uploadId, now: new Date() }, (record, scan) => releaseReceived(release, record, scan));
  log({ step: 'received', uploadId, outcome: received.outcome, ...(received.outcome === 'refused' ? { reason: received.reason } : {}) });
  if (event.requestContext.http.method === 'GET') {
    const query = event.queryStringParameters ?? {};
    const files = filesParameter(query.files);
    const state = { lang: query.lang, files: received.outcome === 'refused' ? files : [...new Set([...files, uploadId])], version: versionParameter(query.version) };
    return seeOther(formPageAddress(form.pagePath, state, received.outcome === 'refused' ? received.reason : undefined));
  }
  if (received.outcome === 'already-received') throw new Problem('conflict', phrase('uploadAlreadyReceived'));
  if (received.outcome === 'refused') throw receiveProblem(received);
  const { record } = received;
  return jsonResponse(200, { uploadId, name: record.name, size: record.size, type: record.type, scan: record.scan });
}

async function presign(uploads: UploadStore, form: UploadForm, body: JsonBodyEvent['jsonBody'], log: (step: UploadStep) => void): Promise<HttpResponse> {
  const checked = checkPresignAsk(form.schema, body);
  if ('refusals' in checked) throw presignProblem(checked.refusals);
  const { field, name, type } = checked.ask;
  const uploadId = randomUUID();
  const post = await uploads.presign({ agencyId: form.agencyId, formId: form.formId, field: field.pointer, uploadId, contentType: type, maxBytes: field.maxBytes, name });
  log({ step: 'presigned', uploadId });
  return jsonResponse(201, { uploadId, ...post });
}

function seeOther(location: string): HttpResponse {
  return { statusCode: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' };
}
