import { isPlainId } from '../../contracts/ids.ts';
import type { CaseView } from '../../domain/cases/case-view.ts';
import type { DocumentJob } from '../../domain/cases/document-job.ts';
import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import type { Agency } from '../../domain/forms/agency.ts';
import { SIGNER_ROLES, type SignerRole } from '../../domain/signatures/signature-plan.ts';
import { turnRefusal, type SignerStep, type SigningRecord } from '../../domain/signatures/signing.ts';
import type { SigningStore } from '../../domain/signatures/signing-store.ts';
import { actOnSigning, mayActOn, RESEND_PAUSE_MINUTES, type StaffSigningAction, type StaffSigningOutcome } from '../../domain/signatures/staff-signing.ts';
import { logger } from '../../observability/logger.ts';
import type { FormBodyEvent } from '../http/form-body.ts';
import type { JsonBodyEvent } from '../http/json-body.ts';
import { htmlResponse } from '../http/page-responses.ts';
import { sameOrigin } from '../http/same-origin.ts';
import { readSignInConfig } from '../../contracts/sign-in-config.ts';
import type { HttpResponse } from '../http/responses.ts';
import { caseWords } from '../staff-pages/case-words.ts';
import type { SigningReading } from '../staff-pages/signatures-section.ts';
import { renderSigningPage, type SigningPageRefusal } from '../staff-pages/signing-page.ts';
import { pageLanguage } from '../public-pages/page-language.ts';
import { PAPER_SCAN_FIELD } from '../../domain/signatures/paper-scan.ts';
import { filesParameter } from '../uploads/upload-addresses.ts';
import { isPaperScanUpload, paperScanPart, paperScanUpload, uploadedScanOf, type PaperScanUploads } from './paper-scan-request.ts';
import { auditOf } from './staff-handler.ts';
import { redirect, staffPageMessage, type StaffPageEvent } from './staff-page-handler.ts';

/** What the signing page and its post work with (composition wires them; the case view is read by the caller). */
export interface SigningDesk {
  readonly agency: Agency;
  readonly store: SigningStore;
  readonly templates: TemplateLibrary;
  /** The case as staff see it, audited as `audit` says; undefined when there is no such case. */
  readonly readCase: (audit: ReturnType<typeof auditOf> | undefined) => Promise<CaseView | undefined>;
  /** The fast path of a seal job (the outbox holds it anyway). */
  readonly enqueue: (job: DocumentJob) => Promise<void>;
  /** Where a paper signature's scan is uploaded from the page itself; none without an uploads bucket. */
  readonly uploads?: PaperScanUploads;
}

type SigningEvent = StaffPageEvent & FormBodyEvent & JsonBodyEvent;

const ACTIONS = ['sign', 'decline', 'paper', 'resend'] as const;
const NOTICES = { saved: 'notice.saved', sealing: 'notice.sealing', resent: 'notice.resent' } as const;

/** The words a signer is shown for their step, in `locale`: `signing.intent.*` with the document's title. */
export function intentText(templates: TemplateLibrary, agencyId: string, locale: string, step: Pick<SignerStep, 'intent'>, documentTitle: string): string {
  const words = templates.strings(agencyId, 'signing', locale) ?? templates.strings(agencyId, 'signing', 'en');
  const intent = (words?.intent as Readonly<Record<string, unknown>> | undefined)?.[step.intent];
  return (typeof intent === 'string' ? intent : step.intent).replace('{document}', documentTitle);
}

/**
 * GET and POST /staff/{agencyId}/cases/{caseId}/signatures/{documentId}; and the paper scan's upload routes under it,
 * `…/uploads[/{uploadId}]` (paper-scan-request.ts).
 */
