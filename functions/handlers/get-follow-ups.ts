import { myFollowUps } from '../domain/cases/my-follow-ups.ts';
import { Problem } from '../web/http/problem.ts';
import { phrase } from '../web/http/problem-phrases/index.ts';
import { jsonResponse } from '../web/http/responses.ts';
import { staffHandler } from '../web/staff/staff-handler.ts';
import { builtOnce } from '../composition/built-once.ts';
import { noteKeeping } from '../composition/note-keeping.ts';
import { DynamoSessionStore } from '../adapters/aws/session-store.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** GET /agencies/{agencyId}/follow-ups: the caller's follow-ups (notes' follow-up dates, their cases' review dates): overdue, today, this week. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => noteKeeping(settings()));
  const agencies = () => parts().catalog;
  const sessions = builtOnce(() => new DynamoSessionStore(settings().tableName));
  return staffHandler('get-follow-ups', async (event) => {
    const { catalog, noteStore } = parts();
    const agency = catalog.agency(event.staff.agencyId);
    if (!agency) throw new Problem('notFound', phrase('noSuchResource'));
    return jsonResponse(200, await myFollowUps(noteStore, agency, event.staff, new Date(), event.requestContext.requestId));
  }, { agencies, sessions });
}

export const handler = build();
