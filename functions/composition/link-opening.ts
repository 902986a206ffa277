import { DynamoLinkCodeStore } from '../adapters/aws/link-code-store.ts';
import { DynamoLinkStore } from '../adapters/aws/link-store.ts';
import type { Config } from '../contracts/config.ts';
import { caseReading } from './case-reading.ts';

/**
 * What the three functions of a secure link (open it, send its code, check its code) work with: the forms, the case
 * store (the case as it is now, the document, the audit trail), the link itself and its code records.
 */
export function linkOpening(config: Config) {
  const { catalog, caseStore } = caseReading(config);
  const links = new DynamoLinkStore(config.tableName);
  return {
    catalog, caseStore, codes: new DynamoLinkCodeStore(config.tableName),
    /** The reads and the audit every request to a link makes (web/public/secure-link-request.ts). */
    linkPorts: {
      findLink: links.findLink.bind(links),
      getCase: caseStore.getCase.bind(caseStore),
      recordAccess: caseStore.recordAccess.bind(caseStore),
    },
  };
}

