/**
 * The one route table. The CDK app turns each entry into an API Gateway route and a Lambda function;
 * the local gateway serves the same entries with the same handler modules, so what runs locally is what deploys.
 */
export type RouteAccess = 'public';

export interface Route {
  /** HTTP method as API Gateway spells it. */
  readonly method: 'GET' | 'POST';
  /** API Gateway path template; `{name}` segments become `pathParameters.name`. */
  readonly path: string;
  /** Module under functions/handlers/ that exports `handler`. */
  readonly handler: string;
  readonly access: RouteAccess;
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/agencies/{agencyId}/forms/{formId}', handler: 'get-form', access: 'public' },
  { method: 'GET', path: '/agencies/{agencyId}/forms/{formId}/versions/{version}', handler: 'get-form-version', access: 'public' },
  { method: 'POST', path: '/agencies/{agencyId}/forms/{formId}/submissions', handler: 'submit', access: 'public' },
];

/** Background functions: not routed, triggered by the queue or a schedule. */
export const workers = {
  documentWorker: 'document-worker',
  outboxSweeper: 'outbox-sweeper',
} as const;
