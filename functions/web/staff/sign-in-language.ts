import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import { isPlainId } from '../../contracts/ids.ts';
import { negotiateLocale } from '../public-pages/accept-language.ts';
import { servedAgency, type ServedAgencies } from '../http/served-agencies.ts';
import { staffLanguage, type StaffLanguage } from '../staff-pages/staff-words.ts';
import { STAFF_LOCALES } from '../staff-pages/staff-locales.ts';
import type { StaffChrome } from '../staff-pages/staff-layout.ts';

export interface SignInRequest {
  readonly acceptLanguage: string | undefined;
  /** The staff page the sign-in returns to (`/staff/{agencyId}/…`, already checked by safeReturnTo), if any. */
  readonly returnTo: string | undefined;
}

/**
 * The frame of a page shown to no one signed in (the entrance, a sign-in that did not complete, a refused sign-out):
 * no one's choice is known yet, so the browser's preference decides, among the languages of the agency the sign-in
 * returns to when it names one (its own words for the staff pages included), else among those the staff pages are
 * written in. The agency's name and colour stay out: the address is the visitor's to write, not proof of an agency.
 */
export function signInChrome({ acceptLanguage, returnTo }: SignInRequest, agencies: ServedAgencies | undefined, templates: TemplateLibrary | undefined): StaffChrome & { readonly language: StaffLanguage } {
  const agencyId = /^\/staff\/([^/?]+)\//.exec(returnTo ?? '')?.[1];
  const agency = isPlainId(agencyId) ? servedAgency(agencies, agencyId) : undefined;
  const locale = agency
    ? negotiateLocale(acceptLanguage, agency.locales, agency.defaultLocale)
    : negotiateLocale(acceptLanguage, STAFF_LOCALES, 'en');
  return { agencyName: 'caseforms', language: staffLanguage(templates, agency?.id ?? '', locale) };
}
