/**
 * The one route table. The CDK app turns each entry into an API Gateway route and a Lambda function;
 * the local gateway serves the same entries with the same handler modules, so what runs locally is what deploys.
 */
import { NOTE_WRITERS, ROLES, type Role } from './roles.ts';

/**
 * public: anyone, no token. staff: a valid staff JWT (checked by API Gateway's authorizer, or the local gateway).
 * staff-page: the staff pages in a browser, which send a session cookie rather than a bearer token, so no API
 * authorizer runs: the function checks the session and the roles itself (functions/web/staff/staff-page-handler.ts); the
 * sign-in pages themselves have no roles and need no session.
 */
export type RouteAccess = 'public' | 'staff' | 'staff-page';

export interface Route {
  /** HTTP method as API Gateway spells it. */
  readonly method: 'GET' | 'POST';
  /** API Gateway path template; `{name}` segments become `pathParameters.name`. */
  readonly path: string;
  /** Module under functions/handlers/ that exports `handler`. */
  readonly handler: string;
  readonly access: RouteAccess;
  /** For staff routes and signed-in staff pages: the roles allowed. Anyone else with a valid token gets 403. */
  readonly roles?: readonly Role[];
}

const everyone: readonly Role[] = ['intake-worker', 'case-manager', 'supervisor', 'agency-admin'];
/** Who may assign cases to case managers, and sees the caseloads that decision needs. */
export const assigners: readonly Role[] = ['supervisor', 'agency-admin'];
/**
 * The routes that open and submit a staff form let in every role some form may allow; which roles may submit a given
 * form is that form's (its `x-caseforms.roles`, or the safe default for its kind: functions/domain/forms/form-roles.ts),
 * checked by the handler once the form is known. A role no form allows gets 403 there.
 */
const staffFormRoles: readonly Role[] = ROLES;
/** Who changes the agency's forms, translations and settings: its admins alone. */
const studioRoles: readonly Role[] = ['agency-admin'];

