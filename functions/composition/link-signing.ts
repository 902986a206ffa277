import { DynamoLinkStore } from '../adapters/aws/link-store.ts';
import { DynamoSigningStore } from '../adapters/aws/signing-store.ts';
import type { Config } from '../contracts/config.ts';
import { TemplateLibrary } from '../domain/documents/templates.ts';
import { linkOpening } from './link-opening.ts';

/**
 * What a signing link's functions work with (open-link, and link-code-check for its answers): what every link request reads
 * (link-opening.ts), the signing records, the link's consent choice, and the words of the signing pages.
 */
export function linkSigning(config: Config) {
  const opening = linkOpening(config);
  const links = new DynamoLinkStore(config.tableName);
  return {
    ...opening,
    signLinkPorts: {
      signings: new DynamoSigningStore(config.tableName),
      recordSignConsent: links.recordSignConsent.bind(links),
      recordAccess: opening.linkPorts.recordAccess,
      templates: new TemplateLibrary(config.templatesDir),
    },
  };
}
