import Handlebars from 'handlebars';
import type { Agency } from '../forms/agency.ts';
import { brandColorOf } from '../forms/brand.ts';
import type { Form } from '../forms/catalog.ts';
import { valueAt } from '../../contracts/json-pointer.ts';
import { bandLabel, flagTitle, scoreTitle, untranslated, type PackLabels } from '../forms/pack-labels.ts';
import { directionOf } from '../forms/text-direction.ts';
import type { Assessment } from '../forms/scoring.ts';
import { routesFor } from '../delivery/routing.ts';
import type { ScoreSeries } from '../outcomes/score-trends.ts';
import { trendViews } from '../outcomes/trend-view.ts';
import { calendarDate } from '../forms/calendar-date.ts';
import { answeredFields } from './answered-fields.ts';
import type { TemplateLibrary } from './templates.ts';

/** What a document knows of the rest of its case. */
export interface CaseContext {
  readonly clientName: string | undefined;
  /** The language the client asked for at intake (the intake form's `x-caseforms.identity.language`). */
  readonly clientLanguage: string | undefined;
  readonly caseManagerEmail: string | undefined;
  readonly assessment: {
    readonly formId: string; readonly title: string; readonly on: string;
    readonly schema: Readonly<Record<string, unknown>>; readonly answers: Readonly<Record<string, unknown>>;
  } | undefined;
  readonly scores: ReadonlyArray<Assessment['scores'][number] & { readonly formId: string; readonly instrument: string; readonly on: string }>;
  /** Each scored instrument's scores across the case, oldest first (outcomes/score-trends.ts). */
  readonly trends: readonly ScoreSeries[];
}

export interface DocumentInput {
  readonly documentType: string;
  /** The document's language (see documentLocale). */
  readonly locale: string;
  /** The pack's words (form, field, option, score and flag titles) in the document's language; the schemas' own without it. */
  readonly labels?: PackLabels;
  readonly caseContext?: CaseContext;
  readonly agency: Agency;
  readonly form: Form;
  readonly caseId: string;
  readonly submissionId: string;
  readonly receivedAt: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly assessment: Assessment;
  /** Termination notices: the day the notice was issued, set by the server. */
  readonly noticeDate?: string;
}

/**
 * Documents written for the client: in the client's language whoever else receives them, since the client must be
 * able to read their own plan, notice or summary, and staff hand it over in person too. Staff get the same PDF,
 * with the email around it in their language. Any other document is in the client's language only when the
 * agency routes it to the client, and otherwise in the agency's (the intake summary, a review summary to staff).
 */
const CLIENT_DOCUMENTS = new Set(['care-plan', 'termination-notice', 'discharge-summary']);

/** The title of a document type no template locale names: an agency's own template without strings. */
export function documentTitle(form: Form, documentType: string): string {
  return documentType === 'intake-summary' ? `${form.title}: intake summary` : form.title;
}

/**
 * The language a document is written in: the client's, when it is a client's document (above), the agency serves
 * that language and the document's template has strings in it; otherwise the agency's default.
 */
export function documentLocale(templates: TemplateLibrary, agency: Agency, documentType: string, clientLanguage: string | undefined): string {
  const forClient = CLIENT_DOCUMENTS.has(documentType) || routesFor(agency, documentType).some((route) => route.to === 'client');
  if (clientLanguage && forClient && agency.locales.includes(clientLanguage) && templates.strings(agency.id, documentType, clientLanguage)) {
    return clientLanguage;
  }
  return agency.defaultLocale;
}

/** The document's title in its language. */
export function localizedTitle(templates: TemplateLibrary, input: Pick<DocumentInput, 'agency' | 'form' | 'documentType' | 'locale' | 'labels'>): string {
  const title = templates.strings(input.agency.id, input.documentType, input.locale)?.title;
  if (typeof title !== 'string') return documentTitle(input.form, input.documentType);
  const formTitle = input.labels?.(input.form.formId)('') ?? input.form.title;
  return title.replace('{form}', formTitle);
}

/**
 * The HTML of any document: the template named by the document type, given the answers (as `answers`, and in words
 * as titled `fields`), scores and flags, the agency, and dates in the agency's time zone, all in the document's
 * language. Templates escape every value.
 */
