import { SqsJobQueue } from '../adapters/aws/job-queue.ts';
import { DynamoSigningStore } from '../adapters/aws/signing-store.ts';
import type { Config } from '../contracts/config.ts';
import { readCase } from '../domain/cases/read-case.ts';
import { caseView } from '../domain/cases/case-view.ts';
import { isStaffForm, type FormCatalog } from '../domain/forms/catalog.ts';
import type { DynamoCaseStore } from '../adapters/aws/case-store.ts';
import type { SigningDesk } from '../web/staff/signing-request.ts';
import { templateLibrary } from '../web/public/intake-page-request.ts';
import { pageUploadPort } from './page-upload-port.ts';
import { uploadStores } from './upload-stores.ts';

/**
 * The staff signing page's parts for one agency and case: its signing records, the case (read audited for a view;
 * for a post, the change's own audit record is the one written), the templates' intent words, the seal job's queue, and
 * the uploads a paper signature's scan is sent through (none without an uploads bucket).
 */
export function signingDesk(config: Config, catalog: FormCatalog, caseStore: DynamoCaseStore, agencyId: string, caseId: string): SigningDesk {
  const agency = catalog.agency(agencyId)!;
  const queue = new SqsJobQueue(config.documentQueueUrl);
  const stores = uploadStores(config);
  const page = pageUploadPort(config);
  return {
    agency,
    store: new DynamoSigningStore(config.tableName),
    templates: templateLibrary(config.templatesDir),
    readCase: async (audit) => {
      if (audit) return readCase(caseStore, catalog, audit);
      const staffForms = [...(catalog.pack(agencyId)?.forms.values() ?? [])].filter(isStaffForm);
      return caseView(await caseStore.caseItems(agencyId, caseId), staffForms, agency);
    },
    enqueue: (job) => queue.enqueue(job),
    ...(stores && page ? { uploads: { stores, page } } : {}),
  };
}
