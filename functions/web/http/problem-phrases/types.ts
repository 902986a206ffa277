/**
 * The words of every problem answer (RFC 9457 `title`, `detail` and the messages of its `errors`) in one language.
 * Problem answers speak to API clients and, through the intake page's script, to clients: plain sentences saying
 * what to do; header and media type names stay as HTTP spells them.
 */
export interface ProblemPhrases {
  readonly titles: {
    readonly malformedRequest: string;
    readonly unauthorized: string;
    readonly forbidden: string;
    readonly notFound: string;
    readonly methodNotAllowed: string;
    readonly conflict: string;
    readonly noticeNotDelivered: string;
    readonly terminationTooEarly: string;
    readonly gone: string;
    readonly payloadTooLarge: string;
    readonly unsupportedMediaType: string;
    readonly validationFailed: string;
    readonly idempotencyKeyReused: string;
    readonly serviceUnavailable: string;
    readonly formUnavailable: string;
    readonly internalError: string;
  };
  readonly texts: {
    readonly noSuchPublicForm: () => string;
    readonly noSuchCase: () => string;
    readonly noSuchDocument: () => string;
    /** A signed document whose stored bytes do not hash to its signing record's (sealed-copy.ts): never served. */
    readonly sealedDocumentAltered: () => string;
    readonly noSuchSubmission: () => string;
    readonly noSuchFormVersion: () => string;
    readonly noSuchCaseOrStaffForm: () => string;
    readonly noSuchResource: () => string;
    readonly linkUnknown: () => string;
    readonly linkExpired: () => string;
    /** A link taken back (link-validity.ts): the case ended, consent was withdrawn, or the case was reassigned. */
    readonly linkCaseEnded: () => string;
    readonly linkConsentWithdrawn: () => string;
    readonly linkReassigned: () => string;
    /** The one-time code pages (link-code-page.ts) and the code's mail: plain words, no schema or security jargon. */
    readonly linkCodeTitle: () => string;
    readonly linkCodeAsk: () => string;
    readonly linkCodeSend: () => string;
    readonly linkCodeSent: (minutes: number) => string;
    readonly linkCodeLabel: () => string;
    readonly linkCodeOpen: () => string;
    readonly linkCodeResend: () => string;
    readonly linkCodeWrong: (attemptsLeft: number) => string;
    readonly linkCodeBurned: () => string;
    readonly linkCodeExpired: () => string;
    readonly linkCodeNone: () => string;
    readonly linkCodeNotACode: (digits: number) => string;
    readonly linkCodeWait: (seconds: number) => string;
    readonly linkCodeMailSubject: (agency: string) => string;
    readonly linkCodeMailBody: (code: string, minutes: number) => string;
    readonly linkCodeMailIgnore: () => string;
    /** The refused link page's title. */
    readonly linkWithdrawnTitle: () => string;
    /** A signing link's refusals and the sign form's errors (domain/signatures/client-signing.ts). */
    readonly signRefusedTitle: () => string;
    readonly signUsed: () => string;
    readonly signPaperChosen: () => string;
    readonly signSuperseded: () => string;
    readonly signClosed: () => string;
    readonly signAlreadySigned: () => string;
    readonly signNotYourTurn: () => string;
    readonly signNotASignLink: () => string;
    readonly signNoConsent: () => string;
    readonly signNoName: () => string;
    readonly signNoIntent: () => string;
    readonly signChoiceUnknown: () => string;
    /** The page a client's confirm link opens (client-address.ts): a title, what it does, its button, and its answers. */
    readonly addressCheckTitle: () => string;
    readonly addressCheckPrompt: (agency: string) => string;
    readonly addressCheckButton: () => string;
    readonly addressConfirmedTitle: () => string;
    readonly addressConfirmed: () => string;
    readonly addressCheckRefusedTitle: () => string;
    readonly addressCheckUnknown: (agency: string) => string;
    readonly addressCheckExpired: (agency: string) => string;
    readonly addressCheckUsed: () => string;
    /** `received`: the Content-Type sent, if any. */
    readonly sendJson: (received: string | undefined) => string;
    readonly sendFormFields: () => string;
    /** `size`: the body's bytes, when they were counted. */
    readonly tooLarge: (limit: number, size?: number) => string;
    readonly notUtf8: () => string;
    /** `reason`: the JSON parser's own words, English only (V8 speaks no other language). */
    readonly notJson: (reason?: string) => string;
    readonly notAnObject: () => string;
    readonly tooDeep: (depth: number) => string;
    readonly forbiddenKey: (key: string) => string;
    readonly forbiddenKeyField: () => string;
    readonly idempotencyKeyMalformed: () => string;
    readonly idempotencyKeyReused: () => string;
    readonly idempotencyKeyReusedField: () => string;
    readonly ownPageOnly: () => string;
    readonly staffPagesOnly: () => string;
    readonly notPublicAddress: () => string;
    /** The agency asks its JSON API for a page token or an API key (agency.json `intake.jsonApi`), and neither came. */
    readonly intakeCredentialRequired: () => string;
    readonly pageTokenExpired: () => string;
    /** A page token that is not this service's for this form: altered, made up, or another form's. */
    readonly pageTokenInvalid: () => string;
    readonly apiKeyUnknown: () => string;
    readonly staffTokenRequired: () => string;
    readonly rolesRequired: (roles: string) => string;
    /** A staff form its `x-caseforms.roles` (or the default for its kind) does not allow this staff member to submit. */
    readonly formRolesRequired: (formId: string, roles: string) => string;
    readonly fieldsNeedAttention: (count: number) => string;
    readonly illegalMove: (state: string, formId: string) => string;
    readonly caseChanged: () => string;
    /**
     * The termination rules (cases/termination-steps.ts): dates come as YYYY-MM-DD and each language writes them its
     * own way; `title` is the field's title in the request's language.
     */
    readonly noticeTooShort: (days: number, earliest: string) => string;
    readonly noticeTooShortField: (title: string, earliest: string, noticeDate: string, days: number) => string;
    readonly noticeNotDelivered: () => string;
    readonly noticeNotDeliveredField: (title: string) => string;
    readonly servedBeforeNotice: (noticeDate: string) => string;
    readonly servedBeforeNoticeField: (title: string, noticeDate: string) => string;
    readonly notYet: (today: string) => string;
    readonly notYetField: (title: string, today: string) => string;
    readonly completionTooEarly: (earliest: string, today: string) => string;
    readonly completionTooEarlyField: (title: string, earliest: string) => string;
    readonly completionBeforeEarliest: (earliest: string) => string;
    readonly completionBeforeEarliestField: (title: string, earliest: string) => string;
    readonly formUnavailable: () => string;
    readonly storageUnavailable: () => string;
    /**
     * Uploads (domain/uploads/): a presign request's fields and a received file's bytes. `kinds` are the file question's
     * accepted types (application/pdf, image/jpeg, image/png), worded for a client: "a PDF or a photo (JPEG or PNG)".
     */
    readonly uploadRefused: () => string;
    readonly uploadsUnavailable: () => string;
    readonly noPaperScanNow: () => string;
    readonly uploadUnknownField: () => string;
    readonly uploadNameMissing: () => string;
    readonly uploadNameHasPath: () => string;
    readonly uploadNameControl: () => string;
    readonly uploadNameTooLong: (max: number) => string;
    readonly uploadTypeNotTaken: (kinds: readonly string[]) => string;
    readonly uploadNotASize: () => string;
    readonly uploadEmpty: () => string;
    readonly uploadTooLarge: (maxMegabytes: number) => string;
    readonly uploadBytesNotTaken: (kinds: readonly string[]) => string;
    readonly uploadNotFound: () => string;
    readonly uploadAlreadyReceived: () => string;
    readonly formVersionsUnavailable: () => string;
    readonly caseStorageUnavailable: () => string;
    readonly timedOut: () => string;
    readonly internalError: () => string;
    readonly queryInvalid: () => string;
    readonly cursorOtherList: () => string;
    readonly queryStateInvalid: (states: string) => string;
    readonly queryDateInvalid: () => string;
    readonly queryLimitInvalid: (max: number) => string;
    readonly queryCursorUnknown: () => string;
    readonly querySearchInvalid: (min: number, max: number) => string;
    /** `flags`: the flag ids the agency's forms declare, and `any`. */
    readonly queryRiskFlagInvalid: (flags: string) => string;
    readonly queryNoContactSinceInvalid: () => string;
    readonly cursorOtherListField: () => string;
    /** Case notes and addenda (domain/cases/): each names the field in plain words. `today` is YYYY-MM-DD. */
    readonly noteTypeInvalid: () => string;
    readonly noteWhenInvalid: () => string;
    readonly noteWhenFuture: () => string;
    readonly noteDurationInvalid: (max: number) => string;
    readonly noteContactedTooLong: (max: number) => string;
    readonly noteNarrativeMissing: () => string;
    readonly noteNarrativeTooLong: (max: number) => string;
    readonly noteFollowUpInvalid: () => string;
    readonly noteFollowUpPast: (today: string) => string;
    readonly noteIdInvalid: () => string;
    readonly noteAlreadySaved: () => string;
    readonly addendumTextMissing: () => string;
    readonly addendumTextTooLong: (max: number) => string;
    readonly addendumAlreadySaved: () => string;
    readonly noSuchNote: () => string;
    /** Marking a follow-up done (cases/follow-up-done.ts) on a note that asked for none. */
    readonly noteHasNoFollowUp: () => string;
    /** Assigning cases (cases/assignment.ts): the body's shape, an unlisted case manager, and per case what held it back. */
    readonly assignmentBody: (max: number) => string;
    readonly caseManagerNotListed: () => string;
    readonly casesNotAssigned: (notAssigned: number, total: number) => string;
    readonly caseEndedNotAssigned: () => string;
  };
}