export function renderDocumentHtml(templates: TemplateLibrary, input: DocumentInput): string {
  const { agency, form, locale } = input;
  const labels = input.labels ?? (() => untranslated);
  const formLabels = labels(form.formId);
  const receivedAt = new Intl.DateTimeFormat(locale, {
    year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: agency.timeZone, timeZoneName: 'short',
  }).format(new Date(input.receivedAt));
  // Strings every document shares (`document`), under the document type's own.
  const documentStrings: Record<string, unknown> = { ...templates.strings(agency.id, 'document', locale), ...templates.strings(agency.id, input.documentType, locale) };
  const text = (key: string) => {
    const value = documentStrings[key];
    return typeof value === 'string' ? value : undefined;
  };
  const words = { locale, yes: text('yes') ?? 'Yes', no: text('no') ?? 'No' };
  // Staff write staff forms in the agency's language; a client writes a public form in the language they chose.
  const clientWrote = form.access !== 'staff' ? answerText(input.data, form.identity?.language) ?? input.caseContext?.clientLanguage : undefined;
  const writtenIn = clientWrote && agency.locales.includes(clientWrote) ? clientWrote : agency.defaultLocale;
  const dateAt = (pointer: string | undefined) => {
    const value = pointer === undefined ? undefined : answerText(input.data, pointer);
    return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? calendarDate(value, locale) : undefined;
  };
  const shownApart = [form.noticePeriod?.effectiveDate, form.reviewDue].filter((pointer): pointer is string => pointer !== undefined);
  const caseAssessment = input.caseContext?.assessment;
  return templates.template(agency.id, input.documentType)({
    lang: locale,
    dir: directionOf(locale),
    title: localizedTitle(templates, input),
    formTitle: formLabels('') ?? form.title,
    agency,
    agencyLang: agency.defaultLocale,
    // The letterhead's colour (partials/styles.hbs): always #rrggbb, so it is safe inside the style block.
    brandColor: brandColorOf(agency),
    strings: documentStrings,
    caseId: input.caseId,
    submissionId: input.submissionId,
    receivedAt,
    formVersion: form.version,
    noticeDate: input.noticeDate,
    // The dates the form's annotations name, whatever the pack calls its fields, written out.
    effectiveDate: dateAt(form.noticePeriod?.effectiveDate),
    reviewDue: dateAt(form.reviewDue),
    answers: input.data,
    fields: answeredFields(form.schema, input.data, { ...words, labels: formLabels, writtenIn, omit: shownApart }),
    scores: input.assessment.scores.map((score) => ({
      ...score, title: scoreTitle(formLabels, score.id, score.title), band: bandLabel(formLabels, score.id, score.band),
    })),
    flags: input.assessment.flags.map((flag) => ({ ...flag, title: flagTitle(formLabels, flag.id, flag.title) })),
    client: { name: input.caseContext?.clientName },
    caseManager: input.caseContext?.caseManagerEmail,
    caseAssessment: caseAssessment && {
      title: labels(caseAssessment.formId)('') ?? caseAssessment.title,
      on: calendarDate(caseAssessment.on, locale),
      fields: answeredFields(caseAssessment.schema, caseAssessment.answers, { ...words, labels: labels(caseAssessment.formId), writtenIn: agency.defaultLocale }),
    },
    caseScores: (input.caseContext?.scores ?? []).map((score) => {
      const own = labels(score.formId);
      return {
        ...score, instrument: own('') ?? score.instrument, title: scoreTitle(own, score.id, score.title),
        band: bandLabel(own, score.id, score.band), on: calendarDate(score.on, locale),
      };
    }),
    // The chart is markup built from escaped text (trend-chart.ts): a SafeString, so `{{chart}}` inserts it as is and
    // templates never need the unescaped `{{{…}}}` form.
    trends: trendViews((input.caseContext?.trends ?? []).map((series) => {
      const own = labels(series.formId);
      return { ...series, title: scoreTitle(own, series.scoreName, series.title), points: series.points.map((point) => ({ ...point, band: bandLabel(own, series.scoreName, point.band) })) };
    }), {
      locale, timeZone: agency.timeZone, pointPhrase: text('pointPhrase'), noPoints: text('noPoints'), ink: brandColorOf(agency),
    }).map(({ svg, ...view }) => ({ ...view, chart: new Handlebars.SafeString(svg) })),
  });
}

function answerText(data: Readonly<Record<string, unknown>>, pointer: string | undefined): string | undefined {
  const value = pointer === undefined ? undefined : valueAt(data, pointer);
  return typeof value === 'string' ? value : undefined;
}
