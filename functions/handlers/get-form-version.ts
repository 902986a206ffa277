import { StorageError } from '../domain/cases/storage-error.ts';
import { isPublicForm } from '../domain/forms/catalog.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { Problem, serviceUnavailable } from '../web/http/problem.ts';
import { publicForm, type PublicFormEvent } from '../web/public/public-form.ts';
import { schemaResponse } from '../web/http/schema-response.ts';
import { getServices } from '../services.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/forms/{formId}/versions/{version}: any published version; versions never change. */
export const handler = apiHandler<PublicFormEvent>(async ({ form, headers, pathParameters }) => {
  const version = pathParameters?.version ?? '';
  let found;
  try {
    found = await getServices().formVersions.form(form.agencyId, form.formId, version);
  } catch (error) {
    if (error instanceof StorageError) throw serviceUnavailable(phrase('formVersionsUnavailable'));
    throw error;
  }
  if (!found || !isPublicForm(found)) throw new Problem('notFound', phrase('noSuchFormVersion'));
  return schemaResponse(found, headers['if-none-match'], 'public, max-age=31536000, immutable');
}, [originVerify(), publicForm(() => getServices().catalog)]);
