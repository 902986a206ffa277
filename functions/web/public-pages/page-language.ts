import type { Agency } from '../../domain/forms/agency.ts';
import { negotiateLocale } from './accept-language.ts';
import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import { directionOf } from '../../domain/forms/text-direction.ts';
import { chosenBrandColor } from '../../domain/forms/brand.ts';
import type { LanguageChoice, PageLanguage } from './intake-page-html.ts';

/**
 * The language a page is shown in: the one the client picked (`?lang=`, or the form's hidden `_lang`), if the agency
 * serves it; else the browser's preference among the agency's locales; else the agency's default.
 */
export function pageLanguage(agency: Agency, templates: TemplateLibrary, picked: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  const locale = picked && agency.locales.includes(picked) ? picked : negotiateLocale(acceptLanguage, agency.locales, agency.defaultLocale);
  const strings = (templates.strings(agency.id, 'page', locale) ?? templates.strings(agency.id, 'page', 'en') ?? {}) as Record<string, string>;
  const brandColor = chosenBrandColor(agency);
  return { locale, dir: directionOf(locale), strings, ...(brandColor ? { brandColor } : {}) };
}

/** Every locale the agency serves, named in its own language, linking to the same page in it. */
export function languageChoices(agency: Agency, path: string): LanguageChoice[] {
  return agency.locales.map((locale) => ({ locale, name: nativeName(locale), href: `${path}?lang=${encodeURIComponent(locale)}` }));
}

export function nativeName(locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    return locale;
  }
}
