import type { DeliveryOutcome } from '../delivery/deliver.ts';
import { linkCodePolicy, needsLinkCode } from '../delivery/link-code.ts';
import { linkLifetimeHours, linkTokenHash, linkUrl, newLinkToken } from '../delivery/secure-link.ts';
import type { Agency } from '../forms/agency.ts';
import type { JobCaseContext } from './case-context.ts';
import type { Job } from './job.ts';
import type { JobContext } from './job-ports.ts';
import { deliverNotice } from './job-steps.ts';

/** A stored document on its way out: which one, its PDF, and its title in a recipient's language. */
export interface OutgoingDocument {
  readonly documentType: string;
  readonly documentId: string;
  readonly pdf: Buffer;
  readonly titleIn: (locale: string) => string;
}

/**
 * Delivers a stored document by its type's routes: attached, or behind a secure link (with a one-time code where the
 * agency asks recipients of that kind for one). The rendered document and its sealed copy both go this way.
 */
export function deliverDocument(context: JobContext, agency: Agency, job: Job, caseContext: JobCaseContext, document: OutgoingDocument): Promise<DeliveryOutcome[]> {
  const { ports } = context;
  const validHours = linkLifetimeHours(agency);
  const codePolicy = linkCodePolicy(agency);
  return deliverNotice(context, agency, job, {
    event: document.documentType, documentId: document.documentId, facts: caseContext.facts, replyTo: caseContext.caseManagerEmail, clientAddress: caseContext.clientAddress,
    content: async (to, delivery) => {
      let link: { url: string; expiresAt: Date } | undefined;
      if (to.method === 'link') {
        const token = newLinkToken();
        const createdAt = context.now();
        const expiresAt = new Date(createdAt.getTime() + validHours * 3_600_000);
        await ports.createLink({
          ...delivery, tokenHash: linkTokenHash(token), createdAt: createdAt.toISOString(), validUntil: expiresAt.toISOString(),
          // Which case manager a case-manager link was for: it stops opening when the case is reassigned (link-validity.ts).
          ...(delivery.recipient === 'case-manager' && caseContext.caseManager !== undefined ? { caseManager: caseContext.caseManager } : {}),
          // Where its one-time code goes, when the agency asks recipients of this kind for one (link-code.ts).
          ...(needsLinkCode(codePolicy, to.kind) ? { codeTo: to.address, codeLocale: to.locale } : {}),
        });
        link = { url: linkUrl(context.publicBaseUrl, job.agencyId, token), expiresAt };
      }
      return { kind: 'document', documentType: document.documentType, title: document.titleIn(to.locale), pdf: document.pdf, ...(link ? { link } : {}) };
    },
  });
}
