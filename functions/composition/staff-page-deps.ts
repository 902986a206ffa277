import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import type { Config } from '../contracts/config.ts';
import type { ServedAgencies } from '../web/http/served-agencies.ts';
import { templateLibrary } from '../web/public/intake-page-request.ts';
import { builtOnce } from './built-once.ts';
import type { StaffPageDeps } from '../web/staff/staff-page-handler.ts';

/** What every staff page needs besides its own parts: the agencies, the sign-ins' records, and the pages' words. */
export function staffPageDeps(settings: () => Config, agencies: ServedAgencies): Omit<StaffPageDeps, 'keepIdlePost'> {
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return { agencies, sessions, templates: () => templateLibrary(settings().templatesDir) };
}
