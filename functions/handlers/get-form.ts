import { apiHandler } from '../web/http/api-handler.ts';
import { originVerify } from '../web/http/origin-verify.ts';
import { publicForm, type PublicFormEvent } from '../web/public/public-form.ts';
import { schemaResponse } from '../web/http/schema-response.ts';
import { builtOnce } from '../composition/built-once.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** GET /agencies/{agencyId}/forms/{formId}: the current version of the form's JSON Schema. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    const catalog = servingCatalog(config);
    return { catalog };
  });
  const agencies = () => parts().catalog;
  return apiHandler<PublicFormEvent>(
    async ({ form, headers }) => schemaResponse(form, headers['if-none-match'], 'public, max-age=60'),
    { middlewares: [originVerify(), publicForm(agencies)], agencies },
  );
}

export const handler = build();
