import { apiHandler } from '../http/api-handler.ts';
import { originVerify } from '../http/origin-verify.ts';
import { publicForm, type PublicFormEvent } from '../http/public-form.ts';
import { schemaResponse } from '../http/schema-response.ts';
import { getServices } from '../services.ts';

/** GET /agencies/{agencyId}/forms/{formId}: the current version of the form's JSON Schema. */
export const handler = apiHandler<PublicFormEvent>(
  async ({ form, headers }) => schemaResponse(form, headers['if-none-match'], 'public, max-age=60'),
  [originVerify(), publicForm(() => getServices().catalog)],
);
