import Handlebars from 'handlebars';
import type { Agency } from '../forms/agency.ts';
import { brandColorOf } from '../forms/brand.ts';
import type { Form } from '../forms/catalog.ts';
import { directionOf } from '../forms/text-direction.ts';
import type { Assessment } from '../forms/scoring.ts';
import type { ScoreSeries } from '../outcomes/score-trends.ts';
import { trendViews } from '../outcomes/trend-view.ts';
import { answeredFields } from './answered-fields.ts';
import type { TemplateLibrary } from './templates.ts';

/** What a document knows of the rest of its case. */
export interface CaseContext {
  readonly clientName: string | undefined;
  /** The language the client asked for at intake (the intake form's `x-caseforms.client.language`). */
  readonly clientLanguage: string | undefined;
  readonly caseManagerEmail: string | undefined;
  readonly assessment: { readonly title: string; readonly on: string; readonly schema: Readonly<Record<string, unknown>>; readonly answers: Readonly<Record<string, unknown>> } | undefined;
  readonly scores: ReadonlyArray<Assessment['scores'][number] & { readonly instrument: string; readonly on: string }>;
  /** Each scored instrument's scores across the case, oldest first (outcomes/score-trends.ts). */
  readonly trends: readonly ScoreSeries[];
}

export interface DocumentInput {
  readonly documentType: string;
  /** The document's language (see documentLocale). */
  readonly locale: string;
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

const strings = {
  reference: 'Reference', received: 'Received', formVersion: 'Form version', yes: 'Yes', no: 'No',
  scores: 'Scores', riskFlags: 'Risk flags', supervisorAlerted: 'supervisor alerted',
};

const TITLES: Readonly<Record<string, string>> = {
  'care-plan': 'Care plan',
  'termination-notice': 'Notice of termination of services',
  'discharge-summary': 'Discharge and transition summary',
  'review-summary': 'Case review summary',
};

/**
 * Documents only staff read. They stay in the agency's language even when the client chose another at intake and
 * the template has strings in it: those strings are there for agencies whose own language it is.
 */
const STAFF_ONLY = new Set(['review-summary']);

export function documentTitle(form: Form, documentType: string): string {
  return TITLES[documentType] ?? `${form.title}: intake summary`;
}

/**
 * The language a document is written in: the client's, when the agency serves it and the document's template has
 * strings in it (client-facing documents such as the termination notice), otherwise the agency's default.
 */
export function documentLocale(templates: TemplateLibrary, agency: Agency, documentType: string, clientLanguage: string | undefined): string {
  if (clientLanguage && !STAFF_ONLY.has(documentType) && agency.locales.includes(clientLanguage) && templates.strings(agency.id, documentType, clientLanguage)) {
    return clientLanguage;
  }
  return agency.defaultLocale;
}

/** The document's title in its language. */
export function localizedTitle(templates: TemplateLibrary, input: Pick<DocumentInput, 'agency' | 'form' | 'documentType' | 'locale'>): string {
  const title = templates.strings(input.agency.id, input.documentType, input.locale)?.title;
  return typeof title === 'string' ? title : documentTitle(input.form, input.documentType);
}

/**
 * The HTML of any document: the template named by the document type, given the answers (as `answers`, and as
 * titled `fields`), scores and flags, the agency, and dates in the agency's time zone. Templates escape every value.
 */
export function renderDocumentHtml(templates: TemplateLibrary, input: DocumentInput): string {
  const { agency, form } = input;
  const receivedAt = new Intl.DateTimeFormat(input.locale, {
    year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: agency.timeZone, timeZoneName: 'short',
  }).format(new Date(input.receivedAt));
  const documentStrings: Record<string, unknown> = { ...strings, ...templates.strings(agency.id, input.documentType, input.locale) };
  const text = (key: string) => {
    const value = documentStrings[key];
    return typeof value === 'string' ? value : undefined;
  };
  return templates.template(agency.id, input.documentType)({
    lang: input.locale,
    dir: directionOf(input.locale),
    title: localizedTitle(templates, input),
    agency,
    // The letterhead's colour (partials/styles.hbs): always #rrggbb, so it is safe inside the style block.
    brandColor: brandColorOf(agency),
    strings: documentStrings,
    caseId: input.caseId,
    submissionId: input.submissionId,
    receivedAt,
    formVersion: form.version,
    noticeDate: input.noticeDate,
    answers: input.data,
    fields: answeredFields(form.schema, input.data, strings),
    scores: input.assessment.scores,
    flags: input.assessment.flags,
    client: { name: input.caseContext?.clientName },
    caseManager: input.caseContext?.caseManagerEmail,
    caseAssessment: input.caseContext?.assessment && {
      title: input.caseContext.assessment.title,
      on: input.caseContext.assessment.on,
      fields: answeredFields(input.caseContext.assessment.schema, input.caseContext.assessment.answers, strings),
    },
    caseScores: input.caseContext?.scores ?? [],
    // The chart is markup built from escaped text (trend-chart.ts): a SafeString, so `{{chart}}` inserts it as is and
    // templates never need the unescaped `{{{…}}}` form.
    trends: trendViews(input.caseContext?.trends ?? [], {
      locale: input.locale, timeZone: agency.timeZone, pointPhrase: text('pointPhrase'), noPoints: text('noPoints'), ink: brandColorOf(agency),
    }).map(({ svg, ...view }) => ({ ...view, chart: new Handlebars.SafeString(svg) })),
  });
}