export const routes: readonly Route[] = [
  { method: 'GET', path: '/agencies/{agencyId}/forms/{formId}', handler: 'get-form', access: 'public' },
  { method: 'GET', path: '/agencies/{agencyId}/forms/{formId}/versions/{version}', handler: 'get-form-version', access: 'public' },
  { method: 'POST', path: '/agencies/{agencyId}/forms/{formId}/submissions', handler: 'submit', access: 'public' },
  { method: 'GET', path: '/agencies/{agencyId}/links/{token}', handler: 'open-link', access: 'public' },
  // A link that asks for a one-time code: checking the code typed in, and mailing one (link-code.ts).
  { method: 'POST', path: '/agencies/{agencyId}/links/{token}', handler: 'link-code-check', access: 'public' },
  { method: 'POST', path: '/agencies/{agencyId}/links/{token}/code', handler: 'link-code-send', access: 'public' },
  // A signing link's answers (client-signing.ts): `consent` to sign electronically (or paper), and `sign`. One route, served
  // by the code check's function, the link's other post: a function and routes of their own would cost the stack's
  // 470 resources ten. After `/code` above, which API Gateway (and the local gateway, in table order) matches first.
  { method: 'POST', path: '/agencies/{agencyId}/links/{token}/{answer}', handler: 'link-code-check', access: 'public' },
  // A client's confirm link (client-address.ts): GET asks, only the page's POST confirms.
  { method: 'GET', path: '/agencies/{agencyId}/confirm-address/{token}', handler: 'confirm-address', access: 'public' },
  { method: 'POST', path: '/agencies/{agencyId}/confirm-address/{token}', handler: 'confirm-address', access: 'public' },
  { method: 'GET', path: '/intake/{agencyId}/{formId}', handler: 'intake-page', access: 'public' },
  { method: 'POST', path: '/intake/{agencyId}/{formId}', handler: 'intake-post', access: 'public' },
  { method: 'POST', path: '/intake/{agencyId}/{formId}/check', handler: 'intake-check', access: 'public' },
  // A file for a file question (docs/uploads.md): a presigned POST to ask for, then the service's check of the bytes sent,
  // by the page's script (POST) or after S3 sends a page without JavaScript back (GET, S3's success_action_redirect).
  { method: 'POST', path: '/intake/{agencyId}/{formId}/uploads', handler: 'intake-upload', access: 'public' },
  { method: 'POST', path: '/intake/{agencyId}/{formId}/uploads/{uploadId}', handler: 'intake-upload', access: 'public' },
  { method: 'GET', path: '/intake/{agencyId}/{formId}/uploads/{uploadId}', handler: 'intake-upload', access: 'public' },
  { method: 'GET', path: '/agencies/{agencyId}/cases', handler: 'list-cases', access: 'staff', roles: everyone },
  { method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}', handler: 'get-case', access: 'staff', roles: everyone },
  {
    method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}/submissions/{submissionId}', handler: 'get-submission', access: 'staff', roles: everyone,
  },
  {
    method: 'POST', path: '/agencies/{agencyId}/cases/{caseId}/forms/{formId}/submissions', handler: 'submit-staff-form', access: 'staff',
    roles: staffFormRoles,
  },
  {
    method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}/documents/{documentId}', handler: 'get-document', access: 'staff', roles: everyone,
  },
  { method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}/notes', handler: 'get-case-notes', access: 'staff', roles: everyone },
  { method: 'POST', path: '/agencies/{agencyId}/cases/{caseId}/notes', handler: 'post-case-note', access: 'staff', roles: NOTE_WRITERS },
  { method: 'POST', path: '/agencies/{agencyId}/cases/{caseId}/notes/{noteId}/addenda', handler: 'post-note-addendum', access: 'staff', roles: NOTE_WRITERS },
  { method: 'GET', path: '/agencies/{agencyId}/follow-ups', handler: 'get-follow-ups', access: 'staff', roles: NOTE_WRITERS },
  {
    method: 'POST', path: '/agencies/{agencyId}/cases/{caseId}/notes/{noteId}/follow-up-done', handler: 'post-follow-up-done', access: 'staff', roles: NOTE_WRITERS,
  },
  { method: 'GET', path: '/agencies/{agencyId}/cases/{caseId}/audit', handler: 'get-audit', access: 'staff', roles: ['supervisor', 'agency-admin'] },
  // Who manages which case is a supervisor's decision (or an agency admin's): case managers do not hand cases on.
  { method: 'POST', path: '/agencies/{agencyId}/assignments', handler: 'assign-cases', access: 'staff', roles: assigners },
  { method: 'GET', path: '/staff/sign-in', handler: 'staff-sign-in', access: 'staff-page' },
  { method: 'GET', path: '/staff/callback', handler: 'staff-callback', access: 'staff-page' },
  { method: 'POST', path: '/staff/sign-out', handler: 'staff-sign-out', access: 'staff-page' },
  { method: 'GET', path: '/staff/{agencyId}/cases', handler: 'staff-case-list', access: 'staff-page', roles: everyone },
  { method: 'GET', path: '/staff/{agencyId}/cases/{caseId}', handler: 'staff-case-page', access: 'staff-page', roles: everyone },
  // A document's signing page and its forms (who may sign which step is the page's to say: domain/signatures/staff-signing.ts).
  { method: 'GET', path: '/staff/{agencyId}/cases/{caseId}/signatures/{documentId}', handler: 'staff-case-page', access: 'staff-page', roles: everyone },
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/signatures/{documentId}', handler: 'staff-case-page', access: 'staff-page', roles: everyone },
  // The paper signature's scan, uploaded on the signing page: a staff form's three upload steps under that page (docs/uploads.md).
  // Everyone, as the function's other routes (staffPageHandler checks one function's roles): who may record the client's paper
  // signature, and when, is the page's to say (web/staff/paper-scan-request.ts).
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/signatures/{documentId}/uploads', handler: 'staff-case-page', access: 'staff-page', roles: everyone },
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/signatures/{documentId}/uploads/{uploadId}', handler: 'staff-case-page', access: 'staff-page', roles: everyone },
  { method: 'GET', path: '/staff/{agencyId}/cases/{caseId}/signatures/{documentId}/uploads/{uploadId}', handler: 'staff-case-page', access: 'staff-page', roles: everyone },
  { method: 'POST', path: '/staff/{agencyId}/assignments', handler: 'staff-assign-cases', access: 'staff-page', roles: assigners },
  { method: 'GET', path: '/staff/{agencyId}/cases/{caseId}/forms/{formId}', handler: 'staff-form-page', access: 'staff-page', roles: staffFormRoles },
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/forms/{formId}', handler: 'staff-form-post', access: 'staff-page', roles: staffFormRoles },
  // A staff form's file question: presign, receive from the script, receive after storage's redirect (docs/uploads.md).
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/forms/{formId}/uploads', handler: 'staff-form-upload', access: 'staff-page', roles: staffFormRoles },
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/forms/{formId}/uploads/{uploadId}', handler: 'staff-form-upload', access: 'staff-page', roles: staffFormRoles },
  { method: 'GET', path: '/staff/{agencyId}/cases/{caseId}/forms/{formId}/uploads/{uploadId}', handler: 'staff-form-upload', access: 'staff-page', roles: staffFormRoles },
  // A case manager or supervisor saw the client and records their email address as theirs (client-address.ts).
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/client-address', handler: 'staff-verify-address', access: 'staff-page', roles: ['case-manager', 'supervisor'] },
  { method: 'GET', path: '/staff/{agencyId}/cases/{caseId}/documents/{documentId}', handler: 'staff-document', access: 'staff-page', roles: everyone },
  // A file the client sent, once the malware scan found it clean: a 303 to a one-minute link (domain/cases/open-case-file.ts).
  { method: 'GET', path: '/staff/{agencyId}/cases/{caseId}/files/{uploadId}', handler: 'staff-document', access: 'staff-page', roles: everyone },
  {
    method: 'GET', path: '/staff/{agencyId}/cases/{caseId}/submissions/{submissionId}/fhir', handler: 'staff-fhir-export', access: 'staff-page', roles: ['supervisor'],
  },
  { method: 'GET', path: '/staff/{agencyId}/cases/{caseId}/fhir', handler: 'staff-case-fhir-export', access: 'staff-page', roles: ['supervisor'] },
  { method: 'GET', path: '/staff/{agencyId}/exports/case-list', handler: 'staff-case-list-export', access: 'staff-page', roles: everyone },
  // A supervisor links a case to another as one person's, or unlinks it (domain/people/person-links.ts): never automatic.
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/person', handler: 'staff-person-link-post', access: 'staff-page', roles: ['supervisor'] },
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/notes', handler: 'staff-note-post', access: 'staff-page', roles: NOTE_WRITERS },
  { method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/notes/{noteId}/addenda', handler: 'staff-addendum-post', access: 'staff-page', roles: NOTE_WRITERS },
  { method: 'GET', path: '/staff/{agencyId}/follow-ups', handler: 'staff-follow-ups', access: 'staff-page', roles: NOTE_WRITERS },
  {
    method: 'POST', path: '/staff/{agencyId}/cases/{caseId}/notes/{noteId}/follow-up-done', handler: 'staff-follow-up-done', access: 'staff-page', roles: NOTE_WRITERS,
  },
  { method: 'GET', path: '/staff/{agencyId}/exports/notes', handler: 'staff-notes-export', access: 'staff-page', roles: ['supervisor'] },
  { method: 'GET', path: '/staff/{agencyId}/exports', handler: 'staff-exports', access: 'staff-page', roles: ['supervisor'] },
  // The form studio (docs/form-studio.md): an agency admin edits the pack as a draft, previews, publishes, rolls back.
  { method: 'GET', path: '/staff/{agencyId}/studio', handler: 'staff-studio', access: 'staff-page', roles: studioRoles },
  { method: 'GET', path: '/staff/{agencyId}/studio/file', handler: 'staff-studio', access: 'staff-page', roles: studioRoles },
  { method: 'POST', path: '/staff/{agencyId}/studio/draft', handler: 'staff-studio', access: 'staff-page', roles: studioRoles },
  { method: 'POST', path: '/staff/{agencyId}/studio/publish', handler: 'staff-studio', access: 'staff-page', roles: studioRoles },
  { method: 'GET', path: '/staff/{agencyId}/studio/diff', handler: 'staff-studio', access: 'staff-page', roles: studioRoles },
  // The whole pack as one JSON file, down and up: the round trip to form-schemas/<agency>/ (npm run pack).
  { method: 'GET', path: '/staff/{agencyId}/studio/pack', handler: 'staff-studio', access: 'staff-page', roles: studioRoles },
  { method: 'POST', path: '/staff/{agencyId}/studio/upload', handler: 'staff-studio', access: 'staff-page', roles: studioRoles },
  { method: 'GET', path: '/staff/{agencyId}/exports/{formId}/{version}', handler: 'staff-csv-export', access: 'staff-page', roles: ['supervisor'] },
  // The studio's preview of the agency's draft (docs/form-studio.md, Preview): nothing it shows is stored or sent. One
  // function serves the four, bundled with Chromium for the documents.
  { method: 'GET', path: '/staff/{agencyId}/studio/preview/{formId}', handler: 'staff-studio-preview', access: 'staff-page', roles: ['agency-admin'] },
  { method: 'POST', path: '/staff/{agencyId}/studio/preview/{formId}', handler: 'staff-studio-preview', access: 'staff-page', roles: ['agency-admin'] },
  {
    method: 'GET', path: '/staff/{agencyId}/studio/preview/{formId}/documents/{documentType}', handler: 'staff-studio-preview', access: 'staff-page', roles: ['agency-admin'],
  },
  { method: 'GET', path: '/staff/{agencyId}/studio/preview/{formId}/emails', handler: 'staff-studio-preview', access: 'staff-page', roles: ['agency-admin'] },
];

/** Background functions: not routed, triggered by the queue or a schedule. */
export const workers = {
  documentWorker: 'document-worker',
  outboxSweeper: 'outbox-sweeper',
  sesEvents: 'ses-events',
  retentionSweeper: 'retention-sweeper',
  /** GuardDuty's malware scan result (locally the stand-in's) → release or hold the uploaded file. */
  uploadScanned: 'upload-scanned',
} as const;
