import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Role } from '../../contracts/roles.ts';
import { staffFromClaims, type StaffMember } from '../../contracts/staff-claims.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { Problem } from '../http/problem.ts';
import { isIdToken } from './oidc.ts';
import { checkSession, idleMinutesOf, sessionHashOf, type SessionStores } from '../../domain/sessions/staff-sessions.ts';
import { servedAgency, type ServedAgencies } from '../http/served-agencies.ts';
import { phrase } from '../http/problem-phrases/index.ts';

export interface StaffEvent extends APIGatewayProxyEventV2 {
  staff: StaffMember;
}

interface JwtAuthorizerContext {
  readonly jwt?: { readonly claims?: Record<string, unknown> };
}

/**
 * Staff routes: the token was verified before the function runs (API Gateway's JWT authorizer in AWS, the local
 * gateway on a laptop); this reads who it is and enforces what the route table says. Another agency's data answers
 * 404 exactly as if it did not exist, before roles are even considered, so a token reveals nothing across tenants.
 */
export function staffAuth(roles: readonly Role[], { sessions, agencies }: { readonly sessions: SessionStores; readonly agencies?: ServedAgencies }): MiddlewareObj<StaffEvent> {
  return {
    before: async (request) => {
      const event = request.event;
      const authorizer = (event.requestContext as { authorizer?: JwtAuthorizerContext }).authorizer;
      const claims = authorizer?.jwt?.claims;
      // The API takes Cognito ID tokens (docs/api.md): the authorizer also lets the client's access tokens through.
      const staff = isIdToken(claims) ? staffFromClaims(claims) : undefined;
      if (!staff) throw new Problem('unauthorized', phrase('staffTokenRequired'), [], { 'WWW-Authenticate': 'Bearer' });
      const agencyId = event.pathParameters?.agencyId;
      if (!isPlainId(agencyId) || agencyId !== staff.agencyId) throw new Problem('notFound', phrase('noSuchResource'));
      if (!staff.roles.some((role) => roles.includes(role))) {
        throw new Problem('forbidden', phrase('rolesRequired', roles.join(', ')));
      }
      // The sign-in's server-side record: a token of a session ended by sign-out or by the agency's idle period is
      // refused as if it had expired, though its signature and expiry still hold (web/staff/server-session.ts).
      const bearer = (event.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const state = await checkSession(sessions(), staff.agencyId, sessionHashOf(claims!, bearer), idleMinutesOf(servedAgency(agencies, staff.agencyId)));
      if (state !== 'active') throw new Problem('unauthorized', phrase('staffTokenRequired'), [], { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      event.staff = staff;
    },
  };
}
