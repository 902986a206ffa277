import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeMessage, type EmailStrings, type MessageContent } from '../../functions/domain/delivery/messages.ts';
import type { PlannedDelivery } from '../../functions/domain/delivery/routing.ts';
import { localizedTitle, renderDocumentHtml } from '../../functions/domain/documents/document-view.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { schemaFields, type SchemaField } from '../../functions/domain/forms/schema-fields.ts';
import { loadCatalog, type AgencyPack } from '../../functions/domain/forms/catalog.ts';
import { formLabels, packLabels } from '../../functions/domain/forms/pack-labels.ts';
import type { ScoringAnnotation } from '../../functions/domain/forms/scoring.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { packDocuments } from './pack-documents.ts';

/**
 * Every document type and email, rendered in every locale its agency serves (the demo: en, es, ar; Harbor: en,
 * fr), must not leave a word of English behind: no English template string and no English form, field, option,
 * score, band or flag title whose translation differs appears in a non-English rendering. What is not translated
 * on purpose is left out of the comparison: text someone typed (marked with the `lang` it was written in) and
 * proper names and addresses (marked `dir="auto"` or `dir="ltr"`).
 */

const catalog = loadCatalog(formsDirWithHarbor());
const templates = new TemplateLibrary(join(projectRoot, 'templates'));
const packs = ['demo', 'harbor'].map((agencyId) => catalog.pack(agencyId)!);

type Strings = Record<string, unknown>;
/** The locale file as written: TemplateLibrary.strings fills gaps with English, which would hide a missing key. */
const templateStrings = (locale: string): Strings => JSON.parse(readFileSync(join(projectRoot, 'templates', 'default', 'locales', `${locale}.json`), 'utf8')) as Strings;

/** Pairs of (English, translation) of every string in `sections`, nested keys included. */
function stringPairs(locale: string, sections: readonly string[]): Array<[string, string | undefined]> {
  const english = templateStrings('en');
  const translated = templateStrings(locale);
  const pairs: Array<[string, string | undefined]> = [];
  const walk = (en: unknown, other: unknown) => {
    if (typeof en === 'string') pairs.push([en, typeof other === 'string' ? other : undefined]);
    else if (en && typeof en === 'object') for (const [key, value] of Object.entries(en)) walk(value, (other as Strings | undefined)?.[key]);
  };
  for (const section of sections) walk(english[section], translated[section]);
  return pairs;
}

/** Pairs of (English, translation) of every word of the pack's forms: titles of forms, fields, options, scores, bands, flags. */
function packPairs(pack: AgencyPack, locale: string): Array<[string, string | undefined]> {
  const pairs: Array<[string, string | undefined]> = [];
  for (const form of pack.forms.values()) {
    const labels = formLabels(catalog.translations(pack.agency.id, locale), form.formId);
    pairs.push([form.title, labels('')]);
    const walk = (english: SchemaField, translated: SchemaField) => {
      if (english.title) pairs.push([english.title, translated.title]);
      english.options?.forEach((option, index) => option.title && pairs.push([option.title, translated.options?.[index]?.title]));
      english.properties?.forEach((child, index) => walk(child, translated.properties![index]!));
      if (english.items) walk(english.items, translated.items!);
    };
    walk(schemaFields(form.schema), schemaFields(form.schema, labels));
    const scoring = (form.schema['x-caseforms'] as { scoring?: ScoringAnnotation } | undefined)?.scoring;
    for (const score of scoring?.scores ?? []) {
      pairs.push([score.title, labels(`scores/${score.id}`)]);
      for (const band of score.bands ?? []) pairs.push([band.label, labels(`scores/${score.id}#${band.label}`)]);
    }
    for (const flag of scoring?.flags ?? []) pairs.push([flag.title, labels(`flags/${flag.id}`)]);
  }
  return pairs;
}

/**
 * The English a rendering must not contain: each English string whose translation differs (or is missing). A string
 * with placeholders is checked by its fixed parts of four characters or more, so "{value} on {date}" does not
 * forbid the French "on".
 */
