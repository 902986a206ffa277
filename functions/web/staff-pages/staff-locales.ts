/**
 * The languages the staff pages are written in (templates/default/locales/<locale>.json has every `staff…` section,
 * test/unit/staff-words.test.ts checks it): what a page shown before sign-in, when no agency is known, may be read in.
 */
export const STAFF_LOCALES: readonly string[] = ['en', 'es', 'fr', 'ar'];
