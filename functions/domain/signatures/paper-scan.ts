import type { LinkedForm } from '../uploads/upload-links.ts';
import { MAX_UPLOAD_MEGABYTES, UPLOAD_TYPES } from '../uploads/upload-field.ts';

/**
 * The scan of a client's paper signature, uploaded on the signing page itself (docs/signatures.md): a file question
 * of its own, taking one PDF, JPEG or PNG, checked, scanned and linked to the case as a staff form's files are
 * (domain/uploads). The form it belongs to is the case's (`paper-scan-<caseId>`), so a scan uploaded on one case's
 * signing page is never a file another case can take.
 */
export const PAPER_SCAN_FIELD = '/paperScan';

const PAPER_SCAN_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  properties: {
    paperScan: {
      type: 'array', items: { type: 'string' }, maxItems: 1,
      'x-caseforms': { upload: { accept: [...UPLOAD_TYPES], maxMegabytes: MAX_UPLOAD_MEGABYTES } },
    },
  },
};

const PREFIX = 'paper-scan-';

/** The paper scan's form on a case: what its uploads are presigned, received and linked for. */
export function paperScanForm(agencyId: string, caseId: string): LinkedForm {
  return { agencyId, formId: `${PREFIX}${caseId}`, schema: PAPER_SCAN_SCHEMA as Record<string, unknown> };
}

/** Whether a case's file is a paper signature's scan (its form is no form of the pack). */
export const isPaperScanForm = (formId: string): boolean => formId.startsWith(PREFIX);