function forbiddenEnglish(pairs: ReadonlyArray<[string, string | undefined]>): string[] {
  const forbidden = new Set<string>();
  for (const [english, translated] of pairs) {
    if (english === translated) continue;
    const parts = english.split(/\{\w+\}/).map((part) => part.trim().replace(/^[\s,.:;·]+|[\s,.:;·]+$/g, ''));
    if (parts.length === 1) forbidden.add(parts[0]!);
    else for (const part of parts) if (part.length >= 4) forbidden.add(part);
  }
  return [...forbidden].filter((text) => /\p{L}/u.test(text));
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
const decode = (html: string) => html
  .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
  .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
  .replace(/&(\w+);/g, (match, name: string) => entities[name] ?? match);

/** The words a reader sees that the document itself wrote: without markup, typed text, names and addresses. */
function documentWords(html: string): string {
  let text = html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<meta[^>]*>/g, '');
  // Elements marked as typed text (lang) or names/addresses (dir auto/ltr); none of them nest another such element.
  const marked = /<(\w+)\b(?=[^>]*\s(?:lang="[^"]*"|dir="(?:auto|ltr)"))(?![^>]*\sdir="(?:rtl)")[^>]*>[\s\S]*?<\/\1>/g;
  text = text.replace(/<html[^>]*>/, '').replace(marked, ' ');
  return decode(text.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** Whole words only: the English "No" is not in the French "Non". */
function englishFound(words: string, forbidden: readonly string[]): string[] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = /[\p{L}\p{N}]/u;
  return forbidden.filter((english) => new RegExp(
    `${word.test(english.at(0)!) ? '(?<![\\p{L}\\p{N}])' : ''}${escape(english)}${word.test(english.at(-1)!) ? '(?![\\p{L}\\p{N}])' : ''}`, 'u',
  ).test(words));
}

const localesOf = (pack: AgencyPack) => pack.agency.locales.map((locale) => ({ agencyId: pack.agency.id, locale }));
const nonEnglish = packs.flatMap(localesOf).filter(({ locale }) => locale !== 'en');

describe('every document in every locale its agency serves', () => {
  it('covers the document types of both packs', () => {
    const types = (agencyId: string) => [...new Set(packDocuments(catalog, catalog.pack(agencyId)!).map((document) => document.documentType))].sort();
    expect(types('demo')).toEqual(['care-plan', 'discharge-summary', 'intake-summary', 'review-summary', 'termination-notice']);
    expect(types('harbor')).toEqual(['care-plan', 'discharge-summary', 'intake-summary', 'termination-notice']);
  });

  it.each(packs.flatMap(localesOf))('$agencyId in $locale: the page says its language and direction', ({ agencyId, locale }) => {
    for (const document of packDocuments(catalog, catalog.pack(agencyId)!)) {
      const html = renderDocumentHtml(templates, document.input(locale));
      const dir = locale === 'ar' ? 'rtl' : 'ltr';
      expect(html, `${document.formId} ${document.documentType}`).toMatch(new RegExp(`<html lang="${locale}" dir="${dir}">`));
    }
  });

  it.each(nonEnglish)('$agencyId in $locale: no English left in any document', ({ agencyId, locale }) => {
    const pack = catalog.pack(agencyId)!;
    for (const document of packDocuments(catalog, pack)) {
      const forbidden = forbiddenEnglish([...stringPairs(locale, ['document', document.documentType]), ...packPairs(pack, locale)]);
      const words = documentWords(renderDocumentHtml(templates, document.input(locale)));
      expect(englishFound(words, forbidden), `${document.formId} → ${document.documentType} in ${locale}:\n${words}`).toEqual([]);
    }
  });

  it('the check can fail: the English rendering of the same documents is full of the words it looks for', () => {
    const pack = catalog.pack('demo')!;
    const carePlan = packDocuments(catalog, pack).find((document) => document.documentType === 'care-plan')!;
    const forbidden = forbiddenEnglish([...stringPairs('es', ['document', 'care-plan']), ...packPairs(pack, 'es')]);
    const found = englishFound(documentWords(renderDocumentHtml(templates, carePlan.input('en'))), forbidden);
    expect(found).toEqual(expect.arrayContaining(['Care plan', 'Goals', 'Measurable outcome', 'Client signature and date', 'Housing', 'Minimal', 'Assessment findings (']));
    // And typed text is left out of the comparison, not missed: it is in the Spanish rendering, marked as English.
    expect(renderDocumentHtml(templates, carePlan.input('es'))).toMatch(/<dd class="value" lang="en" dir="auto">Motivated; close to her sister\.<\/dd>/);
  });

  it("harbor's care plan and discharge summary in French name the choices in French", () => {
    const harbor = packDocuments(catalog, catalog.pack('harbor')!);
    const carePlan = renderDocumentHtml(templates, harbor.find((document) => document.documentType === 'care-plan')!.input('fr'));
    expect(carePlan).toContain('<dt>Type d&#x27;objectif</dt><dd class="value">Rester dans le logement</dd>');
    expect(carePlan).toContain('<dt>Représentation juridique prévue</dt><dd class="value">Oui</dd>');
    expect(carePlan).toContain('Nous réviserons ce plan avec vous au plus tard le 1 février 2030');
    expect(carePlan).toContain('<td>Score de stabilité du logement</td><td>6</td><td>À risque</td>');
    expect(carePlan).not.toMatch(/stay-housed|month-to-month/);
    const discharge = renderDocumentHtml(templates, harbor.find((document) => document.documentType === 'discharge-summary')!.input('fr'));
    expect(discharge).toContain('<dt>Résultat</dt><dd class="value">Resté dans le logement</dd>');
    expect(discharge).toContain('<dt>Clôturé le</dt><dd class="value">20 mars 2027</dd>');
  });
});

describe('every email in every locale its agency serves', () => {
  const contents = (title: string): MessageContent[] => [
    { kind: 'document', documentType: 'care-plan', title, pdf: Buffer.from('%PDF') },
    { kind: 'document', documentType: 'care-plan', title, pdf: Buffer.from('%PDF'), link: { url: 'https://example.org/links/x', expiresAt: new Date('2027-01-01T12:00:00Z') } },
    { kind: 'receipt' },
    { kind: 'alert', flags: [] },
    { kind: 'review-reminder', reviewDate: '2027-01-15' },
  ];

  it.each(packs.flatMap(localesOf))('$agencyId in $locale: every kind, to every kind of recipient, in that language and direction', ({ agencyId, locale }) => {
    const pack = catalog.pack(agencyId)!;
    const strings = templateStrings(locale).email as EmailStrings;
    const forbidden = locale === 'en' ? [] : forbiddenEnglish(stringPairs(locale, ['email']));
    const title = localizedTitle(templates, {
      agency: pack.agency, form: pack.forms.get('care-plan')!, documentType: 'care-plan', locale, labels: packLabels((one) => catalog.translations(agencyId, one), locale),
    });
    for (const kind of ['client', 'staff', 'provider'] as const) {
      const to: PlannedDelivery & { status: 'send' } = { recipient: kind, kind, method: 'attachment', locale, status: 'send', address: 'someone@example.org', name: 'Northside' };
      for (const content of contents(title)) {
        const message = composeMessage({ agency: pack.agency, strings, to, caseId: '7d1e5a60-0000-4000-8000-000000000042', replyTo: undefined, content });
        expect(message.html).toMatch(new RegExp(`^<!doctype html><html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`));
        const words = `${message.subject} ${message.text}`.replaceAll(pack.agency.name, ' ');
        expect(englishFound(words, forbidden), `${content.kind} to ${kind} in ${locale}:\n${words}`).toEqual([]);
      }
    }
  });
});
