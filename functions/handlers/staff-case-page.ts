import { readCase } from '../domain/cases/read-case.ts';
import { caseIdentity, submissionAnswers, type SubmissionAnswers } from '../domain/cases/submission-answers.ts';
import { localDate } from '../domain/cases/notice-period.ts';
import { isPlainCaseId } from '../contracts/ids.ts';
import { htmlResponse } from '../web/http/page-responses.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { auditOf } from '../web/staff/staff-handler.ts';
import { isStaffForm } from '../domain/forms/catalog.ts';
import { mayStaffSubmit } from '../domain/forms/form-roles.ts';
import { packLabels } from '../domain/forms/pack-labels.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { caseReadingWithVersions } from '../composition/case-reading.ts';
import { readConfig, type Config } from '../contracts/config.ts';
import { templateLibrary } from '../web/public/intake-page-request.ts';
import { renderCasePage } from '../web/staff-pages/case-page.ts';
import { outcomesOf } from '../web/staff-pages/case-outcomes.ts';
import { possibleMatches } from '../domain/people/find-matches.ts';
import { personCases } from '../domain/people/person-cases.ts';
import { personLinksSection } from '../web/staff-pages/person-links-section.ts';
import { caseNotesSection, noteNotice } from '../web/staff-pages/case-notes-section.ts';
import { caseFilesSection } from '../web/staff-pages/case-files-section.ts';
import { fileQuestions } from '../web/staff-pages/file-questions.ts';
import { assignSection } from '../web/staff-pages/assign-controls.ts';
import { mayAssign } from '../web/staff/assignment-request.ts';
import { caseManagersOf } from '../domain/forms/staff-list.ts';
import { DynamoSigningStore } from '../adapters/aws/signing-store.ts';
import { signingDesk } from '../composition/signing-desk.ts';
import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import type { JsonBodyEvent } from '../web/http/json-body.ts';
import { isPaperScanForm } from '../domain/signatures/paper-scan.ts';
import { caseWords } from '../web/staff-pages/case-words.ts';
import { signaturesSection } from '../web/staff-pages/signatures-section.ts';
import { signingRequest } from '../web/staff/signing-request.ts';

const SAVED = /^[a-z0-9-]{1,64}$/;

