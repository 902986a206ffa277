import type { ScoreSeries } from './score-trends.ts';
import { trendChartSvg, trendTableRows, type TrendTableRow } from './trend-chart.ts';

/** What a document or page shows of one series: its chart (SVG markup, already escaped) and the same data as rows. */
export interface TrendView {
  readonly formId: string;
  readonly scoreName: string;
  readonly title: string;
  readonly max?: number;
  readonly svg: string;
  readonly rows: readonly TrendTableRow[];
}

export interface TrendLanguage {
  readonly locale: string;
  /** Dates are the days the assessments were received where the agency is, not in UTC. */
  readonly timeZone: string;
  /** One point in the chart's description, with `{value}` and `{date}`; English by default. */
  readonly pointPhrase?: string;
  readonly noPoints?: string;
  /** Prefix of the charts' element ids; a page showing several sets of charts gives each its own. Default `trend`. */
  readonly idPrefix?: string;
  /** The agency's colour for the lines (trend-chart.ts). */
  readonly ink?: string;
}

/** Each series as a chart and table rows, with dates and numbers written in the document's language. */
export function trendViews(series: readonly ScoreSeries[], language: TrendLanguage): TrendView[] {
  const dates = new Intl.DateTimeFormat(language.locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: language.timeZone });
  const numbers = new Intl.NumberFormat(language.locale, { maximumFractionDigits: 2 });
  const formatDate = (at: string) => dates.format(new Date(at));
  const formatValue = (value: number) => numbers.format(value);
  const { pointPhrase, noPoints } = language;
  const describePoint = pointPhrase === undefined
    ? undefined
    : (value: string, date: string) => pointPhrase.replace(/\{(value|date)\}/g, (_, name: string) => (name === 'value' ? value : date));
  return series.map((one, index) => ({
    formId: one.formId,
    scoreName: one.scoreName,
    title: one.title,
    ...(one.max === undefined ? {} : { max: one.max }),
    // Ids by position: form and score ids may hold characters an id cannot.
    svg: trendChartSvg(one, { id: `${language.idPrefix ?? 'trend'}-${index + 1}`, formatDate, formatValue, describePoint, noPoints, ink: language.ink }),
    rows: trendTableRows(one, { formatDate, formatValue }),
  }));
}
