import { isPlainCaseId } from '../contracts/ids.ts';
import { linkCases, unlinkCase } from '../domain/people/person-links.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { sameOrigin } from '../web/http/same-origin.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';
import { logger } from '../observability/logger.ts';

/**
 * POST /staff/{agencyId}/cases/{caseId}/person: a supervisor links this case to another as one person's
 * (`action=link`, `otherCaseId`), or takes it out of its person (`action=unlink`). Never automatic: only this post
 * links. Audited on both sides; only from the staff pages' own origin, as every staff form post.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return { catalog: servingCatalog(config), caseStore: new DynamoCaseStore(config.tableName, new BlobStore(config.bucketName)) };
  });
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler<FormBodyEvent>('staff-person-link-post', async (event) => {
    const { caseStore } = parts();
    const { staff } = event;
    const chrome = { ...event.chrome, staff };
    const words = event.language.words('staffPerson');
    const common = event.language.words('staff');
    if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
      return staffPageMessage(403, chrome, words.t('notRecorded'), words.t('otherOrigin'));
    }
    const caseId = event.pathParameters?.caseId;
    if (!isPlainCaseId(caseId)) return staffPageMessage(404, chrome, common.t('notFound.title'), common.t('notFound.case'));
    const { params } = event.formBody;
    const action = params.get('action');
    const otherCaseId = params.get('otherCaseId') ?? undefined;
    const { caseId: _, action: __, ...audit } = auditOf(event, caseId, 'person-linked');
    let outcome;
    if (action === 'link' && isPlainCaseId(otherCaseId)) outcome = await linkCases(caseStore, audit, caseId, otherCaseId);
    else if (action === 'unlink') outcome = await unlinkCase(caseStore, audit, caseId);
    else return staffPageMessage(400, chrome, words.t('notRecorded'), words.t('chooseCase'));
    logger.info('person link', { agencyId: staff.agencyId, caseId, outcome, actor: staff.subject, requestId: event.requestContext.requestId });
    switch (outcome) {
      case 'linked':
      case 'unlinked':
        return redirect(`/staff/${staff.agencyId}/cases/${caseId}?person=${outcome}#person`);
      case 'not-found':
        return staffPageMessage(404, chrome, common.t('notFound.title'), common.t('notFound.case'));
      case 'not-linked':
        return staffPageMessage(409, chrome, words.t('notRecorded'), words.t('notLinked'));
      case 'stale':
        return staffPageMessage(409, chrome, words.t('notRecorded'), words.t('stale'));
    }
  }, { ...pageDeps }, [formBody()]);
}

export const handler = build();
