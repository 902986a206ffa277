import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { staffLanguage } from '../../functions/web/staff-pages/staff-words.ts';
import { staffLocale, LANGUAGE_COOKIE } from '../../functions/web/staff/staff-locale.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { renderCaseList } from '../../functions/web/staff-pages/case-list-page.ts';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';

const locales = ['en', 'es', 'fr', 'ar'] as const;
const file = (locale: string) => JSON.parse(readFileSync(`templates/default/locales/${locale}.json`, 'utf8')) as Record<string, Record<string, string>>;
const english = file('en');
const staffSections = Object.keys(english).filter((section) => section.startsWith('staff'));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const pluralBase = (key: string) => key.replace(/\.(zero|one|two|few|many|other)$/, '');

describe('the staff pages\' words', () => {
  it.each(locales.filter((locale) => locale !== 'en'))('%s has every word of every staff section, with the same placeholders', (locale) => {
    const own = file(locale);
    for (const section of staffSections) {
      for (const [key, text] of Object.entries(english[section]!)) {
        const translated = own[section]?.[key] ?? own[section]?.[`${pluralBase(key)}.other`];
        expect(translated, `${locale} ${section}.${key}`).toBeTypeOf('string');
        // A plural form may leave {count} out ("one case" written as a word), never add a placeholder English lacks.
        const allowed = new Set(placeholders(text));
        for (const name of placeholders(translated!)) expect(allowed.has(name) || name === 'count', `${locale} ${section}.${key}: {${name}}`).toBe(true);
      }
    }
  });

  it('fills placeholders, escapes text but keeps markup given as SafeHtml, and picks plural forms by the locale\'s rules', () => {
    const templates = new TemplateLibrary('templates');
    const arabic = staffLanguage(templates, 'demo', 'ar');
    expect(arabic.dir).toBe('rtl');
    const list = arabic.words('staffCaseList');
    expect(list.n('count', 2)).toBe('حالتان');
    expect(list.n('count', 5)).toBe('5 حالات');
    expect(list.n('count', 11)).toBe('11 حالة');
    const spanish = staffLanguage(templates, 'demo', 'es').words('staffCaseList');
    expect(spanish.n('count', 1)).toBe('1 caso');
    expect(spanish.t('matching', { q: 'José' })).toBe('Casos que coinciden con “José”.');
    expect(staffLanguage(templates, 'demo', 'es').words('staffClient').h('goesBy', { name: '<b>' }).text).toBe('se hace llamar &lt;b&gt;');
  });

  it('a locale with no staff words reads English, never a key', () => {
    const vietnamese = staffLanguage(new TemplateLibrary('templates'), 'demo', 'vi').words('staffCaseList');
    expect(vietnamese.t('title')).toBe('Cases');
  });
});

describe('which language a staff member reads', () => {
  const staff: StaffMember = { subject: 'sub-1', agencyId: 'demo', roles: ['case-manager'], email: undefined };
  const agency = { locales: ['en', 'es', 'ar'], defaultLocale: 'en' };
  const request = (over: { lang?: string; cookie?: string; acceptLanguage?: string }) => ({
    queryStringParameters: over.lang ? { lang: over.lang } : undefined,
    cookies: over.cookie ? [over.cookie] : undefined,
    headers: over.acceptLanguage ? { 'accept-language': over.acceptLanguage } : {},
  });

  it('picked (and kept for them), else kept, else their sign-in\'s locale, else the browser\'s, else the agency\'s', () => {
    const picked = staffLocale(request({ lang: 'ar', acceptLanguage: 'es' }), staff, agency, false);
    expect(picked.locale).toBe('ar');
    expect(picked.cookie).toMatch(new RegExp(`^${LANGUAGE_COOKIE}=ar\\.`));
    const kept = picked.cookie!.split(';')[0]!;
    expect(staffLocale(request({ cookie: kept, acceptLanguage: 'es' }), staff, agency, false)).toEqual({ locale: 'ar' });
    expect(staffLocale(request({ acceptLanguage: 'es-MX,en;q=0.5' }), { ...staff, locale: 'ar' }, agency, false)).toEqual({ locale: 'ar' });
    expect(staffLocale(request({ acceptLanguage: 'es-MX,en;q=0.5' }), staff, agency, false)).toEqual({ locale: 'es' });
    expect(staffLocale(request({ acceptLanguage: 'de' }), staff, agency, false)).toEqual({ locale: 'en' });
  });

  it('another staff member on the same browser does not get the last one\'s choice, and an unserved language is ignored', () => {
    const kept = staffLocale(request({ lang: 'ar' }), staff, agency, false).cookie!.split(';')[0]!;
    expect(staffLocale(request({ cookie: kept }), { ...staff, subject: 'sub-2' }, agency, false)).toEqual({ locale: 'en' });
    expect(staffLocale(request({ lang: 'fr' }), staff, agency, false)).toEqual({ locale: 'en' });
  });

  it('the case list in Arabic is right to left, in Arabic words', () => {
    const language = staffLanguage(new TemplateLibrary('templates'), 'demo', 'ar');
    const html = renderCaseList({ chrome: { agencyName: 'A', staff, language }, agency: { riskFlags: [], timeZone: 'UTC' }, filters: {}, problems: [], cases: [], nextHref: undefined, csvHref: undefined, today: '2026-12-06' });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h1>الحالات</h1>');
    expect(html).toContain('البحث عن عميل');
    expect(html).not.toContain('Find a client');
  });
});
