/**
 * The one route table. The CDK app turns each entry into an API Gateway route and a Lambda function;
 * the local gateway serves the same entries with the same handler modules, so what runs locally is what deploys.
 */
import type { Role } from './auth/roles.ts';

/** public: anyone, no token. staff: a valid staff JWT (checked by API Gateway's authorizer, or the local gateway). */
export type RouteAccess = 'public' | 'staff';

export interface Route {
  /** HTTP method as API Gateway spells it. */
  readonly method: 'GET' | 'POST';
  /** API Gateway path template; `{name}` segments become `pathParameters.name`. */
  readonly path: string;
  /** Module under functions/handlers/ that exports `handler`. */
  readonly handler: string;
  readonly access: RouteAccess;
  /** For staff routes: the roles allowed. Anyone else with a valid token gets 403. */
  readonly roles?: readonly Role[];
}

const everyone: readonly Role[] = ['intake-worker', 'case-manager', 'supervisor', 'agency-admin'];

export const routes: readonly Route[] = [
  { method: 'GET', path: '/agencies/{agencyId}/forms/{formId}', handler: 'get-form', access: 'public' },
  { method: 'GET', path: '/agencies/{agencyId}/forms/{formId}/versions/{version}', handler: 'get-form-version', access: 'public' },
  { method: 'POST', path: '/agencies/{agencyId}/forms/{formId}/submissions', handler: 'submit', access: 'public' },
  { method: 'GET', path: '/agencies/{agencyId}/links/{token}', handler: 'open-link', access: 'public' },
  { method: 'GET', path: '/intake/{agencyId}/{formId}', handler: 'intake-page', access: 'public' },
  { method: 'POST', path: '/intake/{agencyId}/{formId}', handler: 'intake-post', access: 'public' },
  { method: 'POST', path: '/intake/{agencyId}/{formId}/check', handler: 'intake-check', access: 'public' },
  { method: 'GET', path: '/agencies/{agencyId}/cases', handler: 'list-cases', access: 'staff', roles: everyone },
  { method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}', handler: 'get-case', access: 'staff', roles: everyone },
  {
    method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}/submissions/{submissionId}', handler: 'get-submission', access: 'staff', roles: everyone,
  },
  {
    method: 'POST', path: '/agencies/{agencyId}/cases/{caseId}/forms/{formId}/submissions', handler: 'submit-staff-form', access: 'staff',
    roles: ['intake-worker', 'case-manager', 'supervisor'],
  },
  {
    method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}/documents/{documentId}', handler: 'get-document', access: 'staff', roles: everyone,
  },
  { method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}/audit', handler: 'get-audit', access: 'staff', roles: ['supervisor', 'agency-admin'] },
];

/** Background functions: not routed, triggered by the queue or a schedule. */
export const workers = {
  documentWorker: 'document-worker',
  outboxSweeper: 'outbox-sweeper',
  sesEvents: 'ses-events',
  retentionSweeper: 'retention-sweeper',
} as const;
