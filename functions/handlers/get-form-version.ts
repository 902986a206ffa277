import { StorageError } from '../domain/cases/storage-error.ts';
import { isPublicForm } from '../domain/forms/catalog.ts';
import { apiHandler } from '../web/http/api-handler.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { Problem, serviceUnavailable } from '../web/http/problem.ts';
import { publicForm, type PublicFormEvent } from '../web/public/public-form.ts';
import { schemaResponse } from '../web/http/schema-response.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { S3FormVersionStore } from '../adapters/aws/s3-form-versions.ts';
import { FormVersions } from '../domain/forms/form-versions.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';

/** GET /agencies/{agencyId}/forms/{formId}/versions/{version}: any published version; versions never change. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    const blobs = new BlobStore(config.bucketName);
    return { catalog, formVersions: new FormVersions(catalog, new S3FormVersionStore(config.bucketName, blobs)) };
  });
  const agencies = () => parts().catalog;
  return apiHandler<PublicFormEvent>(async ({ form, headers, pathParameters }) => {
    const version = pathParameters?.version ?? '';
    let found;
    try {
      found = await parts().formVersions.form(form.agencyId, form.formId, version);
    } catch (error) {
      if (error instanceof StorageError) throw serviceUnavailable(phrase('formVersionsUnavailable'));
      throw error;
    }
    if (!found || !isPublicForm(found)) throw new Problem('notFound', phrase('noSuchFormVersion'));
    return schemaResponse(found, headers['if-none-match'], 'public, max-age=31536000, immutable');
  }, { middlewares: [originVerify(), publicForm(agencies)], agencies });
}

export const handler = build();
