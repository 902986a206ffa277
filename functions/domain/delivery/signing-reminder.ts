/**
 * The job, and routing event, of the mail that tells the case manager a document on the case still awaits signatures
 * `reminderDays` after it opened (signatures/signing-reminders.ts). On the wire its `submissionId` is the document's
 * id. Staff-only, like the review and follow-up reminders: the case reference and a link to the signing page.
 */
export const SIGNING_REMINDER_JOB = 'signing-reminder';
