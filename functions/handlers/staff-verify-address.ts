import { isPlainCaseId } from '../contracts/ids.ts';
import { verifyClientAddress } from '../domain/cases/verify-client-address.ts';
import { sameOrigin } from '../web/http/same-origin.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { redirect, staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { BlobStore } from '../adapters/aws/blob-store.ts';
import { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import { DynamoClientAddressStore } from '../adapters/aws/client-address-store.ts';
import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { servingCatalog } from '../composition/serving-catalog.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { readSignInConfig } from '../contracts/sign-in-config.ts';
import { logger } from '../observability/logger.ts';

/**
 * POST /staff/{agencyId}/cases/{caseId}/client-address: a case manager or supervisor who saw the client records that
 * the email address the case writes to is theirs (client-address.ts). It verifies the address the case holds now
 * (its hash: staff never type it), is audited (`address-verified`, `in-person`, by whom), and puts the documents held
 * for it back on the queue. Only from the staff pages' own origin, as every staff form post.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => {
    const config = settings();
    return {
      catalog: servingCatalog(config), addresses: new DynamoClientAddressStore(config.tableName),
      caseStore: new DynamoCaseStore(config.tableName, new BlobStore(config.bucketName)), queue: new SqsJobQueue(config.documentQueueUrl),
    };
  });
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  return staffPageHandler('staff-verify-address', async (event) => {
    const { addresses, caseStore, queue } = parts();
    const { staff } = event;
    const chrome = { ...event.chrome, staff };
    const words = event.language.words('staffCasePage');
    const common = event.language.words('staff');
    // Another site's page cannot make a signed-in browser record this (the session cookie is SameSite=Lax as well).
    if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) {
      return staffPageMessage(403, chrome, words.t('notRecorded'), words.t('otherOrigin'));
    }
    const caseId = event.pathParameters?.caseId;
    if (!isPlainCaseId(caseId) || !(await caseStore.getCase(staff.agencyId, caseId))) return staffPageMessage(404, chrome, common.t('notFound.title'), common.t('notFound.case'));
    const current = (await addresses.clientAddress(staff.agencyId, caseId))?.currentHash;
    if (current === undefined) {
      return staffPageMessage(409, chrome, words.t('notRecorded'), words.t('address.nothingToVerify'));
    }
    const audit = auditOf(event, caseId, 'address-verified', 'client-address');
    await caseStore.recordAccess({ ...audit, reason: 'in-person' });
    const { released } = await verifyClientAddress(addresses, queue, {
      agencyId: staff.agencyId, caseId, addressHash: current, at: audit.at, method: 'in-person', staff: staff.subject,
    });
    logger.info('client address verified', { agencyId: staff.agencyId, caseId, method: 'in-person', released, actor: staff.subject, requestId: event.requestContext.requestId });
    return redirect(`/staff/${staff.agencyId}/cases/${caseId}?verified=in-person`);
  }, { ...pageDeps });
}

export const handler = build();
