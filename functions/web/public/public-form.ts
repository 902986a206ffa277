import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isPublicForm, mayBePublic, type Form, type FormCatalog } from '../../domain/forms/catalog.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { formUnavailable, Problem } from '../http/problem.ts';
import { phrase } from '../http/problem-phrases/index.ts';

export interface PublicFormEvent extends APIGatewayProxyEventV2 {
  form: Form;
}

/**
 * Resolves the public form a request addresses, before its body is read. Unknown agencies and forms, staff-only
 * forms and path segments that are not plain ids all answer the same 404, so the public API reveals nothing
 * about what exists. A public form of the agency that did not load answers 503: it exists, and is out until fixed.
 */
export function publicForm(catalog: () => FormCatalog): MiddlewareObj<PublicFormEvent> {
  return {
    before: (request) => {
      const { agencyId, formId } = request.event.pathParameters ?? {};
      const form = isPlainId(agencyId) && isPlainId(formId) ? catalog().form(agencyId, formId) : undefined;
      const refused = !form && isPlainId(agencyId) && isPlainId(formId) ? catalog().refusedForm(agencyId, formId) : undefined;
      if (refused && mayBePublic(refused)) throw formUnavailable();
      if (!form || !isPublicForm(form)) throw new Problem('notFound', phrase('noSuchPublicForm'));
      request.event.form = form;
    },
  };
}