export async function signingRequest(event: SigningEvent, desk: SigningDesk): Promise<HttpResponse> {
  const { staff, language } = event;
  const chrome = { ...event.chrome, staff };
  const words = language.words('staffSigning');
  const notFound = () => staffPageMessage(404, chrome, language.words('staff').t('notFound.title'), words.t('notFound'));
  const { caseId, documentId } = event.pathParameters ?? {};
  if (!isPlainId(caseId) || !isPlainId(documentId)) return notFound();
  if (isPaperScanUpload(event)) return paperScanUpload(event, desk.uploads, { caseId, documentId }, (await desk.store.findSigning(staff.agencyId, caseId, documentId))?.record);
  const post = event.requestContext.http.method === 'POST';
  if (post) {
    // Not the page's form, or another site's page making a signed-in browser post (SameSite=Lax lets a top-level POST through).
    if (!event.formBody.isForm || event.formBody.tooLarge) return staffPageMessage(415, chrome, words.t('refused.title'), words.t('refused.notForm'));
    if (!sameOrigin(event.headers.origin, event.headers.host, readSignInConfig().pagesBaseUrl)) return staffPageMessage(403, chrome, words.t('refused.title'), words.t('refused.otherSite'));
  }
  // A post's change is audited with the change itself; a view is audited as a view.
  const view = await desk.readCase(post ? undefined : auditOf(event, caseId, 'read-signing', documentId));
  const stored = view ? await desk.store.findSigning(staff.agencyId, caseId, documentId) : undefined;
  if (!view || !stored) return notFound();
  const named = caseWords(language, desk.agency);
  const reading: SigningReading = {
    language, named, timeZone: desk.agency.timeZone, caseHref: `/staff/${staff.agencyId}/cases/${caseId}`,
    documents: new Map(view.documents.map((document) => [String(document.documentId), { documentType: String(document.documentType), createdAt: String(document.createdAt) }])),
  };
  const title = named.documentType(stored.record.documentType);
  const intentOf = (step: Pick<SignerStep, 'intent'>) => intentText(desk.templates, desk.agency.id, language.locale, step, title);
  const cleanFiles = view.files.filter((file) => file.scan === 'clean');
  // The paper form's own file question, where this staff member may record the client's paper signature now.
  const paperScan = (scans: { readonly ids: readonly string[]; readonly refused?: string | undefined }) =>
    (mayActOn(staff, 'client') && turnRefusal(stored.record, 'client') === undefined
      ? paperScanPart(desk.uploads, { agency: desk.agency, caseId, documentId, language: pageLanguage(desk.agency, desk.templates, language.locale, undefined), label: words.t('paper.upload') }, scans)
      : Promise.resolve(undefined));
  const page = async (status: number, record: SigningRecord, extra: { notice?: string; refusal?: SigningPageRefusal }, scans: Parameters<typeof paperScan>[0] = { ids: [] }) => {
    const scan = await paperScan(scans);
    return htmlResponse(status, renderSigningPage({ chrome, caseId, record, reading, intentOf, cleanFiles, ...(scan ? { paperScan: scan } : {}), ...extra }));
  };
  if (!post) {
    const query = event.queryStringParameters ?? {};
    const notice = query.signing;
    return page(200, stored.record, notice !== undefined && Object.hasOwn(NOTICES, notice) ? { notice: words.t(NOTICES[notice as keyof typeof NOTICES]) } : {}, { ids: filesParameter(query.files), refused: query.refused });
  }

  const params = event.formBody.params;
  const values = Object.fromEntries(['signerName', 'reason', 'paperUploadId'].map((name) => [name, params.get(name) ?? '']));
  // A scan uploaded on the page (its file question) is the one recorded; else the case's file chosen in the list.
  const uploadedScan = filesParameter(params.getAll(PAPER_SCAN_FIELD).join(','));
  const action = params.get('action') ?? '';
  const role = params.get('role') ?? '';
  const refusal = (status: number, message: string, field?: string) => page(status, stored.record, { refusal: { role, action, message, values, ...(field ? { field } : {}) } }, { ids: uploadedScan });
  if (event.signedOutForInactivity) return refusal(401, words.t('refused.inactivity'));
  if (!isAction(action) || !isSignerRole(role) || (action === 'resend' && role !== 'client')) return refusal(422, words.t('refused.action'));
  const step = stored.record.steps.find((candidate) => candidate.role === role);
  const act: StaffSigningAction = action === 'sign'
    ? { action, role, signerName: values.signerName! }
    : action === 'decline' ? { action, role, reason: values.reason! }
      : action === 'resend' ? { action, role: 'client' } : { action, role, signerName: values.signerName!, paperUploadId: uploadedScan[0] ?? values.paperUploadId!.trim() };
  const outcome = await actOnSigning(desk.store, { agencyId: staff.agencyId, caseId, documentId }, act, {
    staff, locale: language.locale, intentText: step ? intentOf(step) : '',
    sourceAddress: event.requestContext.http.sourceIp, userAgent: event.headers['user-agent'] ?? '',
    caseFileIds: new Set(cleanFiles.map((file) => file.uploadId)), uploadedScan: uploadedScanOf(desk.uploads, staff.agencyId, caseId), audit: (audited, target) => auditOf(event, caseId, audited, target), now: new Date(),
  });
  logger.info('signing', { agencyId: staff.agencyId, caseId, documentId, action, role, outcome: outcomeName(outcome), actor: staff.subject, requestId: event.requestContext.requestId });
  switch (outcome.outcome) {
    case 'saved':
      // The fast path for the jobs the change committed (the outbox sweeper sends any that do not get through).
      await Promise.all(outcome.jobs.map((kind) => desk.enqueue({ documentType: kind, agencyId: staff.agencyId, caseId, submissionId: documentId }).catch((error: unknown) => {
        logger.warn('signing job not enqueued: the outbox sweeper sends it', { agencyId: staff.agencyId, caseId, job: kind, errorName: (error as Error).name });
      })));
      return redirect(`${reading.caseHref}/signatures/${documentId}?signing=${outcome.sealing ? 'sealing' : action === 'resend' ? 'resent' : 'saved'}`);
    case 'not-found': return notFound();
    case 'not-allowed': return refusal(403, words.t('refused.not-allowed'));
    case 'unknown-file': return refusal(422, words.t('refused.unknown-file'), 'paperUploadId');
    case 'changed': return refusal(409, words.t('refused.changed'));
    case 'too-soon': return refusal(409, words.t('refused.too-soon', { minutes: String(RESEND_PAUSE_MINUTES) }));
    case 'refused': {
      const field = FIELD_OF[outcome.refusal];
      return refusal(field ? 422 : 409, words.t(`refused.${outcome.refusal}`), field);
    }
  }
}

/** The refusals about what was typed, by the field they name; the others are about the record or the order (409). */
const FIELD_OF: Partial<Record<string, string>> = { 'no-name': 'signerName', 'no-reason': 'reason', 'no-upload': 'paperUploadId' };

const isAction = (value: string): value is (typeof ACTIONS)[number] => (ACTIONS as readonly string[]).includes(value);
const isSignerRole = (value: string): value is SignerRole => (SIGNER_ROLES as readonly string[]).includes(value);
const outcomeName = (outcome: StaffSigningOutcome): string => (outcome.outcome === 'refused' ? outcome.refusal : outcome.outcome);

