import type { Context } from 'aws-lambda';
import type { AuditRecord } from '../../domain/cases/case-record.ts';
import { StorageError } from '../../domain/cases/storage-error.ts';
import { routes } from '../../contracts/routes.ts';
import { apiHandler, type ApiHandlerOptions } from '../http/api-handler.ts';
import { serviceUnavailable } from '../http/problem.ts';
import type { HttpResponse } from '../http/responses.ts';
import { staffAuth, type StaffEvent } from './staff-auth.ts';
import type { SessionStores } from '../../domain/sessions/staff-sessions.ts';
import type { MiddlewareObj } from '@middy/core';
import { phrase } from '../http/problem-phrases/index.ts';

/**
 * A staff route's handler, with the roles the route table gives it (the one place roles are declared). Storage
 * trouble is a 503 the client may retry.
 */
export function staffHandler<E extends StaffEvent>(
  name: string,
  handler: (event: E, context: Context) => Promise<HttpResponse>,
  { middlewares = [], agencies, sessions }: Pick<ApiHandlerOptions<E>, 'middlewares' | 'agencies'> & { readonly sessions: SessionStores },
) {
  const route = routes.find((candidate) => candidate.handler === name);
  if (!route || route.access !== 'staff' || !route.roles) throw new Error(`${name} is not a staff route in functions/contracts/routes.ts`);
  return apiHandler<E>(async (event, context) => {
    try {
      return await handler(event, context);
    } catch (error) {
      if (error instanceof StorageError) throw serviceUnavailable(phrase('caseStorageUnavailable'));
      throw error;
    }
  }, { middlewares: [staffAuth(route.roles, { sessions, ...(agencies ? { agencies } : {}) }) as MiddlewareObj<E>, ...middlewares], agencies });
}

/** The audit record of this request's access to a case. */
export function auditOf(event: StaffEvent, caseId: string, action: AuditRecord['action'], target?: string): AuditRecord {
  return {
    agencyId: event.staff.agencyId, caseId, actor: event.staff.subject, roles: event.staff.roles, action,
    ...(target === undefined ? {} : { target }), at: new Date().toISOString(), requestId: event.requestContext.requestId,
  };
}
