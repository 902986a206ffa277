import { apiHandler } from '../web/http/api-handler.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { publicForm, type PublicFormEvent } from '../web/public/public-form.ts';
import { schemaResponse } from '../web/http/schema-response.ts';
import { getServices } from '../services.ts';

/** GET /agencies/{agencyId}/forms/{formId}: the current version of the form's JSON Schema. */
export const handler = apiHandler<PublicFormEvent>(
  async ({ form, headers }) => schemaResponse(form, headers['if-none-match'], 'public, max-age=60'),
  [originVerify(), publicForm(() => getServices().catalog)],
);
