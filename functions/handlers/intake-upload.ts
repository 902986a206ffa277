import { StorageError } from '../domain/cases/storage-error.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import type { JsonBodyEvent } from '../web/http/json-body.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { serviceUnavailable } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { answerUpload, type UploadStores } from '../web/uploads/upload-routes.ts';
import { publicForm, type PublicFormEvent } from '../web/public/public-form.ts';
import { logger } from '../observability/logger.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { uploadStores } from '../composition/upload-stores.ts';
import { readConfig, type Config } from '../contracts/config.ts';

type UploadEvent = PublicFormEvent & JsonBodyEvent;

/**
 * A public form's uploads (docs/uploads.md), one function for three routes (web/uploads/upload-routes.ts):
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
    const { stores } = parts();
    if (!stores) throw serviceUnavailable(phrase('uploadsUnavailable'));
    const { form } = event;
    const ids = { agencyId: form.agencyId, formId: form.formId };
    try {
      return await answerUpload(stores, { ...ids, schema: form.schema, pagePath: `/intake/${form.agencyId}/${form.formId}` }, event, ({ step, ...logged }) => logger.info(`upload ${step}`, { ...ids, ...logged }));
    } catch (error) {
      if (error instanceof StorageError) {
        logger.warn('upload step failed', { step: error.step, errorName: (error.cause as Error)?.name });
        throw serviceUnavailable(phrase('uploadsUnavailable'));
      }
      throw error;
    }
  }, { middlewares: [originVerify(), publicForm(agencies)], agencies });
}

export const handler = build();
