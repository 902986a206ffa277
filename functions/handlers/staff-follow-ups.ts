import { myFollowUps } from '../domain/cases/my-follow-ups.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { staffPageHandler } from '../web/staff/staff-page-handler.ts';
import { renderFollowUpsPage } from '../web/staff-pages/follow-ups-page.ts';
import { followUpDoneNotice } from '../web/staff-pages/follow-up-done-form.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { noteKeeping } from '../composition/note-keeping.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/** GET /staff/{agencyId}/follow-ups: the signed-in staff member's follow-ups, as the API's GET /agencies/{agencyId}/follow-ups. */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => noteKeeping(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-follow-ups', async (event) => {
    const { catalog, noteStore } = parts();
    const agency = catalog.agency(event.staff.agencyId)!;
    const buckets = await myFollowUps(noteStore, agency, event.staff, new Date(), event.requestContext.requestId);
    return htmlResponse(200, renderFollowUpsPage({ ...event.chrome, staff: event.staff }, buckets, followUpDoneNotice(event.queryStringParameters, event.language.words('staffFollowUps'))));
  }, { ...pageDeps });
}

export const handler = build();