/**
 * GET /staff/{agencyId}/cases/{caseId}: the case page, each view audited as the API's read is. The page, its form
 * titles and the answers are in the reader's staff-page language (staff-locale.ts) where the pack translates them.
 * GET and POST …/signatures/{documentId}: a document's signing page and its forms (web/staff/signing-request.ts),
 * served by this function, which reads the case already, so the stack needs no function of its own for them; and
 * under it, …/uploads[/{uploadId}], the steps that upload a paper signature's scan from that page
 * (web/staff/paper-scan-request.ts).
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => caseReadingWithVersions(settings()));
  const agencies = () => parts().catalog;
  const pageDeps = staffPageDeps(settings, agencies);
  // The signing page's paper scan is uploaded through this function too: its presign posts JSON, read then.
  return staffPageHandler<FormBodyEvent & JsonBodyEvent>('staff-case-page', async (event) => {
    const { staff, language } = event;
    const { caseStore, catalog, formVersions } = parts();
    if (event.pathParameters?.documentId !== undefined) {
      return signingRequest(event, signingDesk(settings(), catalog, caseStore, staff.agencyId, event.pathParameters.caseId ?? ''));
    }
    const words = language.words('staffCasePage');
    const chrome = { ...event.chrome, staff };
    const agency = catalog.agency(staff.agencyId)!;
    const caseId = event.pathParameters?.caseId;
    const forms = [...(catalog.pack(staff.agencyId)?.forms.values() ?? [])];
    const view = isPlainCaseId(caseId) ? await readCase(caseStore, catalog, auditOf(event, caseId, 'read-case')) : undefined;
    if (!view) return staffPageMessage(404, chrome, language.words('staff').t('notFound.title'), language.words('staff').t('notFound.case'));
    const { locale } = language;
    const labels = packLabels((served) => catalog.translations(agency.id, served), locale);
    // A form by its title in the reader's language where the pack translates it (the empty key), else the schema's.
    const formTitles = Object.fromEntries(forms.map((form) => [form.formId, labels(form.formId)('') ?? String((form.schema as { title?: unknown }).title ?? form.formId)]));
    const saved = event.queryStringParameters?.saved;
    const caseManagers = caseManagersOf(catalog.pack(staff.agencyId)?.staff ?? []);
    const answers = await submissionAnswers({ readRaw: (key) => caseStore.readRaw(key), form: (...args) => formVersions.form(...args) }, view);
    const identity = caseIdentity(view, answers);
    // A paper signature's scan was sent for no form: it is named by the document it is the signature of.
    const named = caseWords(language, agency);
    const documentTypes = new Map(view.documents.map((document) => [String(document.documentId), String(document.documentType)]));
    const paperScansNamed = (questionOf: ReturnType<typeof fileQuestions>): typeof questionOf => (file) => (isPaperScanForm(file.formId)
      ? { question: language.words('staffCaseFiles').t('paperScan'), form: named.documentType(documentTypes.get(file.submissionId) ?? '') }
      : questionOf(file));
    const documentWords = templateLibrary(settings().templatesDir).strings(agency.id, 'document', locale);
    const clientLanguage = identity?.language && agency.locales.includes(identity.language) ? identity.language : agency.defaultLocale;
    return htmlResponse(200, renderCasePage({
      chrome, agency, view, formTitles, identity,
      today: localDate(new Date(), agency.timeZone),
      // Only the forms this user's roles may fill in are offered (the form page and its post refuse the others: 403).
      offeredForms: forms.filter((form) => isStaffForm(form) && mayStaffSubmit(form, staff)).map((form) => form.formId),
      outcomes: outcomesOf(view.submissions, forms, agency, language, labels),
      answers: { entries: answers, reading: {
        locale, labels,
        yes: typeof documentWords?.yes === 'string' ? documentWords.yes : 'Yes', no: typeof documentWords?.no === 'string' ? documentWords.no : 'No',
        // A client writes what they send in their own language; staff write in the agency's.
        writtenIn: (entry: SubmissionAnswers) => (entry.submission.channel === 'public' ? clientLanguage : agency.defaultLocale),
      } },
      personLinks: personLinksSection({
        staff, language, caseId: view.case.caseId, linked: await personCases(caseStore, view.case), matches: await possibleMatches(caseStore, view.case),
        ...(event.queryStringParameters?.person ? { notice: event.queryStringParameters.person } : {}),
      }),
      files: caseFilesSection({
        staff, caseId: view.case.caseId, files: view.files, timeZone: agency.timeZone, language, questionOf: paperScansNamed(fileQuestions(forms, labels, formTitles)),
      }),
      signatures: signaturesSection((await new DynamoSigningStore(settings().tableName).listSignings(agency.id, view.case.caseId)).map(({ record }) => record), {
        language, named, timeZone: agency.timeZone, caseHref: `/staff/${agency.id}/cases/${view.case.caseId}`,
        documents: new Map(view.documents.map((document) => [String(document.documentId), { documentType: String(document.documentType), createdAt: String(document.createdAt) }])),
      }),
      notes: caseNotesSection({ staff, caseId: view.case.caseId, notes: view.notes, timeZone: agency.timeZone, language: event.language, ...noteNotice(event.queryStringParameters?.note) }),
      ...(saved && SAVED.test(saved) && formTitles[saved] ? { notice: words.t('notice.saved', { form: formTitles[saved] }) } : {}),
      ...(event.queryStringParameters?.verified === 'in-person' ? { notice: words.t('notice.verifiedInPerson') } : {}),
      ...(event.queryStringParameters?.assigned === '1' ? { notice: words.t('notice.assigned') } : {}),
      caseManagers,
      ...(mayAssign(staff) ? { assignment: assignSection(staff.agencyId, view.case, caseManagers, event.language) } : {}),
    }));
  }, { ...pageDeps }, [formBody()]);
}

export const handler = build();
